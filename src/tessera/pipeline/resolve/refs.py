"""References a user types: ``source:record_id``, ``namespace:value`` or a profile id.

An identifier value is standardized exactly as on import (``email:ANA@X.pt`` finds
``ana@x.pt``; ``phone:333 1234567`` uses the workspace's default country), then looked up by
its matching key. A profile id that was merged away follows its redirect.

An identifier several profiles carry (a couple's shared e-mail, a family landline, two people
resolution kept apart on conflicting evidence) designates none of them alone: resolving it
raises :class:`~tessera.errors.AmbiguousReference` with their ids, never picks one.
"""

from __future__ import annotations

from dataclasses import dataclass

from tessera.config import WorkspaceConfig
from tessera.engines.base import Engine
from tessera.errors import AmbiguousReference, ReferenceNotFound
from tessera.pipeline.identifiers import IdentifierStandardizer
from tessera.pipeline.standardize import JunkMatcher


@dataclass(frozen=True, slots=True)
class Resolved:
    """What a reference points at."""

    ref: str
    kind: str  # record | identifier | profile
    records: list[tuple[str, str]]
    profile_id: str | None = None
    redirected_from: str | None = None


def current_profile_id(engine: Engine, profile_id: str) -> tuple[str | None, str | None]:
    """(current id, the old id it was redirected from) for a profile id, or (None, None)."""
    if engine.fetchall("SELECT 1 FROM profiles WHERE profile_id = ?", [profile_id]):
        return profile_id, None
    rows = engine.fetchall("SELECT new_id FROM profile_redirects WHERE old_id = ?", [profile_id])
    return (rows[0][0], profile_id) if rows else (None, None)


def identifier_key(config: WorkspaceConfig, namespace: str, raw: str) -> tuple[str | None, str]:
    """(matching key, or None with the reason) of a typed identifier value, standardized as
    on import (phones read with the workspace's default country)."""
    ns = config.namespaces()[namespace]
    fn = IdentifierStandardizer(namespace, ns.type, config.defaults.country, JunkMatcher({}))
    _value, key, _status, reason = fn(raw)
    return key, reason or ""


def resolve_ref(engine: Engine, config: WorkspaceConfig, ref: str) -> Resolved:
    """The records a reference designates; :class:`ReferenceNotFound` when there are none,
    :class:`AmbiguousReference` for an identifier two or more profiles carry."""
    ref = ref.strip()
    prefix, sep, rest = ref.partition(":")
    if not sep:
        current, old = current_profile_id(engine, ref)
        if current is None:
            raise ReferenceNotFound(f"no profile for {ref}")
        records = engine.fetchall(
            "SELECT source, record_id FROM profile_members WHERE profile_id = ? "
            "ORDER BY source, record_id",
            [current],
        )
        return Resolved(ref, "profile", [tuple(r) for r in records], current, old)
    if prefix in config.sources:
        rows = engine.fetchall(
            "SELECT r.source, r.record_id, m.profile_id FROM records r LEFT JOIN "
            "profile_members m USING (source, record_id) WHERE r.source = ? AND r.record_id = ?",
            [prefix, rest],
        )
        if not rows:
            raise ReferenceNotFound(f"no record {ref} (no record '{rest}' in source '{prefix}')")
        return Resolved(ref, "record", [(rows[0][0], rows[0][1])], rows[0][2])
    namespaces = config.namespaces()
    if prefix in namespaces:
        key, reason = identifier_key(config, prefix, rest)
        if key is None:
            raise ReferenceNotFound(f"no profile for {ref} ({reason})")
        rows = engine.fetchall(
            "SELECT DISTINCT i.source, i.record_id, m.profile_id FROM identifiers i "
            "LEFT JOIN profile_members m USING (source, record_id) "
            "WHERE i.namespace = ? AND i.match_key = ? ORDER BY 1, 2",
            [prefix, key],
        )
        if not rows:
            raise ReferenceNotFound(f"no profile for {ref}")
        carriers: dict[str, list[tuple[str, str]]] = {}
        for source, record_id, profile_id in rows:
            if profile_id:  # a record not resolved yet belongs to no profile
                carriers.setdefault(profile_id, []).append((source, record_id))
        if len(carriers) > 1:
            raise AmbiguousReference(ref, list(carriers), carriers=carriers)
        profile = next(iter(carriers), None)
        return Resolved(ref, "identifier", [(r[0], r[1]) for r in rows], profile)
    known = ", ".join(sorted([*config.sources, *namespaces]))
    raise ReferenceNotFound(
        f"cannot read reference {ref}: '{prefix}' is neither a source nor an identifier "
        f"namespace (known: {known})"
    )
