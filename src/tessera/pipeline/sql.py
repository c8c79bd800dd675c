"""Small pure helpers for writing SQL text safely (identifiers and literals are quoted here,
never by string formatting of user text elsewhere)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any


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
