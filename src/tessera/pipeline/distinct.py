"""Call a Python library once per *distinct* value, then join the answers back in SQL.

Libraries such as phonenumbers and email-validator work on one value at a time. Rows repeat
values (cities, names, the same e-mail on many orders), so each distinct value is sent once;
large sets are spread over worker processes, one per core, and written to a temporary table in
batches so that memory stays flat however many values there are.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Executor, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from typing import Any

import pyarrow as pa

from tessera.engines.base import Engine, iter_batches
from tessera.pipeline.sql import q

#: Below this many distinct values the cost of starting workers outweighs the gain.
PARALLEL_THRESHOLD = 60_000
#: Values mapped and written per round trip (bounds Python memory).
BATCH = 200_000
_CHUNK = 10_000

Mapper = Callable[[str], Sequence[Any]]


def _apply_chunk(fn: Mapper, values: list[str]) -> list[Sequence[Any]]:
    return [fn(v) for v in values]


@contextmanager
def _workers(n_values: int) -> Iterator[Executor | None]:
    workers = min(os.cpu_count() or 1, 8)
    if n_values < PARALLEL_THRESHOLD or workers < 2:
        yield None
        return
    # spawn, not fork: the parent holds an engine with its own threads.
    with ProcessPoolExecutor(
        max_workers=workers, mp_context=multiprocessing.get_context("spawn")
    ) as pool:
        yield pool


def _map(pool: Executor | None, fn: Mapper, values: list[str]) -> list[Sequence[Any]]:
    if pool is None:
        return _apply_chunk(fn, values)
    chunks = [values[i : i + _CHUNK] for i in range(0, len(values), _CHUNK)]
    out: list[Sequence[Any]] = []
    for part in pool.map(_apply_chunk, [fn] * len(chunks), chunks):
        out.extend(part)
    return out


def register_mapping(
    engine: Engine,
    name: str,
    values_sql: str,
    fn: Mapper,
    out_columns: Sequence[str],
) -> int:
    """Create temp table ``name(raw, *out_columns)`` holding ``fn`` of each distinct value.

    ``values_sql`` is a query with one text column named ``v``; nulls are skipped. Every output
    column is text. Returns the number of distinct values mapped.
    """
    cols = ", ".join(f"{q(c)} VARCHAR" for c in out_columns)
    engine.execute(f"CREATE OR REPLACE TEMP TABLE {q(name)} (raw VARCHAR, {cols})")
    distinct = engine.fetch_arrow(
        f"SELECT DISTINCT v FROM ({values_sql}) AS vals WHERE v IS NOT NULL"
    )
    view = f"{name}_batch"
    try:
        with _workers(distinct.num_rows) as pool:
            for batch in iter_batches(distinct, BATCH):
                raws = batch.column(0).to_pylist()
                _write(engine, name, view, raws, _map(pool, fn, raws), out_columns)
    except BrokenProcessPool:
        # A host program without a __main__ guard cannot spawn workers: do it here instead.
        engine.execute(f"DELETE FROM {q(name)}")
        raws = distinct.column(0).to_pylist()
        _write(engine, name, view, raws, _apply_chunk(fn, raws), out_columns)
    return int(distinct.num_rows)


def _write(
    engine: Engine,
    name: str,
    view: str,
    raws: list[str],
    results: list[Sequence[Any]],
    out_columns: Sequence[str],
) -> None:
    arrays: dict[str, pa.Array] = {"raw": pa.array(raws, pa.string())}
    for i, col in enumerate(out_columns):
        arrays[col] = pa.array([r[i] for r in results], pa.string())
    engine.register_arrow(view, pa.table(arrays))
    try:
        engine.execute(f"INSERT INTO {q(name)} SELECT * FROM {q(view)}")
    finally:
        engine.unregister(view)
