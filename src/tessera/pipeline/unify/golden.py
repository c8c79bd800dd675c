"""The golden record: one value per attribute per profile, chosen by survivorship rules, with
its lineage (source, record, time) and the alternatives that lost.

Attributes that belong together survive together — a name's parts, an address's line,
postcode, city and country come from the same record, so a golden address is never stitched
from two places. Rules, per attribute with a workspace default:

* ``most_recent`` — the newest observation (record time, else when it was imported);
* ``source_priority`` — the first source in ``source_priority`` (default: by trust rank);
* ``most_frequent`` — the value seen on most records;
* ``most_complete`` — the longest value (most parts filled).

Empty values never win. Ties fall to trust rank, then recency, then source and record id,
so a rebuild always gives the same answer. Set-based SQL; ``profile_ids`` limits the work
to profiles whose records changed (incremental), and a full rebuild gives the same result.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import pyarrow as pa

from tessera.config import WorkspaceConfig
from tessera.engines.base import Engine
from tessera.pipeline.sql import ids_in, lit
from tessera.pipeline.unify.lookups import (
    DELTA,
    GOLDEN_INDEX,
    WHOLE,
    UnifyInputs,
    create_lookup_indexes,
    prune_profile_lookups,
    write_profile_lookups,
)

#: attribute -> the record columns that survive together (the first is the headline value).
ATTRIBUTE_GROUPS: dict[str, tuple[str, ...]] = {
    "name": ("given_name", "middle_name", "family_name"),
    "birth_date": ("birth_date",),
    "gender": ("gender",),
    "address": ("address_line1", "address_line2", "postcode", "city", "country"),
    "company": ("company",),
    "job_title": ("job_title",),
}
RULES = ("most_recent", "source_priority", "most_frequent", "most_complete")


@dataclass(frozen=True, slots=True)
class GoldenResult:
    """What a golden-record build did."""

    profiles: int
    attributes: int
    incremental: bool


def _value_sql(cols: tuple[str, ...]) -> tuple[str, str, str]:
    """(display value, non-empty condition, completeness score) of one attribute group."""
    parts = [f"r.{c}::VARCHAR" for c in cols]
    if len(cols) == 1:
        return parts[0], f"{parts[0]} IS NOT NULL", "1"
    shown = "concat_ws(' ', " + ", ".join(parts) + ")"
    present = " OR ".join(f"{p} IS NOT NULL" for p in parts)
    if cols[0] == "address_line1":
        shown = (
            "concat_ws(', ', nullif(concat_ws(' ', r.address_line1, r.address_line2), ''), "
            "nullif(concat_ws(' ', r.postcode, r.city), ''), r.country)"
        )
        # a city or a country alone is not an address (a trade-fair lead's city is often
        # where the company sits)
        present = "r.address_line1 IS NOT NULL OR r.postcode IS NOT NULL"
    complete = " + ".join(f"({p} IS NOT NULL)::INT" for p in parts)
    return shown, present, complete


def _candidates(inputs: UnifyInputs, scope: str) -> str:
    """SQL: one row per (member record, attribute group) with a value — the records joined
    once and their attribute groups unnested (a UNION ALL of one join per group cost the
    planner six join trees on every micro-batch)."""
    groups, any_present = [], []
    for attribute, cols in ATTRIBUTE_GROUPS.items():
        value, present, complete = _value_sql(cols)
        any_present.append(f"({present})")
        parts = ", ".join(f"{lit(c)}, r.{c}" for c in cols)
        groups.append(
            f"{{'attribute': {lit(attribute)}, 'value': {value}, "
            f"'parts': json_object({parts}), 'present': ({present}), "
            f"'completeness': ({complete})::INTEGER}}"
        )
    return (
        "SELECT profile_id, g.attribute, g.value, g.parts, source, record_id, observed_at, "
        "trust, source_rank, g.completeness FROM ("
        "SELECT m.profile_id, r.source, r.record_id, "
        "coalesce(r.occurred_at, r.updated_at) AS observed_at, s.trust, s.source_rank, "
        f"unnest([{', '.join(groups)}]) AS g "
        f"FROM {inputs.records} r JOIN {inputs.members} m USING (source, record_id) "
        f"JOIN golden_sources s USING (source) {scope} "
        # records with no attribute at all (most events) are not unnested
        f"{'AND' if scope else 'WHERE'} ({' OR '.join(any_present)})) WHERE g.present"
    )


def _order(rule: str) -> str:
    recent = "observed_at DESC NULLS LAST"
    tie = "trust ASC, source, record_id"
    if rule == "source_priority":
        return f"source_rank ASC, {recent}, {tie}"
    if rule == "most_frequent":
        return f"freq DESC, {recent}, {tie}"
    if rule == "most_complete":
        return f"completeness DESC, length(value) DESC, {recent}, {tie}"
    return f"{recent}, {tie}"


def build_golden(
    engine: Engine,
    config: WorkspaceConfig,
    profile_ids: Iterable[str] | None = None,
    inputs: UnifyInputs = WHOLE,
) -> GoldenResult:
    """(Re)compute golden attributes for all profiles, or only for ``profile_ids`` (read from
    ``inputs``, which must hold at least those profiles' rows)."""
    settings = config.profiles
    order = settings.source_priority or sorted(
        config.sources, key=lambda s: (config.sources[s].trust, s)
    )
    sources = pa.table(
        {
            "source": list(config.sources) or [""],
            "trust": [config.sources[s].trust for s in config.sources] or [100],
            "source_rank": [order.index(s) if s in order else len(order) for s in config.sources]
            or [0],
        }
    )
    engine.register_arrow("golden_sources", sources)
    incremental = profile_ids is not None
    ids = sorted(set(profile_ids or []))
    engine.register_arrow("golden_ids", pa.table({"profile_id": pa.array(ids, pa.string())}))
    scope = "WHERE m.profile_id IN (SELECT profile_id FROM golden_ids)" if incremental else ""
    try:
        engine.execute(
            "CREATE OR REPLACE TEMP TABLE golden_candidates AS SELECT *, count(*) OVER "
            "(PARTITION BY profile_id, attribute, value) AS freq "
            f"FROM ({_candidates(inputs, scope)})"
        )
        cases = " ".join(
            f"WHEN {lit(a)} THEN {lit(settings.rule_for(a))}" for a in ATTRIBUTE_GROUPS
        )
        rank_exprs = {rule: _order(rule) for rule in RULES}
        ranked = ", ".join(
            f"row_number() OVER (PARTITION BY profile_id, attribute ORDER BY {o}) AS rank_{r}"
            for r, o in rank_exprs.items()
        )
        pick = " ".join(f"WHEN {lit(r)} THEN rank_{r}" for r in RULES)
        if not incremental:  # rewriting every row: the lookup index is rebuilt afterwards
            engine.execute(f"DROP INDEX IF EXISTS {GOLDEN_INDEX}")
        with engine.transaction():
            if incremental:
                engine.execute(
                    "DELETE FROM golden_attributes WHERE " + ids_in("profile_id", ids, "golden_ids")
                )
            else:
                engine.execute("DELETE FROM golden_attributes")
            # incremental: the new rows also stay in a temp table, which the documents read
            engine.execute(
                (
                    f"CREATE OR REPLACE TEMP TABLE {DELTA.golden} AS "
                    if incremental
                    else "INSERT INTO golden_attributes "
                )
                + f"WITH ranked AS (SELECT *, CASE attribute {cases} END AS rule, {ranked} "
                "FROM golden_candidates), "
                f"chosen AS (SELECT *, CASE rule {pick} END AS pos FROM ranked), "
                "winners AS (SELECT * FROM chosen WHERE pos = 1), "
                "seen AS (SELECT profile_id, attribute, value, "
                "arg_max(source, observed_at) AS source, "
                "arg_max(record_id, observed_at) AS record_id, "
                "max(observed_at) AS observed_at, count(*) AS records FROM chosen GROUP BY ALL), "
                "alts AS (SELECT d.profile_id, d.attribute, to_json(list(json_object("
                "'value', d.value, 'source', d.source, 'record_id', d.record_id, "
                "'observed_at', d.observed_at, 'records', d.records) ORDER BY d.observed_at "
                "DESC NULLS LAST)) AS alternatives FROM seen d JOIN winners w "
                "USING (profile_id, attribute) WHERE d.value <> w.value GROUP BY ALL) "
                "SELECT w.profile_id, w.attribute, w.value, w.parts, w.source, w.record_id, "
                "w.observed_at, w.rule, a.alternatives, now() FROM winners w "
                "LEFT JOIN alts a USING (profile_id, attribute)"
            )
            if incremental:
                engine.execute(f"INSERT INTO golden_attributes SELECT * FROM {DELTA.golden}")
            # the per-profile identifier and event tables the profile lookups read
            write_profile_lookups(engine, "golden_ids" if incremental else None, inputs, ids)
        create_lookup_indexes(engine)
        counts = engine.fetchall(
            "SELECT count(DISTINCT profile_id), count(*) FROM "
            + (DELTA.golden if incremental else "golden_attributes")
        )[0]
    finally:
        engine.unregister("golden_sources")
        engine.unregister("golden_ids")
        engine.execute("DROP TABLE IF EXISTS golden_candidates")
    return GoldenResult(int(counts[0]), int(counts[1]), incremental)


_UNIFIED_KEY = "unified_at"


def changed_profiles(engine: Engine) -> list[str] | None:
    """Profiles whose golden values may differ since the last unify; None: rebuild all.

    A profile changed when one of its records was inserted or updated after the last run,
    when a resolution run since then created, merged or split it (both sides of a split), or
    when its membership otherwise changed (``profiles.updated_at``).
    Golden rows of profiles that no longer exist are removed here.
    """
    last = engine.fetchall("SELECT value FROM meta WHERE key = ?", [_UNIFIED_KEY])
    if not last:
        return None
    since = last[0][0]
    engine.execute(
        "DELETE FROM golden_attributes WHERE profile_id NOT IN (SELECT profile_id FROM profiles)"
    )
    prune_profile_lookups(engine)
    rows = engine.fetchall(
        "SELECT DISTINCT m.profile_id FROM records r JOIN profile_members m "
        "USING (source, record_id) WHERE r.updated_at > ?::TIMESTAMPTZ "
        "UNION SELECT profile_id FROM profile_history WHERE changed_at > ?::TIMESTAMPTZ "
        "UNION SELECT related_id FROM profile_history WHERE changed_at > ?::TIMESTAMPTZ "
        "AND related_id IN (SELECT profile_id FROM profiles) "
        "UNION SELECT profile_id FROM profiles WHERE updated_at > ?::TIMESTAMPTZ",
        [since, since, since, since],
    )
    return [r[0] for r in rows if r[0] is not None]


def mark_unified(engine: Engine) -> None:
    """Remember when golden records were last brought up to date."""
    engine.execute("INSERT OR REPLACE INTO meta SELECT ?, now()::VARCHAR", [_UNIFIED_KEY])
