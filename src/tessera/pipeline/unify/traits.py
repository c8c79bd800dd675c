"""Compute every profile's traits in one set-based pass over its events.

Each :class:`~tessera.domain.traits.TraitDefinition` compiles to one aggregate expression
with a FILTER clause; literals are bound as quoted SQL literals built here, never taken from
user text as SQL. Derived traits (recency, funnel stage, age, next birthday) are computed from
the aggregates and the golden birth date.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping

import pyarrow as pa

from tessera.domain.traits import Condition, Scalar, TraitDefinition
from tessera.engines.base import Engine
from tessera.pipeline.sql import ids_in, lit, q
from tessera.pipeline.unify.lookups import DELTA, WHOLE, UnifyInputs


def _literal(value: Scalar) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    return lit(str(value))


def _where(where: Mapping[str, Scalar | list[Scalar]]) -> list[str]:
    out = []
    for name, value in where.items():
        column = f"e.{q(name)}"
        if isinstance(value, list):
            out.append(f"{column} IN ({', '.join(_literal(v) for v in value) or 'NULL'})")
        else:
            out.append(f"{column} = {_literal(value)}")
    return out


def _condition(c: Condition) -> list[str]:
    out = _where(c.where)
    if c.hour_before is not None:
        out.append(f"hour(e.occurred_at) < {int(c.hour_before)}")
    if c.hour_from is not None:
        out.append(f"hour(e.occurred_at) >= {int(c.hour_from)}")
    return out


def compile_trait(t: TraitDefinition, as_of: str) -> str:
    """The aggregate SQL of one trait over events aliased ``e``."""
    conds = ["e.kind = 'event'"]
    types = t.event_types()
    if types:
        conds.append(f"e.event_type IN ({', '.join(lit(x.lower()) for x in types)})")
    conds += _where(t.where)
    if t.window_days:
        conds.append(f"e.occurred_at >= {as_of} - INTERVAL {int(t.window_days)} DAY")
    flt = f"FILTER (WHERE {' AND '.join(conds)})"
    col = f"e.{q(t.field)}" if t.field else "*"
    if t.function == "count":
        return f"count(*) {flt}"
    if t.function == "ratio":
        assert t.numerator is not None
        num = " AND ".join([*conds, *_condition(t.numerator)])
        return f"round(count(*) FILTER (WHERE {num})::DOUBLE / nullif(count(*) {flt}, 0), 4)"
    if t.function in ("sum", "avg", "min", "max"):
        return f"{t.function}({col}) {flt}"
    if t.function == "first":
        return f"arg_min({col}, e.occurred_at) {flt}"
    if t.function == "last":
        return f"arg_max({col}, e.occurred_at) {flt}"
    if t.function == "most_frequent":
        return f"mode({col}) {flt}"
    return f"to_json(list(DISTINCT {col}) {flt})"


def build_traits(
    engine: Engine,
    traits: Mapping[str, TraitDefinition],
    *,
    as_of: dt.datetime | None = None,
    profile_ids: Iterable[str] | None = None,
    inputs: UnifyInputs = WHOLE,
) -> int:
    """Rebuild table ``profile_traits`` (one row per profile, one column per trait), or only
    the rows of ``profile_ids`` (ids that no longer exist lose their row).

    Returns the number of rows written.
    """
    moment = as_of or dt.datetime.now(dt.UTC)
    at = f"TIMESTAMPTZ {lit(moment.isoformat())}"
    aggs = ", ".join(f"{compile_trait(t, at)} AS {q(name)}" for name, t in traits.items())
    derived = []
    if "last_order_at" in traits:
        derived.append(f"date_diff('day', a.last_order_at, {at}) AS days_since_last_order")
        if "order_count" in traits:
            derived.append(
                "CASE WHEN coalesce(a.order_count, 0) = 0 THEN CASE WHEN a.events > 0 "
                "THEN 'prospect' ELSE 'lead' END "
                f"WHEN date_diff('day', a.last_order_at, {at}) > 365 THEN 'lapsed' "
                "ELSE 'customer' END AS funnel_stage"
            )
    birth = "b.birth"  # the golden birth date, joined once below
    derived.append(
        f"date_diff('year', {birth}, {at}::DATE) - CASE WHEN "
        f"strftime({at}::DATE, '%m%d') < strftime({birth}, '%m%d') THEN 1 ELSE 0 "
        "END AS age"
    )
    # Feb 29 birthdays fall on Feb 28 in common years.
    day = f"CASE WHEN month({birth}) = 2 AND day({birth}) = 29 THEN 28 ELSE day({birth}) END"
    this_year = f"make_date(year({at}::DATE), month({birth}), {day})"
    next_year = f"make_date(year({at}::DATE) + 1, month({birth}), {day})"
    derived.append(
        f"CASE WHEN {this_year} >= {at}::DATE THEN {this_year} ELSE {next_year} END "
        "AS next_birthday"
    )
    incremental = profile_ids is not None and engine.table_exists("profile_traits")
    within = ""
    ids = sorted(set(profile_ids or []))
    if incremental:
        engine.register_arrow("traits_ids", pa.table({"profile_id": pa.array(ids, pa.string())}))
        within = "WHERE m.profile_id IN (SELECT profile_id FROM traits_ids) "
    # an incremental unify's golden rows of these profiles (no scan of golden_attributes)
    golden = (
        DELTA.golden if incremental and engine.table_exists(DELTA.golden) else "golden_attributes"
    )
    select = (
        "WITH a AS (SELECT m.profile_id, count(*) FILTER (WHERE e.kind = 'event') AS events, "
        f"{aggs} FROM {inputs.members} m JOIN {inputs.records} e USING (source, record_id) "
        f"{within}GROUP BY m.profile_id) "
        f"SELECT a.*, {', '.join(derived)}, {at} AS computed_at FROM a "
        "LEFT JOIN (SELECT profile_id, try_cast(value AS DATE) AS birth "
        f"FROM {golden} WHERE attribute = 'birth_date') b USING (profile_id)"
    )
    if not incremental:
        engine.execute("DROP TABLE IF EXISTS profile_traits")
        rows = engine.write(f"CREATE TABLE profile_traits AS {select}")
        # profile lookups read one row by profile id (an index made after the bulk write)
        engine.execute("CREATE INDEX profile_traits_profile_idx ON profile_traits (profile_id)")
        return rows
    try:
        with engine.transaction():
            engine.execute(
                "DELETE FROM profile_traits WHERE " + ids_in("profile_id", ids, "traits_ids")
            )
            # the new rows also stay in a temp table, which the documents read
            rows = engine.write(f"CREATE OR REPLACE TEMP TABLE {DELTA.traits} AS {select}")
            engine.execute(f"INSERT INTO profile_traits BY NAME SELECT * FROM {DELTA.traits}")
        return rows
    finally:
        engine.unregister("traits_ids")
