"""Small helpers for writing SQL text safely (identifiers and literals are quoted here,
never by string formatting of user text elsewhere); all pure but :func:`read_ids`."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tessera.engines.base import Engine

#: Up to this many ids, :func:`ids_in` names them as literals.
LITERAL_IDS_MAX = 5_000


def q(name: str) -> str:
    """Quote an identifier."""
    return '"' + name.replace('"', '""') + '"'


def lit(text: str) -> str:
    """Quote a string literal."""
    return "'" + text.replace("'", "''") + "'"


def lit_list(values: Iterable[str]) -> str:
    """A parenthesised list of string literals, for ``IN (...)``."""
    items = ", ".join(lit(v) for v in values)
    return f"({items})" if items else "(NULL)"


def json_path(path: str) -> str:
    """A JSONPath for a dotted source column (``context.traits.email``) with quoted keys."""
    keys = [k for k in path.split(".") if k != ""]
    return "$" + "".join('."' + k.replace('"', '\\"') + '"' for k in keys)


def keys_filter(alias: str, keys: Sequence[tuple[str, str]]) -> tuple[str, list[Any]]:
    """SQL matching records of ``keys`` ((source, record_id) pairs): a single-column
    ``record_id IN (...)`` an index can serve, plus the exact pairs."""
    if not keys:
        return "false", []
    marks = ", ".join("?" for _ in keys)
    pairs = ", ".join("(?, ?)" for _ in keys)
    sql = f"{alias}.record_id IN ({marks}) AND ({alias}.source, {alias}.record_id) IN ({pairs})"
    return sql, [k[1] for k in keys] + [v for k in keys for v in k]


def ids_in(column: str, ids: Collection[str] | None, table: str) -> str:
    """``column IN (...)`` for the ids held in ``table`` (a column of the same name): ``ids``
    — the same ids, as the caller knows them — as literals when there are few, else (or when
    None) a subquery on ``table``. DuckDB serves a literal list from the column's ART index, a
    subquery by a scan — deleting 500 profiles' rows from 3M golden rows took 35 ms instead
    of 90."""
    if ids is None or len(ids) > LITERAL_IDS_MAX:
        return f"{column} IN (SELECT {column} FROM {table})"
    return f"{column} IN {lit_list(ids)}"


def read_ids(engine: Engine, column: str, table: str) -> list[str] | None:
    """The distinct non-null ids in ``table``, for :func:`ids_in`; None when there are more
    than :data:`LITERAL_IDS_MAX` (a subquery then)."""
    rows = engine.fetchall(
        f"SELECT DISTINCT {column} FROM {table} WHERE {column} IS NOT NULL "
        f"LIMIT {LITERAL_IDS_MAX + 1}"
    )
    return None if len(rows) > LITERAL_IDS_MAX else [str(r[0]) for r in rows]
