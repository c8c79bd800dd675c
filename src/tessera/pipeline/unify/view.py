"""The 360° view of one profile, its timeline, and profile search.

Everything a salesperson, marketer or service agent reads about one person: golden attributes
with their sources, every identifier (primary first, shared ones flagged), household, traits,
the cross-channel timeline, address history and merge history.

Lookups stay fast at millions of profiles by reading the per-profile tables the unify step
writes and indexes (:mod:`tessera.pipeline.unify.lookups`) through index scans only.

They are as fresh as the golden record (``tessera resolve`` runs unify). Before the first
unify, the view computes the same sections from the records instead.

An identifier two or more profiles carry designates none of them: every lookup of it raises
:class:`~tessera.errors.AmbiguousReference` with a summary of each candidate
(:mod:`tessera.pipeline.unify.candidates`).
"""

from __future__ import annotations

import datetime as dt
import json
import weakref
from typing import Any, Literal

from tessera.config import WorkspaceConfig
from tessera.engines.base import Engine
from tessera.errors import AmbiguousReference, ReferenceNotFound
from tessera.pipeline.resolve.refs import current_profile_id, identifier_key, resolve_ref
from tessera.pipeline.sql import keys_filter
from tessera.pipeline.standardize import match_key
from tessera.pipeline.unify.candidates import (
    MAX_CANDIDATES,
    bare_summary,
    candidate_summary,
    from_documents,
    ordered,
)
from tessera.pipeline.unify.documents import DOCUMENTS, stored_document
from tessera.pipeline.unify.lookups import EVENT_SUMMARY, IDENTIFIERS

TRAITS = "profile_traits"

# Per engine, the lookup tables known to exist (none is dropped once made, except
# profile_traits for an instant while traits are rebuilt).
_READY: weakref.WeakKeyDictionary[Any, set[str]] = weakref.WeakKeyDictionary()


def _exists(engine: Engine, table: str) -> bool:
    """Whether ``table`` exists; a positive answer is remembered (asking costs ~1 ms)."""
    try:
        known = _READY.setdefault(engine, set())
    except TypeError:  # an engine that cannot be weakly referenced: ask every time
        return engine.table_exists(table)
    if table not in known and engine.table_exists(table):
        known.add(table)
    return table in known


def _rows(engine: Engine, sql: str, params: list[Any], order: str = "") -> list[dict[str, Any]]:
    """Rows of ``sql`` as dicts, each fetched as one struct (a point lookup: cheaper than
    going through Arrow); ``order`` sorts them by columns of ``sql`` (``_r.<column>``)."""
    order_by = f" ORDER BY {order}" if order else ""
    return [r[0] for r in engine.fetchall(f"SELECT _r FROM ({sql}) _r{order_by}", params)]


def _members(engine: Engine, profile_id: str) -> list[tuple[str, str]]:
    """The profile's (source, record_id) keys (a scan: ``profile_members`` has no index)."""
    return [
        (r[0], r[1])
        for r in engine.fetchall(
            "SELECT source, record_id FROM profile_members WHERE profile_id = ?", [profile_id]
        )
    ]


def profile_id_for(engine: Engine, config: WorkspaceConfig, ref: str) -> tuple[str, str | None]:
    """(profile id, old id it was redirected from) for any reference; one profile only
    (:class:`AmbiguousReference`, with the candidates' summaries, for an identifier several
    profiles carry)."""
    return _fast_profile_id(engine, config, ref) or _general_profile_id(engine, config, ref)


def _general_profile_id(
    engine: Engine, config: WorkspaceConfig, ref: str
) -> tuple[str, str | None]:
    """:func:`profile_id_for` without the index lookups: through the records' membership."""
    try:
        r = resolve_ref(engine, config, ref)
    except AmbiguousReference as exc:
        raise _with_candidates(engine, config, exc) from None
    if r.kind == "profile" and r.profile_id:
        return r.profile_id, r.redirected_from
    where, params = keys_filter("m", r.records)
    profiles = sorted(
        row[0]
        for row in engine.fetchall(
            f"SELECT DISTINCT m.profile_id FROM profile_members m WHERE {where}", params
        )
    )
    if not profiles:
        raise ReferenceNotFound(f"no profile for {ref} (run 'tessera resolve')")
    if len(profiles) > 1:  # resolve_ref raises first for identifiers: a last guard
        raise _with_candidates(engine, config, AmbiguousReference(ref.strip(), profiles))
    return profiles[0], None


