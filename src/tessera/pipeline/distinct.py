"""Call a Python library once per *distinct* value, then join the answers back in SQL.

Libraries such as phonenumbers and email-validator work on one value at a time. Rows repeat
values (cities, names, the same e-mail on many orders), so each distinct value is sent once;
large sets are spread over worker processes, one per core.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import Any

import pyarrow as pa

from tessera.engines.base import Engine

#: Below this many distinct values the cost of starting workers outweighs the gain.
PARALLEL_THRESHOLD = 60_000
_CHUNK = 20_000


def _apply_chunk(fn: Callable[[str], Sequence[Any]], values: list[str]) -> list[Sequence[Any]]:
    return [fn(v) for v in values]


def map_values(fn: Callable[[str], Sequence[Any]], values: list[str]) -> list[Sequence[Any]]:
    """``[fn(v) for v in values]``, in worker processes when the list is large."""
    workers = min(os.cpu_count() or 1, 8)
    if len(values) < PARALLEL_THRESHOLD or workers < 2:
        return _apply_chunk(fn, values)
    chunks = [values[i : i + _CHUNK] for i in range(0, len(values), _CHUNK)]
    # spawn, not fork: the parent holds an engine with its own threads.
    ctx = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=workers, mp_context=ctx) as pool:
        out: list[Sequence[Any]] = []
        for part in pool.map(_apply_chunk, [fn] * len(chunks), chunks):
            out.extend(part)
    return out


def register_mapping(
    engine: Engine,
    name: str,
    values_sql: str,
    fn: Callable[[str], Sequence[Any]],
    out_columns: Sequence[str],
) -> int:
    """Register view ``name(raw, *out_columns)`` holding ``fn`` of each distinct value.

    ``values_sql`` is a query with one text column named ``v``; nulls are skipped.
    Returns the number of distinct values mapped.
    """
    raws = engine.fetch_arrow(
        f"SELECT DISTINCT v FROM ({values_sql}) AS vals WHERE v IS NOT NULL"
    ).column(0).to_pylist()
    results = map_values(fn, raws)
    arrays: dict[str, pa.Array] = {"raw": pa.array(raws, pa.string())}
    for i, col in enumerate(out_columns):
        arrays[col] = pa.array([r[i] for r in results], pa.string())
    engine.register_arrow(name, pa.table(arrays))
    return len(raws)
