"""``Engine.write`` returns the rows a statement wrote (the real-time batch relies on it
instead of counting rows afterwards)."""

from __future__ import annotations

from pathlib import Path

from tessera.engines.duckdb import DuckDBEngine


def test_write_returns_the_rows_each_kind_of_statement_wrote(tmp_path: Path) -> None:
    engine = DuckDBEngine(tmp_path / "t.duckdb")
    try:
        assert engine.write("CREATE TEMP TABLE t AS SELECT range AS x FROM range(7)") == 7
        assert (
            engine.write("CREATE OR REPLACE TEMP TABLE t AS SELECT range AS x FROM range(5)") == 5
        )
        assert engine.write("INSERT INTO t SELECT range FROM range(?)", [3]) == 3
        assert engine.write("UPDATE t SET x = x + 1 WHERE x < 2") == 4
        assert engine.write("DELETE FROM t WHERE x >= ?", [3]) == 2
        assert engine.write("DELETE FROM t WHERE false") == 0
        assert engine.write("CREATE OR REPLACE TEMP TABLE e AS SELECT * FROM t WHERE false") == 0
        assert engine.fetchall("SELECT count(*) FROM t") == [(6,)]
    finally:
        engine.close()


def test_fetch_batches_streams_a_result_in_bounded_batches(tmp_path: Path) -> None:
    engine = DuckDBEngine(tmp_path / "t.duckdb")
    try:
        engine.execute("CREATE TABLE t AS SELECT range AS x, 'v' || range AS y FROM range(10000)")
        batches = list(engine.fetch_batches("SELECT x, y FROM t ORDER BY x", 3000))
        assert len(batches) >= 4 and all(b.num_rows <= 3000 for b in batches)
        xs = [x for b in batches for x in b.column("x").to_pylist()]
        assert xs == list(range(10000))
        assert list(engine.fetch_batches("SELECT x FROM t WHERE false", 10)) == [] or all(
            b.num_rows == 0 for b in engine.fetch_batches("SELECT x FROM t WHERE false", 10)
        )
    finally:
        engine.close()
