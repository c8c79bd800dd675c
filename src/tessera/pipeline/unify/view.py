"""The 360° view of one profile, its timeline, and profile search.

Everything a salesperson, marketer or service agent reads about one person: golden attributes
with their sources, every identifier (primary first, shared ones flagged), household, traits,
the cross-channel timeline, address history and merge history.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from tessera.config import WorkspaceConfig
from tessera.engines.base import Engine
from tessera.errors import ReferenceNotFound
from tessera.pipeline.resolve.refs import identifier_key, resolve_ref
from tessera.pipeline.sql import keys_filter
from tessera.pipeline.standardize import match_key


def _members(engine: Engine, profile_id: str) -> list[tuple[str, str]]:
    """The profile's (source, record_id) keys: one indexed lookup."""
    return [
        (r[0], r[1])
        for r in engine.fetchall(
            "SELECT source, record_id FROM profile_members WHERE profile_id = ?", [profile_id]
        )
    ]


def profile_id_for(engine: Engine, config: WorkspaceConfig, ref: str) -> tuple[str, str | None]:
    """(profile id, old id it was redirected from) for any reference; one profile only."""
    r = resolve_ref(engine, config, ref)
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
    if len(profiles) > 1:
        raise ReferenceNotFound(
            f"{ref} is carried by {len(profiles)} profiles (a shared identifier): "
            f"{', '.join(profiles[:5])}"
        )
    return profiles[0], None


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
) -> list[dict[str, Any]]:
    """The profile's events, newest first, filtered and paged."""
    where, keys = keys_filter("e", _members(engine, profile_id))
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


def profile_view(engine: Engine, config: WorkspaceConfig, ref: str) -> dict[str, Any]:
    """The whole 360° view of the profile ``ref`` designates."""
    pid, redirected = profile_id_for(engine, config, ref)
    head = engine.fetch_dicts("SELECT * FROM profiles WHERE profile_id = ?", [pid])
    golden = engine.fetch_dicts(
        "SELECT attribute, value, parts, source, record_id, observed_at, rule, alternatives "
        "FROM golden_attributes WHERE profile_id = ? ORDER BY attribute",
        [pid],
    )
    keys = _members(engine, pid)
    in_i, p_i = keys_filter("i", keys)
    in_r, p_r = keys_filter("r", keys)
    in_h, p_h = keys_filter("h", keys)
    identifiers = engine.fetch_dicts(
        "WITH i AS (SELECT * FROM identifiers i WHERE " + in_i + "), "
        "r AS (SELECT source, record_id, occurred_at, updated_at FROM records r WHERE "
        + in_r
        + ") "
        "SELECT i.namespace, coalesce(i.value, i.raw_value) AS value, i.status, "
        "s.namespace IS NOT NULL AS shared, list(DISTINCT i.source ORDER BY i.source) AS sources,"
        " min(coalesce(r.occurred_at, r.updated_at)) AS first_seen, "
        "max(coalesce(r.occurred_at, r.updated_at)) AS last_seen, count(*) AS records "
        "FROM i JOIN r USING (source, record_id) "
        "LEFT JOIN (SELECT DISTINCT namespace, match_key FROM shared_identifiers) s "
        "ON s.namespace = i.namespace AND s.match_key = i.match_key "
        "GROUP BY i.namespace, coalesce(i.value, i.raw_value), "
        "i.status, s.namespace IS NOT NULL "
        "ORDER BY i.namespace, (i.status = 'valid') DESC, last_seen DESC NULLS LAST, value",
        [*p_i, *p_r],
    )
    seen: set[str] = set()
    for ident in identifiers:
        ident["primary"] = ident["status"] == "valid" and ident["namespace"] not in seen
        if ident["primary"]:
            seen.add(ident["namespace"])
    traits = (
        engine.fetch_dicts(
            "SELECT * EXCLUDE (profile_id) FROM profile_traits WHERE profile_id = ?", [pid]
        )
        if engine.table_exists("profile_traits")
        else []
    )
    household_id = head[0]["household_id"] if head else None
    household = (
        engine.fetch_dicts(
            "SELECT h.profile_id, g.value AS name FROM households h LEFT JOIN golden_attributes g "
            "ON g.profile_id = h.profile_id AND g.attribute = 'name' "
            "WHERE h.household_id = ? AND h.profile_id <> ? ORDER BY h.profile_id",
            [household_id, pid],
        )
        if household_id
        else []
    )
    summary = engine.fetch_dicts(
        "SELECT r.event_type, count(*) AS events, min(r.occurred_at) AS first, "
        f"max(r.occurred_at) AS last FROM records r WHERE {in_r} AND r.kind = 'event' "
        "GROUP BY ALL ORDER BY events DESC",
        p_r,
    )
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
        "profile_id": pid,
        "redirected_from": redirected,
        "created_at": head[0]["created_at"] if head else None,
        "golden": golden,
        "identifiers": identifiers,
        "household": {"household_id": household_id, "members": household},
        "traits": traits[0] if traits else {},
        "timeline_summary": summary,
        "recent_events": timeline(engine, pid, limit=10),
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