def _with_candidates(
    engine: Engine, config: WorkspaceConfig, exc: AmbiguousReference
) -> AmbiguousReference:
    """``exc`` with each candidate's summary, from its document as the lookup tables give
    it (as the stored path summarises stored documents), plus for the command line the
    profile's number of records (``profile_records``) and the records carrying the identifier
    (``carried_by``, ``source:record_id``)."""
    key = identifier_lookup_key(config, exc.ref)
    namespace = exc.ref.partition(":")[0]
    ids = exc.profile_ids[:MAX_CANDIDATES]
    where = f"profile_id IN ({', '.join('?' for _ in ids)})"
    sizes = dict(
        engine.fetchall(
            f"SELECT profile_id, count(*) FROM profile_members WHERE {where} GROUP BY ALL", ids
        )
    )
    summaries = []
    for pid in ids:
        try:
            doc = profile_view(engine, config, pid, mode="document") if key else None
        except ReferenceNotFound:  # merged away meanwhile
            doc = None
        summary = candidate_summary(doc, namespace, key, config) if doc and key else None
        summary = summary or bare_summary(pid)
        carried = exc.carriers.get(pid, [])
        summary["profile_records"] = int(sizes.get(pid, 0))
        summary["carried_by"] = [f"{source}:{record_id}" for source, record_id in carried]
        summaries.append(summary)
    return AmbiguousReference(exc.ref, exc.profile_ids, ordered(summaries), exc.carriers)


def identifier_lookup_key(config: WorkspaceConfig, ref: str) -> str | None:
    """The match key ``profile_identifiers`` finds an identifier reference
    (``namespace:value``) by; None for a record reference (``source:record_id``), an unknown
    namespace or a value that does not standardize."""
    prefix, sep, rest = ref.strip().partition(":")
    if not sep or prefix in config.sources or prefix not in config.namespaces():
        return None
    key, _reason = identifier_key(config, prefix, rest)
    return key


def _carriers(engine: Engine, config: WorkspaceConfig, ref: str) -> tuple[str, set[str]] | None:
    """(matching key, the profiles carrying it as of the last unify) of an identifier
    reference, by index lookup; None for other references or before the first unify."""
    key = identifier_lookup_key(config, ref)
    if key is None or not _exists(engine, IDENTIFIERS):
        return None
    prefix = ref.strip().partition(":")[0]
    # only the indexed column in SQL: with a filter on another column as well, DuckDB 2.0
    # scans the table instead of using the index (seen here); the namespace is checked below
    found = {
        r[0]
        for r in engine.fetchall(
            f"SELECT profile_id, namespace FROM {IDENTIFIERS} WHERE match_key = ?", [key]
        )
        if r[1] == prefix
    }
    return key, found


def _fast_profile_id(
    engine: Engine, config: WorkspaceConfig, ref: str, *, verify: bool = True
) -> tuple[str, str | None] | None:
    """Index lookups for a profile id or ``namespace:value`` (via ``profile_identifiers``);
    None when the slower general path must answer (record references, unknown identifiers or
    ones several profiles carry, lookup tables not built yet). ``verify=False`` skips
    checking that a profile found by identifier still exists (the caller reads it anyway)."""
    ref = ref.strip()
    _prefix, sep, _rest = ref.partition(":")
    if not sep:
        current, old = current_profile_id(engine, ref)
        return (current, old) if current is not None else None
    carriers = _carriers(engine, config, ref)
    if carriers is None or len(carriers[1]) != 1:
        return None
    pid = carriers[1].pop()
    if not verify:
        return pid, None
    # as fresh as the last unify: a profile merged away since then redirects
    current, _old = current_profile_id(engine, pid)
    return (current, None) if current is not None else None


