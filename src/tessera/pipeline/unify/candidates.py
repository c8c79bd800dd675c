"""The candidates of an ambiguous lookup: one short summary per profile carrying an identifier.

An identifier two or more profiles carry (:class:`~tessera.errors.AmbiguousReference`) is
answered with the list of those profiles, so that the caller can pick one by id. Each summary
is read from the profile's document alone — the stored one, the profile mirror's copy of it
(ADR 0009) or one assembled from the lookup tables — by the one function here, so that every
path gives the same answer for the same documents:

- ``name``, ``city`` (of the golden address), ``birth_year`` (of the golden birth date);
- ``records``: how many of the profile's records carry the identifier; ``sources``: theirs;
- ``shared``: whether the identifier is listed in ``shared_identifiers`` (carried by people
  with different names or birth dates, or by more records than its limit);
- ``events``: the profile's number of events (its ``events`` trait).

Candidates are ordered most records carrying the identifier first, then most events, then by
profile id; at most :data:`MAX_CANDIDATES` are summarised (the first profile ids: a value that
hundreds of profiles carry is junk, and one lookup must stay a handful of reads).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import orjson

from tessera.config import WorkspaceConfig
from tessera.errors import AmbiguousReference
from tessera.pipeline.resolve.refs import identifier_key

#: Profiles summarised per ambiguous lookup (all of them are counted and named by id).
MAX_CANDIDATES = 20
#: The fields of a summary, in order.
SUMMARY_FIELDS = (
    "profile_id",
    "name",
    "city",
    "birth_year",
    "records",
    "events",
    "sources",
    "shared",
)


def _golden(doc: Mapping[str, Any], attribute: str) -> Mapping[str, Any] | None:
    return next((g for g in doc.get("golden") or [] if g.get("attribute") == attribute), None)


def _city(doc: Mapping[str, Any]) -> str | None:
    address = _golden(doc, "address")
    parts = address.get("parts") if address else None
    if isinstance(parts, str):  # assembled before the first unify: JSON text
        parts = orjson.loads(parts)
    city = parts.get("city") if isinstance(parts, Mapping) else None
    return str(city) if city else None


def _birth_year(doc: Mapping[str, Any]) -> int | None:
    birth = _golden(doc, "birth_date")
    year = str(birth.get("value") or "")[:4] if birth else ""
    return int(year) if len(year) == 4 and year.isdigit() else None


def candidate_summary(
    doc: Mapping[str, Any], namespace: str, key: str, config: WorkspaceConfig
) -> dict[str, Any]:
    """The summary of one profile document for an identifier of ``namespace`` whose matching
    key is ``key``."""
    records, shared = 0, False
    sources: set[str] = set()
    for ident in doc.get("identifiers") or []:
        value = ident.get("value")
        if ident.get("namespace") != namespace or not value:
            continue
        # the document shows values, not matching keys: a value standardizes to the same key
        # again (phones, handles and ids are their own key; e-mails may be looser: gmail dots)
        if value != key and identifier_key(config, namespace, str(value))[0] != key:
            continue
        records += int(ident.get("records") or 0)
        sources.update(ident.get("sources") or [])
        shared = shared or bool(ident.get("shared"))
    name = _golden(doc, "name")
    traits = doc.get("traits") or {}
    events = traits.get("events") if isinstance(traits, Mapping) else None
    return {
        "profile_id": doc["profile_id"],
        "name": name.get("value") if name else None,
        "city": _city(doc),
        "birth_year": _birth_year(doc),
        "records": records,
        "events": int(events) if isinstance(events, int | float) else None,
        "sources": sorted(sources),
        "shared": shared,
    }


def bare_summary(profile_id: str) -> dict[str, Any]:
    """The summary of a profile whose document cannot be read (gone meanwhile)."""
    summary: dict[str, Any] = dict.fromkeys(SUMMARY_FIELDS)
    summary.update(profile_id=profile_id, records=0, sources=[], shared=False)
    return summary


def ordered(candidates: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """Most likely first: most records carrying the identifier, most events, profile id."""
    return sorted(candidates, key=lambda c: (-c["records"], -(c["events"] or 0), c["profile_id"]))


def from_documents(
    ref: str,
    key: str,
    profile_ids: Sequence[str],
    document: Callable[[str], str | None],
    config: WorkspaceConfig,
) -> AmbiguousReference | None:
    """The ambiguity of identifier ``ref`` (matching key ``key``) carried by ``profile_ids``
    (two or more), summarised from the stored documents ``document(profile_id)`` reads; None
    when one of them has no stored document (the caller assembles them instead)."""
    namespace = ref.strip().partition(":")[0]
    ids = sorted(set(profile_ids))
    summaries = []
    for pid in ids[:MAX_CANDIDATES]:
        text = document(pid)
        if text is None:
            return None
        summaries.append(candidate_summary(orjson.loads(text), namespace, key, config))
    return AmbiguousReference(ref.strip(), ids, ordered(summaries))
