"""A small in-process scratch database for per-record work (real-time match scoring).

DuckDB plans every query anew: for Splink's 11 KB scoring query that is ~8 ms of binding and
optimizing, whatever the number of rows. SQLite keeps a prepared statement per SQL text
(Python's statement cache) and runs the same query on a few dozen rows in well under a
millisecond. The scratch database holds only what one call needs (the new records and their
candidates), never workspace data.

DuckDB's string functions the model and the link guards use are registered under DuckDB's
names with the same algorithms (RapidFuzz, whose Jaro-Winkler DuckDB itself ships), on the
same units: Unicode code points, as DuckDB compares them (on UTF-8 bytes 'é' would count as
two characters: ``damerau_levenshtein('', 'é')`` gave 2 here and 1 in DuckDB). A property
test holds them equal to DuckDB's on random strings of Latin, Polish, Portuguese and Persian
letters.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from typing import Any

from rapidfuzz.distance import DamerauLevenshtein, JaroWinkler


def _strings(func: Any) -> Any:
    """``func`` on the code points of two strings, as DuckDB's functions see them."""

    def wrapped(a: Any, b: Any) -> Any:
        if a is None or b is None:
            return None
        return func(str(a), str(b))

    return wrapped


def _jaro_winkler(a: str, b: str) -> float:
    """DuckDB's jaro_winkler_similarity: 0 when either string is empty."""
    return JaroWinkler.similarity(a, b) if a and b else 0.0


def _split_part(text: Any, sep: Any, index: Any) -> Any:
    """DuckDB's split_part: the 1-based ``index``-th part ('' when there is none)."""
    if text is None or sep is None or index is None:
        return None
    parts = str(text).split(str(sep)) if sep else list(str(text))
    i = int(index)
    if i < 0:
        i = len(parts) + i + 1
    return parts[i - 1] if 1 <= i <= len(parts) else ""


class ScratchDB:
    """An in-memory SQLite database with DuckDB's fuzzy-matching functions registered."""

    def __init__(self) -> None:
        self._con = sqlite3.connect(":memory:", check_same_thread=False, cached_statements=256)
        self._api: Any = None
        self._register()

    def _register(self) -> None:
        con = self._con
        con.create_function(
            "jaro_winkler_similarity", 2, _strings(_jaro_winkler), deterministic=True
        )
        con.create_function(
            "damerau_levenshtein", 2, _strings(DamerauLevenshtein.distance), deterministic=True
        )
        con.create_function("split_part", 3, _split_part, deterministic=True)

    def splink_api(self) -> Any:
        """Splink's SQLite database API over this database (created once)."""
        if self._api is None:
            from splink.backends.sqlite import SQLiteAPI

            self._api = SQLiteAPI(self._con)
            self._register()  # Splink registers its own (RapidFuzz distances); ours win
        return self._api

    def execute(self, sql: str, params: Sequence[Any] = ()) -> None:
        self._con.execute(sql, params)

    def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        self._con.executemany(sql, rows)

    def fetchall(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        """Rows as tuples (whatever row factory Splink set on the connection)."""
        cur = self._con.cursor()
        cur.row_factory = None
        return list(cur.execute(sql, params).fetchall())

    def columns(self, sql: str) -> list[str]:
        """The result column names of ``sql`` (it is prepared, and run on empty tables)."""
        cur = self._con.cursor()
        cur.row_factory = None
        cur.execute(sql)
        return [d[0] for d in cur.description]

    def close(self) -> None:
        self._con.close()