def timeline(
    engine: Engine,
    profile_id: str,
    *,
    event_type: str | None = None,
    channel: str | None = None,
    since: dt.datetime | None = None,
    until: dt.datetime | None = None,
    limit: int = 50,
    offset: int = 0,
    members: list[tuple[str, str]] | None = None,
) -> list[dict[str, Any]]:
    """The profile's events, newest first, filtered and paged (``members``: the profile's
    record keys when the caller has them already)."""
    if members is None:
        members = _members(engine, profile_id)
    where, keys = keys_filter("e", members)
    return engine.fetch_dicts(
        "SELECT e.occurred_at, e.source, e.record_id, e.event_type, e.event_name, "
        "coalesce(e.channel, e.source) AS channel, e.status, e.amount, e.currency, "
        "e.category, e.items, e.url, e.subject FROM records e "
        f"WHERE {where} AND e.kind = 'event' "
        "AND (?::VARCHAR IS NULL OR e.event_type = lower(?)) "
        "AND (?::VARCHAR IS NULL OR coalesce(e.channel, e.source) = lower(?)) "
        "AND (?::TIMESTAMPTZ IS NULL OR e.occurred_at >= ?) "
        "AND (?::TIMESTAMPTZ IS NULL OR e.occurred_at < ?) "
        "ORDER BY e.occurred_at DESC NULLS LAST, e.source, e.record_id LIMIT ? OFFSET ?",
        [
            *keys,
            event_type,
            event_type,
            channel,
            channel,
            since,
            since,
            until,
            until,
            limit,
            offset,
        ],
    )


ViewMode = Literal["full", "summary", "document"]


def profile_view(
    engine: Engine, config: WorkspaceConfig, ref: str, *, mode: ViewMode = "full"
) -> dict[str, Any]:
    """The profile ``ref`` designates.

    ``mode="full"``: the whole 360° view (recent events, address and merge history, person
    records: these read the profile's records). ``"summary"``: the profile document the API
    serves — golden attributes, identifiers, household, traits — plus events per type;
    ``"document"``: without the events per type. Both are index lookups only once unified;
    the timeline itself is paged with :func:`timeline`.
    """
    fast = _fast_profile_id(engine, config, ref, verify=False)
    pid, redirected = fast or _general_profile_id(engine, config, ref)
    if mode != "full" and all(_exists(engine, t) for t in (IDENTIFIERS, EVENT_SUMMARY, TRAITS)):
        doc = _document(engine, pid, redirected, mode)
        if doc is None and fast:  # found by identifier, merged away since the last unify
            pid, redirected = profile_id_for(engine, config, ref)
            doc = _document(engine, pid, redirected, mode)
        if doc is not None:
            return doc
    head = engine.fetchall(
        "SELECT created_at, household_id FROM profiles WHERE profile_id = ?", [pid]
    )
    if not head and fast:  # found by identifier, merged away since the last unify
        pid, redirected = profile_id_for(engine, config, ref)
        head = engine.fetchall(
            "SELECT created_at, household_id FROM profiles WHERE profile_id = ?", [pid]
        )
    golden = _rows(
        engine,
        "SELECT attribute, value, parts, source, record_id, observed_at, rule, alternatives "
        "FROM golden_attributes WHERE profile_id = ?",
        [pid],
        "_r.attribute",
    )
    keys = _members(engine, pid) if mode == "full" else []
    identifiers = _identifiers(engine, pid, keys)
    traits = (
        _rows(
            engine, "SELECT * EXCLUDE (profile_id) FROM profile_traits WHERE profile_id = ?", [pid]
        )
        if _exists(engine, TRAITS)
        else []
    )
    household_id = head[0][1] if head else None
    household = _household(engine, pid, household_id)
    view: dict[str, Any] = {
        "profile_id": pid,
        "redirected_from": redirected,
        "created_at": head[0][0] if head else None,
        "golden": golden,
        "identifiers": identifiers,
        "household": {"household_id": household_id, "members": household},
        "traits": traits[0] if traits else {},
    }
    if mode != "document":
        view["timeline_summary"] = _event_summary(engine, pid, keys)
    if mode == "full":
        view.update(_history_sections(engine, pid, keys))
    return view


_GOLDEN_COLUMNS = (
    "attribute",
    "value",
    "parts",
    "source",
    "record_id",
    "observed_at",
    "rule",
    "alternatives",
)
_IDENTIFIER_COLUMNS = ("namespace", "value", "status", "sources", "first_seen", "last_seen")
_NEVER = dt.datetime.min.replace(tzinfo=dt.UTC)


