"""Stage two (fields): standardize person attributes and event fields, set-based.

Dates, timestamps, amounts, codes and text are standardized in SQL inside the engine; names,
genders, countries and matching keys go through Python libraries once per distinct value
(:mod:`tessera.pipeline.distinct`). Every value that fails is kept raw, left empty in its
standardized column, and flagged in the quality table with a reason.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from tessera.config import SourceConfig
from tessera.domain.fields import RECORD_FIELDS, FieldKind, RecordKind
from tessera.engines.base import Engine
from tessera.engines.schema import KEYED_FIELDS, record_value_columns, storage_column
from tessera.pipeline.dates import (
    ColumnOrders,
    column_orders,
    decide_orders,
    map_dates,
    timestamp_ambiguous,
    timestamp_reading,
)
from tessera.pipeline.distinct import register_mapping
from tessera.pipeline.sql import lit, q
from tessera.pipeline.staging import Canonical
from tessera.pipeline.standardize import (
    clean_name,
    match_key,
    split_full_name,
    standardize_country,
    standardize_gender,
)

STD = "tessera_std"
FIELD_ISSUES = "tessera_field_issues"
_FIELDS = "tessera_fields"

_ALWAYS_DATE_FORMATS = ["%Y-%m-%d", "%Y-%m-%d %H:%M:%S", "%Y%m%d"]
_TIME_SUFFIXES = ["", " %H:%M", " %H:%M:%S"]
_CURRENCY_SYMBOLS = {
    "€": "EUR",
    "£": "GBP",
    "$": "USD",
    "US$": "USD",
    "R$": "BRL",
    "ZŁ": "PLN",
    "ZL": "PLN",
    "﷼": "IRR",
    "¥": "JPY",
}


@dataclass(frozen=True, slots=True)
class _Dates:
    """How one column's dates are read: the declared formats, those plus ISO 8601 (for
    timestamps), and the day/month order its values decided."""

    declared: list[str]
    formats: list[str]
    orders: ColumnOrders


@dataclass
class _Plan:
    """What the final SELECT needs: expressions per stored column, views to join, issues."""

    exprs: dict[str, str] = field(default_factory=dict)
    joins: list[str] = field(default_factory=list)
    views: list[str] = field(default_factory=list)
    issues: list[str] = field(default_factory=list)


def _name_split(raw: str) -> tuple[str | None, str | None, str | None]:
    given, middle, family = split_full_name(raw)
    return (given, middle, family)


def _name_clean(raw: str) -> tuple[str | None, str | None]:
    value = clean_name(raw)
    return (value, match_key(value) if value else None)


def _keyed(raw: str) -> tuple[str | None]:
    return (match_key(raw),)


def _gender(raw: str) -> tuple[str | None, str | None]:
    r = standardize_gender(raw)
    return (r.value, r.error)


def _country(raw: str) -> tuple[str | None, str | None]:
    r = standardize_country(raw)
    return (r.value, r.error)


def standardize_fields(
    engine: Engine,
    canon: Canonical,
    src: SourceConfig,
    date_formats: list[str],
    missing: list[str],
) -> None:
    """Create table :data:`STD` (one standardized row per kept record) and :data:`FIELD_ISSUES`."""
    inputs: list[str] = ["row_number", "record_id", "attributes", "raw", "row_hash"]
    mapped_targets: list[str] = []
    for target in RECORD_FIELDS:
        cols = canon.columns_for(target)
        if target == "address":  # a one-line address fills address_line1
            cols = canon.columns_for("address_line1") + cols
        elif target == "address_line1":
            continue
        if not cols:
            continue
        col_name = storage_column(target)
        mapped_targets.append(target)
        first = " ".join(f"WHEN {c.clean} IS NOT NULL THEN {c.alias}" for c in cols)
        values = ", ".join(c.clean for c in cols)
        inputs.append(f"coalesce({values}) AS in_{col_name}")
        inputs.append(f"CASE {first} ELSE {cols[0].alias} END AS raw_{col_name}")
        inputs.append(f"{lit(' / '.join(c.column for c in cols))} AS col_{col_name}")
    engine.execute(
        f"CREATE OR REPLACE TEMP TABLE {_FIELDS} AS SELECT {', '.join(inputs)} FROM {canon.table}"
    )

    plan = _Plan()
    present = {storage_column(t) for t in mapped_targets}
    _plan_names(engine, plan, present)
    formats = list(dict.fromkeys([*date_formats, *_ALWAYS_DATE_FORMATS]))
    dated = [
        f"in_{storage_column(t)}"
        for t in mapped_targets
        if RECORD_FIELDS[t] in (FieldKind.DATE, FieldKind.TIMESTAMP)
    ]
    # One aggregate query over every date and timestamp column decides their day/month order.
    orders = column_orders(engine, _FIELDS, dated, date_formats)
    for target in mapped_targets:
        col = storage_column(target)
        kind = RECORD_FIELDS[target]
        if kind in (FieldKind.NAME, FieldKind.FULL_NAME):
            continue
        decided = orders.get(f"in_{col}") or decide_orders({}, date_formats)
        dates = _Dates(date_formats, formats, decided)
        _plan_field(engine, plan, target, col, kind, dates, src)
    if src.kind is RecordKind.EVENT and src.event_type:
        current = plan.exprs.get("event_type", "NULL")
        plan.exprs["event_type"] = f"coalesce({current}, {lit(src.event_type.lower())})"

    select = ["f.row_number", "f.record_id", f"{lit(src.kind.value)} AS kind"]
    for col, _typ in record_value_columns():
        select.append(f"{plan.exprs.get(col, 'NULL')} AS {q(col)}")
    select += ["f.attributes", "f.raw", "f.row_hash"]
    engine.execute(
        f"CREATE OR REPLACE TEMP TABLE {STD} AS SELECT {', '.join(select)} FROM {_FIELDS} f "
        + " ".join(plan.joins)
    )
    issue_sql = (
        " UNION ALL ".join(plan.issues)
        if plan.issues
        else (
            "SELECT NULL::BIGINT AS row_number, NULL AS record_id, NULL AS field, NULL AS "
            "column_name, NULL AS raw_value, NULL AS reason WHERE false"
        )
    )
    engine.execute(f"CREATE OR REPLACE TEMP TABLE {FIELD_ISSUES} AS {issue_sql}")
    engine.drop_tables(_FIELDS, *plan.views)


def _issue(col: str, field_name: str, condition: str, reason: str, joins: str = "") -> str:
    return (
        f"SELECT f.row_number, f.record_id, {lit(field_name)} AS field, f.col_{col} AS "
        f"column_name, f.raw_{col} AS raw_value, {reason} AS reason FROM {_FIELDS} f "
        f"{joins} WHERE {condition}"
    )


def _plan_names(engine: Engine, plan: _Plan, present: set[str]) -> None:
    parts = ("given_name", "middle_name", "family_name")
    split_pos = {"given_name": 0, "middle_name": 1, "family_name": 2}
    if "full_name" in present:
        plan.exprs["full_name_raw"] = "f.raw_full_name"
        register_mapping(
            engine,
            "tessera_map_fullname",
            f"SELECT in_full_name AS v FROM {_FIELDS}",
            _name_split,
            ("given", "middle", "family"),
        )
        plan.views.append("tessera_map_fullname")
        plan.joins.append("LEFT JOIN tessera_map_fullname fn ON fn.raw = f.in_full_name")
    sources: dict[str, str] = {}
    for p in parts:
        direct = f"f.in_{p}" if p in present else None
        split = (
            f"fn.{('given', 'middle', 'family')[split_pos[p]]}" if "full_name" in present else None
        )
        exprs = [e for e in (direct, split) if e]
        if exprs:
            sources[p] = exprs[0] if len(exprs) == 1 else f"coalesce({', '.join(exprs)})"
    if not sources:
        return
    union = " UNION ALL ".join(
        f"SELECT {e} AS v FROM {_FIELDS} f"
        + (" LEFT JOIN tessera_map_fullname fn ON fn.raw = f.in_full_name" if "fn." in e else "")
        for e in sources.values()
    )
    register_mapping(engine, "tessera_map_name", union, _name_clean, ("value", "key"))
    plan.views.append("tessera_map_name")
    for p, e in sources.items():
        alias = f"nm_{p}"
        plan.joins.append(f"LEFT JOIN tessera_map_name {alias} ON {alias}.raw = {e}")
        plan.exprs[p] = f"{alias}.value"
        plan.exprs[f"{p}_key"] = f"{alias}.key"
        plan.exprs[f"{p}_raw"] = f"f.raw_{p}" if p in present else "NULL"


def _plan_field(
    engine: Engine,
    plan: _Plan,
    target: str,
    col: str,
    kind: FieldKind,
    dates: _Dates,
    src: SourceConfig,
) -> None:
    x = f"f.in_{col}"
    plan.exprs[f"{col}_raw"] = f"f.raw_{col}"
    if kind is FieldKind.DATE:
        # Once per distinct value: a birth-date column holds ~40,000 distinct days however
        # many rows it has.
        view = f"tessera_dates_{col}"
        map_dates(
            engine, view, f"SELECT in_{col} AS v FROM {_FIELDS}", dates.orders, dates.declared
        )
        join = f"LEFT JOIN {view} d_{col} ON d_{col}.raw = {x}"
        plan.views.append(view)
        plan.joins.append(join)
        plan.exprs[col] = f"d_{col}.value"
        plan.issues.append(
            _issue(
                col, target, f"{x} IS NOT NULL AND d_{col}.value IS NULL", f"d_{col}.reason", join
            )
        )
        return
    if kind in (FieldKind.GENDER, FieldKind.COUNTRY):
        view = f"tessera_map_{col}"
        fn = _gender if kind is FieldKind.GENDER else _country
        register_mapping(
            engine, view, f"SELECT in_{col} AS v FROM {_FIELDS}", fn, ("value", "error")
        )
        plan.views.append(view)
        plan.joins.append(f"LEFT JOIN {view} m_{col} ON m_{col}.raw = {x}")
        plan.exprs[col] = f"m_{col}.value"
        plan.issues.append(
            _issue(
                col,
                target,
                f"{x} IS NOT NULL AND m_{col}.value IS NULL",
                f"m_{col}.error",
                f"LEFT JOIN {view} m_{col} ON m_{col}.raw = {x}",
            )
        )
        return
    value, problem, reason = _sql_rule(x, kind, dates, src)
    plan.exprs[col] = value
    if col in KEYED_FIELDS:
        view = f"tessera_map_key_{col}"
        register_mapping(engine, view, f"SELECT {value} AS v FROM {_FIELDS} f", _keyed, ("key",))
        plan.views.append(view)
        plan.joins.append(f"LEFT JOIN {view} k_{col} ON k_{col}.raw = {value}")
        plan.exprs[f"{col}_key"] = f"k_{col}.key"
    if problem:
        plan.issues.append(_issue(col, target, problem, reason))


def _sql_rule(
    x: str, kind: FieldKind, dates: _Dates, src: SourceConfig
) -> tuple[str, str | None, str]:
    """(standardized expression, condition flagging a problem, reason expression)."""
    if kind is FieldKind.TIMESTAMP:
        fmts = [f + t for f in dates.formats for t in _TIME_SUFFIXES]
        fmts = list(dict.fromkeys(fmts))
        # ISO 8601 (with its zones) first, but not for a day/month shape: DuckDB's cast reads
        # 03/04/25 as the year 3. Then a day/month date part in the order the column's values
        # decided (25/03/2025 10:30); then the declared formats.
        shaped = f"({timestamp_reading(x, dates.orders)})::TIMESTAMPTZ"
        unsettled = timestamp_ambiguous(x, dates.orders)
        iso = (
            f"CASE WHEN NOT regexp_matches({x}, '^\\d{{1,2}}[/.-]') "
            f"THEN try_cast({x} AS TIMESTAMPTZ) END"
        )
        value = (
            f"CASE WHEN regexp_full_match({x}, '\\d{{10}}') THEN to_timestamp({x}::BIGINT) "
            f"WHEN regexp_full_match({x}, '\\d{{13}}') THEN to_timestamp({x}::BIGINT / 1000.0) "
            f"ELSE coalesce({iso}, {shaped}, "
            f"try_strptime({x}, [{', '.join(lit(f) for f in fmts)}])::TIMESTAMPTZ) END"
        )
        return (
            value,
            f"{x} IS NOT NULL AND ({value}) IS NULL",
            f"CASE WHEN {unsettled} THEN 'ambiguous timestamp ''' || {x} || ''' (day and month "
            "could be either way round; no value of the column settles it: declare "
            f"date_formats)' ELSE 'unparseable timestamp ''' || {x} || '''' END",
        )
    if kind is FieldKind.AMOUNT:
        cleaned = f"regexp_replace({x}, '^[A-Za-z$€£﷼¥zł]+|[A-Za-z$€£﷼¥zł]+$|\\s', '', 'g')"
        if src.decimal == ",":
            cleaned = f"replace(replace({cleaned}, '.', ''), ',', '.')"
        else:
            cleaned = f"replace({cleaned}, ',', '')"
        value = f"try_cast({cleaned} AS DECIMAL(18,4))"
        return (
            value,
            f"{x} IS NOT NULL AND ({value}) IS NULL",
            f"'not an amount: ''' || {x} || ''''",
        )
    if kind is FieldKind.CURRENCY:
        cases = " ".join(f"WHEN {lit(k)} THEN {lit(v)}" for k, v in _CURRENCY_SYMBOLS.items())
        u = f"upper({x})"
        value = (
            f"CASE {u} {cases} ELSE CASE WHEN regexp_full_match({u}, '[A-Z]{{3}}') THEN {u} END END"
        )
        return (
            value,
            f"{x} IS NOT NULL AND ({value}) IS NULL",
            f"'not an ISO 4217 currency code: ''' || {x} || ''''",
        )
    if kind is FieldKind.JSON:
        value = f"CASE WHEN json_valid({x}) THEN {x}::JSON END"
        return (value, f"{x} IS NOT NULL AND NOT json_valid({x})", "'not valid JSON'")
    if kind is FieldKind.CODE:
        return (f"lower(regexp_replace({x}, '\\s+', ' ', 'g'))", None, "NULL")
    if kind is FieldKind.POSTCODE:
        return (f"upper(regexp_replace({x}, '\\s+', ' ', 'g'))", None, "NULL")
    return (f"regexp_replace({x}, '\\s+', ' ', 'g')", None, "NULL")
