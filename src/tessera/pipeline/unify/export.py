"""Export profiles as one wide row each: golden attributes, primary identifiers, traits."""

from __future__ import annotations

from pathlib import Path

from tessera.engines.base import Engine
from tessera.errors import ConfigError
from tessera.pipeline.sql import lit, q
from tessera.pipeline.unify.golden import ATTRIBUTE_GROUPS


def export_profiles(
    engine: Engine,
    out: Path,
    fmt: str,
    attributes: list[str] | None = None,
    traits: list[str] | None = None,
) -> int:
    """Write every profile to ``out``; ``attributes`` / ``traits`` select columns."""
    if fmt not in ("csv", "parquet", "json"):
        raise ConfigError(f"unknown export format '{fmt}' (csv, parquet, json)")
    chosen = attributes or list(ATTRIBUTE_GROUPS)
    for a in chosen:
        if a not in ATTRIBUTE_GROUPS:
            raise ConfigError(f"unknown attribute '{a}' (known: {', '.join(ATTRIBUTE_GROUPS)})")
    trait_cols = [
        r[0]
        for r in engine.fetchall(
            "SELECT column_name FROM duckdb_columns() WHERE table_name = 'profile_traits' "
            "AND column_name NOT IN ('profile_id', 'computed_at') ORDER BY column_index"
        )
    ]
    wanted = trait_cols if traits is None else traits
    for t in wanted:
        if t not in trait_cols:
            raise ConfigError(f"unknown trait '{t}' (known: {', '.join(trait_cols)})")
    golden = ", ".join(
        f"max(g.value) FILTER (WHERE g.attribute = {lit(a)}) AS {q(a)}" for a in chosen
    )
    trait_sel = "".join(f", t.{q(c)}" for c in wanted)
    sql = (
        f"WITH g AS (SELECT profile_id, {golden} FROM golden_attributes g GROUP BY profile_id), "
        "ids AS (SELECT m.profile_id, "
        "arg_max(i.value, r.updated_at) FILTER (WHERE i.namespace = 'email') AS email, "
        "arg_max(i.value, r.updated_at) FILTER (WHERE i.namespace = 'phone') AS phone "
        "FROM identifiers i JOIN profile_members m USING (source, record_id) "
        "JOIN records r USING (source, record_id) WHERE i.status = 'valid' GROUP BY 1) "
        f"SELECT p.profile_id, p.household_id, p.records, {', '.join('g.' + q(a) for a in chosen)}"
        f", ids.email, ids.phone{trait_sel} FROM profiles p LEFT JOIN g USING (profile_id) "
        "LEFT JOIN ids USING (profile_id) "
        + ("LEFT JOIN profile_traits t USING (profile_id) " if wanted else "")
        + "ORDER BY p.profile_id"
    )
    return engine.copy_to(sql, out, fmt)