_DOCUMENT_SQL = f"""
SELECT
 (SELECT list(struct_pack(created_at, household_id)) FROM profiles WHERE profile_id = $1),
 (SELECT list(struct_pack({", ".join(_GOLDEN_COLUMNS)}))
  FROM golden_attributes WHERE profile_id = $1),
 (SELECT list(struct_pack({", ".join(_IDENTIFIER_COLUMNS)}, records, match_key))
  FROM {IDENTIFIERS} WHERE profile_id = $1),
 (SELECT list(struct_pack(namespace, match_key)) FROM shared_identifiers
  WHERE match_key IN (SELECT match_key FROM {IDENTIFIERS} WHERE profile_id = $1)),
 (SELECT list(t) FROM {TRAITS} t WHERE profile_id = $1),
 (SELECT list(struct_pack(event_type, events, first_at, last_at))
  FROM {EVENT_SUMMARY} WHERE profile_id = $1 AND $2)
"""


def _document(
    engine: Engine, pid: str, redirected: str | None, mode: ViewMode
) -> dict[str, Any] | None:
    """The profile document from the lookup tables (they exist), in one statement: one
    single-column index lookup per table, each its own scalar subquery (one pipeline each;
    cheaper than one query joining them all), the few rows ordered here — one statement,
    because under load each statement's return waits for the interpreter lock again.
    None when the profile does not exist."""
    row = engine.fetchall(_DOCUMENT_SQL, [pid, mode != "document"])[0]
    head, golden_rows, found, shared_rows, traits, events = (r or [] for r in row)
    if not head:
        return None
    created_at, household_id = head[0]["created_at"], head[0]["household_id"]
    golden = [{c: _parsed(c, g[c]) for c in _GOLDEN_COLUMNS} for g in golden_rows]
    golden.sort(key=lambda g: g["attribute"])
    shared = {(r["namespace"], r["match_key"]) for r in shared_rows}
    identifiers = [
        {
            "namespace": r["namespace"],
            "value": r["value"],
            "status": r["status"],
            "shared": (r["namespace"], r["match_key"]) in shared,
            "sources": r["sources"],
            "first_seen": r["first_seen"],
            "last_seen": r["last_seen"],
            "records": r["records"],
        }
        for r in found
    ]
    # namespace, valid first, last seen newest first (never seen last), value
    identifiers.sort(key=lambda i: i["value"] or "")
    identifiers.sort(key=lambda i: i["last_seen"] or _NEVER, reverse=True)
    identifiers.sort(key=lambda i: (i["namespace"], i["status"] != "valid"))
    trait_values: dict[str, Any] = dict(traits[0]) if traits else {}
    trait_values.pop("profile_id", None)
    doc: dict[str, Any] = {
        "profile_id": pid,
        "redirected_from": redirected,
        "created_at": created_at,
        "golden": golden,
        "identifiers": _mark_primary(identifiers),
        "household": {
            "household_id": household_id,
            "members": _household(engine, pid, household_id),
        },
        "traits": trait_values,
    }
    if mode != "document":
        summary = [
            {
                "event_type": r["event_type"],
                "events": r["events"],
                "first": r["first_at"],
                "last": r["last_at"],
            }
            for r in events
        ]
        summary.sort(key=lambda e: (-e["events"], e["event_type"] or ""))
        doc["timeline_summary"] = summary
    return doc


def stored_profile_document(engine: Engine, config: WorkspaceConfig, ref: str) -> str | None:
    """The stored profile document (JSON text, ``mode="summary"``'s content) of the profile
    ``ref`` designates — an identifier or a current profile id — with ``redirected_from``;
    None when it must be assembled instead (documents not written yet, a record reference, a
    profile merged away or created since the last unify).

    An identifier two or more profiles carry raises :class:`AmbiguousReference`, its
    candidates summarised from their stored documents (as the profile mirror does; None when
    one of them has none)."""
    if not _exists(engine, DOCUMENTS):
        return None
    if ":" in ref.strip():
        carriers = _carriers(engine, config, ref)
        if carriers is None or not carriers[1]:
            return None
        key, found = carriers
        if len(found) > 1:
            ambiguity = from_documents(
                ref, key, sorted(found), lambda p: stored_document(engine, p), config
            )
            if ambiguity is None:
                return None
            raise ambiguity
        pid = found.pop()
    else:
        pid = ref.strip()
    return served_document(stored_document(engine, pid))


def served_document(doc: str | None) -> str | None:
    """A stored document as the API serves it, with ``"redirected_from": null`` (a stored
    document is found by an identifier or a current profile id: nothing was redirected);
    None when there is no usable one."""
    if doc is None or not doc.startswith("{"):
        return None
    return '{"redirected_from": null, ' + doc[1:]


def _parsed(column: str, value: Any) -> Any:
    """JSON columns (a golden value's parts and alternatives) as objects, not text."""
    if column in ("parts", "alternatives") and isinstance(value, str):
        return json.loads(value)
    return value


def _household(engine: Engine, pid: str, household_id: str | None) -> list[dict[str, Any]]:
    """The other members of the profile's household, with their golden names (two index
    lookups: a join would scan every golden name)."""
    if not household_id:
        return []
    # each query filters on its indexed column only (see _fast_profile_id)
    members = sorted(
        r[0]
        for r in engine.fetchall(
            "SELECT profile_id FROM households WHERE household_id = ?", [household_id]
        )
        if r[0] != pid
    )
    if not members:
        return []
    names = {
        r[0]: r[2]
        for r in engine.fetchall(
            "SELECT profile_id, attribute, value FROM golden_attributes "
            f"WHERE profile_id IN ({', '.join('?' for _ in members)})",
            members,
        )
        if r[1] == "name"
    }
    return [{"profile_id": m, "name": names.get(m)} for m in members]


def _mark_primary(identifiers: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Flag the first valid identifier of each namespace as the primary one."""
    seen: set[str] = set()
    for ident in identifiers:
        ident["primary"] = ident["status"] == "valid" and ident["namespace"] not in seen
        if ident["primary"]:
            seen.add(ident["namespace"])
    return identifiers


def _identifiers(engine: Engine, pid: str, keys: list[tuple[str, str]]) -> list[dict[str, Any]]:
    """The profile's identifiers, primary first per namespace, shared ones flagged."""
    if _exists(engine, IDENTIFIERS):
        rows = _rows(
            engine,
            # shared is read now: another profile may have come to carry the value since
            "SELECT namespace, value, status, (namespace, match_key) IN "
            "(SELECT (namespace, match_key) FROM shared_identifiers) AS shared, sources, "
            f"first_seen, last_seen, records FROM {IDENTIFIERS} WHERE profile_id = ?",
            [pid],
            "_r.namespace, (_r.status = 'valid') DESC, _r.last_seen DESC NULLS LAST, _r.value",
        )
    else:  # not unified yet: from the records themselves
        keys = keys or _members(engine, pid)
        in_i, p_i = keys_filter("i", keys)
        in_r, p_r = keys_filter("r", keys)
        rows = engine.fetch_dicts(
            "WITH i AS (SELECT * FROM identifiers i WHERE " + in_i + "), "
            "r AS (SELECT source, record_id, occurred_at, updated_at FROM records r WHERE "
            + in_r
            + ") "
            "SELECT i.namespace, coalesce(i.value, i.raw_value) AS value, i.status, "
            "s.namespace IS NOT NULL AS shared, "
            "list(DISTINCT i.source ORDER BY i.source) AS sources, "
            "min(coalesce(r.occurred_at, r.updated_at)) AS first_seen, "
            "max(coalesce(r.occurred_at, r.updated_at)) AS last_seen, count(*) AS records "
            "FROM i JOIN r USING (source, record_id) "
            "LEFT JOIN (SELECT DISTINCT namespace, match_key FROM shared_identifiers) s "
            "ON s.namespace = i.namespace AND s.match_key = i.match_key "
            "GROUP BY i.namespace, coalesce(i.value, i.raw_value), "
            "i.status, s.namespace IS NOT NULL "
            "ORDER BY i.namespace, (i.status = 'valid') DESC, last_seen DESC NULLS LAST, value",
            [*p_i, *p_r],
        )
    return _mark_primary(rows)


def _event_summary(engine: Engine, pid: str, keys: list[tuple[str, str]]) -> list[dict[str, Any]]:
    """Events per type: how many, first and last."""
    if _exists(engine, EVENT_SUMMARY):
        return _rows(
            engine,
            "SELECT event_type, events, first_at AS first, last_at AS last "
            f"FROM {EVENT_SUMMARY} WHERE profile_id = ?",
            [pid],
            "_r.events DESC, _r.event_type",
        )
    in_r, p_r = keys_filter("r", keys or _members(engine, pid))
    return engine.fetch_dicts(
        "SELECT r.event_type, count(*) AS events, min(r.occurred_at) AS first, "
        f"max(r.occurred_at) AS last FROM records r WHERE {in_r} AND r.kind = 'event' "
        "GROUP BY ALL ORDER BY events DESC, event_type",
        p_r,
    )


def _history_sections(
    engine: Engine, pid: str, keys: list[tuple[str, str]]
) -> dict[str, list[dict[str, Any]]]:
    """Recent events, address history, merge history and person records of the full view."""
    in_r, p_r = keys_filter("r", keys)
    in_h, p_h = keys_filter("h", keys)
    addresses = engine.fetch_dicts(
        "WITH seen AS (SELECT concat_ws(', ', a.address_line1, concat_ws(' ', a.postcode, "
        "a.city), a.country) AS address, coalesce(a.occurred_at, a.updated_at) AS seen_at "
        "FROM (SELECT address_line1, postcode, city, country, occurred_at, updated_at "
        f"FROM records r WHERE {in_r} UNION ALL SELECT address_line1, postcode, city, "
        f"country, occurred_at, updated_at FROM record_history h WHERE {in_h}) a "
        "WHERE a.address_line1 IS NOT NULL), "
        "spans AS (SELECT address, min(seen_at) AS since, max(seen_at) AS last_seen "
        "FROM seen GROUP BY 1) "
        "SELECT address, since, lead(since) OVER (ORDER BY since) AS until FROM spans "
        "ORDER BY since DESC NULLS LAST",
        [*p_r, *p_h],
    )
    history = engine.fetch_dicts(
        "SELECT changed_at AS happened_at, 'merged into this profile' AS event, old_id AS other "
        "FROM profile_redirects WHERE new_id = ? UNION ALL "
        "SELECT h.changed_at, h.event, h.related_id FROM profile_history h WHERE h.profile_id = ? "
        "ORDER BY happened_at",
        [pid, pid],
    )
    records = engine.fetch_dicts(
        "SELECT r.source, r.record_id, r.kind, r.updated_at FROM records r "
        f"WHERE {in_r} AND r.kind = 'person' ORDER BY r.source, r.record_id",
        p_r,
    )
    return {
        "recent_events": timeline(engine, pid, members=keys, limit=10),
        "addresses": addresses,
        "history": history,
        "person_records": records,
    }


def search(
    engine: Engine, config: WorkspaceConfig, query: str, limit: int = 20
) -> list[dict[str, Any]]:
    """Profiles by e-mail, phone or (typo-tolerant) name, best first."""
    text = query.strip()
    for ns in ("email", "phone"):
        key, _reason = identifier_key(config, ns, text)
        if key and (ns == "email") == ("@" in text):
            found = engine.fetch_dicts(
                "SELECT DISTINCT m.profile_id, g.value AS name, 1.0 AS score FROM identifiers i "
                "JOIN profile_members m USING (source, record_id) LEFT JOIN golden_attributes g "
                "ON g.profile_id = m.profile_id AND g.attribute = 'name' "
                "WHERE i.namespace = ? AND i.match_key = ? LIMIT ?",
                [ns, key, limit],
            )
            if found:
                return found
    key = match_key(text) or ""
    return engine.fetch_dicts(
        "SELECT profile_id, value AS name, round(jaro_winkler_similarity(k, ?), 3) AS score "
        "FROM (SELECT profile_id, value, lower(strip_accents(replace(value, 'ł', 'l'))) AS k "
        "FROM golden_attributes WHERE attribute = 'name') "
        "WHERE jaro_winkler_similarity(k, ?) >= 0.85 ORDER BY score DESC, name LIMIT ?",
        [key, key, limit],
    )
