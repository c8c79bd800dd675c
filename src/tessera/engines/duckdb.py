"""The embedded default engine: one DuckDB file in the workspace folder."""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from tessera.engines.base import (
    JSON_COLUMN,
    ROW_COLUMN,
    EngineCapabilities,
    FileScan,
    RejectedLine,
    StagedTable,
)
from tessera.engines.schema import SCHEMA_VERSION, schema_statements
from tessera.errors import SourceReadError, TransientError


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


class DuckDBEngine:
    """DuckDB behind the :class:`~tessera.engines.base.Engine` interface."""

    name = "duckdb"
    capabilities = EngineCapabilities(native_file_scan=True, arrow_exchange=True)

    def __init__(
        self,
        path: Path | None,
        *,
        memory_limit: str | None = None,
        threads: int | None = None,
        read_only: bool = False,
        checkpoint_threshold: str | None = None,
    ) -> None:
        config: dict[str, Any] = {}
        if memory_limit:
            config["memory_limit"] = memory_limit
        if threads:
            config["threads"] = threads
        if checkpoint_threshold and not read_only:
            config["checkpoint_threshold"] = checkpoint_threshold
        target = str(path) if path is not None else ":memory:"
        try:
            self._con = duckdb.connect(target, read_only=read_only, config=config)
        except duckdb.IOException as exc:
            if "lock" in str(exc).lower():
                raise TransientError(
                    f"{target}: the workspace database is in use by another Tessera process"
                ) from None
            raise
        self._run("SET TimeZone = 'UTC'")
        # Tessera draws its own progress bars; DuckDB's would interleave with them.
        self._run("SET enable_progress_bar = false")
        self._lock = threading.RLock()
        self._in_tx = False
        self._views: set[str] = set()  # names registered with register_arrow
        if not read_only:
            self._ensure_schema()

    def _run(self, sql: str, params: Sequence[Any] | None = None) -> None:
        self._con.execute(sql, params).complete()

    # -- the Engine interface -------------------------------------------------------------
    def execute(self, sql: str, params: Sequence[Any] | None = None) -> None:
        """Run one statement and discard any result."""
        with self._lock:
            self._con.execute(sql, params).complete()

    def write(self, sql: str, params: Sequence[Any] | None = None) -> int:
        """Run one INSERT / UPDATE / DELETE / CREATE TABLE AS; return the rows it wrote
        (DuckDB reports them: no ``count(*)`` statement after it)."""
        with self._lock:
            rows = self._con.execute(sql, params).fetchall()
        return int(rows[0][0]) if rows and rows[0] and rows[0][0] is not None else 0

    def fetchall(self, sql: str, params: Sequence[Any] | None = None) -> list[tuple[Any, ...]]:
        """Run a query and return its rows."""
        with self._lock:
            return self._con.execute(sql, params).fetchall()

    def fetch_arrow(self, sql: str, params: Sequence[Any] | None = None) -> pa.Table:
        """Run a query and return an Arrow table."""
        with self._lock:
            return self._con.sql(sql, params=params).to_arrow_table()

    def fetch_batches(self, sql: str, rows: int) -> Iterator[pa.RecordBatch]:
        """Stream a query's result as Arrow record batches of up to ``rows`` rows."""
        with self._lock:
            reader = self._con.sql(sql).to_arrow_reader(rows)
            if reader is not None:
                yield from reader

    def fetch_dicts(self, sql: str, params: Sequence[Any] | None = None) -> list[dict[str, Any]]:
        """Run a query and return its rows as dicts."""
        rows: list[dict[str, Any]] = self.fetch_arrow(sql, params).to_pylist()
        return rows

    def register_arrow(self, name: str, table: pa.Table) -> None:
        """Expose an Arrow table as a view."""
        with self._lock:
            self._con.register(name, table)
            self._views.add(name)

    def unregister(self, name: str) -> None:
        """Drop a registered Arrow view."""
        with self._lock:
            self._con.unregister(name)
            self._views.discard(name)

    def table_exists(self, name: str) -> bool:
        """Whether a table or view called ``name`` exists (on the search path: temp, main).

        A catalog lookup through the relation API: enumerating ``duckdb_tables()`` costs a
        millisecond at every call, and the real-time batch asks several times."""
        with self._lock:
            try:
                self._con.table(name)
            except duckdb.CatalogException:
                return False
        return True

    def columns(self, name: str) -> list[tuple[str, str]]:
        """(name, SQL type) of each column of a table or view, in order."""
        with self._lock:
            rel = self._con.table(name)
            return [(c, str(t)) for c, t in zip(rel.columns, rel.types, strict=True)]

    def drop_tables(self, *names: str) -> None:
        """Drop those of the named tables that exist; names registered as Arrow views on this
        session are left (``DROP TABLE`` of a view fails, and a failed statement aborts the
        transaction). One ``DROP TABLE IF EXISTS`` per name, ≈ 0.3 ms each: reading
        ``duckdb_tables()`` first cost 2-4 ms in a workspace (it sizes every table)."""
        with self._lock:
            for name in dict.fromkeys(names):
                if name not in self._views:
                    self._run(f"DROP TABLE IF EXISTS {_quote(name)}")

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """Commit everything inside together, or roll all of it back."""
        with self._lock:
            if self._in_tx:  # nested: the outer transaction decides
                yield
                return
            self._run("BEGIN TRANSACTION")
            self._in_tx = True
            try:
                yield
            except BaseException:
                self._run("ROLLBACK")
                raise
            else:
                self._run("COMMIT")
            finally:
                self._in_tx = False

    def copy_to(self, sql: str, path: Path, fmt: str, params: Sequence[Any] | None = None) -> int:
        """Write a query's result to a CSV / Parquet / JSON (lines) file; return rows written."""
        options = {
            "csv": "FORMAT csv, HEADER true",
            "parquet": "FORMAT parquet",
            "json": "FORMAT json",
        }[fmt]
        with self._lock:
            self._run(f"CREATE OR REPLACE TEMP TABLE tessera_export AS {sql}", params)
            self._run(f"COPY tessera_export TO {_literal(str(path))} ({options})")
            n = self._con.execute("SELECT count(*) FROM tessera_export").fetchall()[0][0]
            self._run("DROP TABLE tessera_export")
        return int(n)

    def session(self) -> DuckDBEngine:
        """Another connection to the same database, for use by another thread.

        Each session has its own transactions (DuckDB's MVCC): a reader sees committed data
        only and is never blocked by a writer on another session.
        """
        other = DuckDBEngine.__new__(DuckDBEngine)
        with self._lock:
            other._con = self._con.cursor()
        other._run("SET TimeZone = 'UTC'")
        other._lock = threading.RLock()
        other._in_tx = False
        other._views = set()
        return other

    def splink_api(self) -> Any:
        """A Splink database API over this engine's own connection (no copy of the data)."""
        from splink import DuckDBAPI

        return DuckDBAPI(connection=self._con)

    def close(self) -> None:
        """Close the database file."""
        with self._lock:
            self._con.close()

    # -- staging ---------------------------------------------------------------------------
    def stage_file(self, name: str, scan: FileScan) -> StagedTable:
        """Read CSV / JSON / Parquet natively into temp table ``name``."""
        path = _literal(str(scan.path))
        with self._lock:
            self._run(f"DROP TABLE IF EXISTS {_quote(name)}")
            try:
                if scan.format == "csv":
                    return self._stage_csv(name, path, scan)
                if scan.format == "json":
                    fmt = _literal(str(scan.options.get("json_format", "auto")))
                    self._run(
                        f"CREATE TEMP TABLE {_quote(name)} AS SELECT "
                        f"row_number() OVER () AS {ROW_COLUMN}, json AS {JSON_COLUMN} "
                        f"FROM read_json_objects({path}, format={fmt}, "
                        "maximum_object_size=16777216)"
                    )
                    return self._staged(name, is_json=True)
                self._run(
                    f"CREATE TEMP TABLE {_quote(name)} AS SELECT "
                    f"(file_row_number + 1)::BIGINT AS {ROW_COLUMN}, COLUMNS(* EXCLUDE "
                    f"(file_row_number))::VARCHAR FROM read_parquet({path}, file_row_number=true)"
                )
                return self._staged(name)
            except duckdb.Error as exc:
                if "sniffing" in str(exc):
                    raise SourceReadError(
                        f"{scan.path}: cannot be parsed as CSV with delimiter "
                        f"{scan.delimiter!r} (check 'delimiter', 'encoding' and quoting)"
                    ) from None
                raise SourceReadError(f"{scan.path}: cannot be read: {_first_line(exc)}") from None

    def _stage_csv(self, name: str, path: str, scan: FileScan) -> StagedTable:
        rejects, rejects_scan = f"{name}_rejects", f"{name}_rejects_scan"
        for t in (rejects, rejects_scan):
            self._run(f"DROP TABLE IF EXISTS {_quote(t)}")
        delim = f", delim={_literal(scan.delimiter)}" if scan.delimiter else ""
        self._run(
            f"CREATE TEMP TABLE {_quote(name + '_parsed')} AS SELECT * FROM read_csv({path}, "
            f"header=true, all_varchar=true{delim}, quote='\"', escape='\"', "
            f"store_rejects=true, rejects_table={_literal(rejects)}, "
            f"rejects_scan={_literal(rejects_scan)}, strict_mode=true, max_line_size=4194304)"
        )
        rej_rows = self._con.execute(
            f"SELECT line, first(error_type::VARCHAR ORDER BY column_idx), "
            f"first(error_message ORDER BY column_idx), first(csv_line) "
            f"FROM {_quote(rejects)} GROUP BY line ORDER BY line"
        ).fetchall()
        rejected = [
            RejectedLine(int(line), f"{etype.lower()}: {msg}", raw or "")
            for line, etype, msg, raw in rej_rows
        ]
        # A parsed row's file line is its position plus the header plus every rejected line
        # before it (assuming one line per row; quoted multi-line values shift this).
        lines = sorted({r.row_number for r in rejected})
        adj = [line - 2 - i for i, line in enumerate(lines)]
        adj_values = ", ".join(f"({a})" for a in adj) or "(NULL)"
        self._run(
            f"CREATE TEMP TABLE {_quote(name)} AS "
            f"WITH adj(a) AS (VALUES {adj_values}) "
            f"SELECT (p.rowid + 2 + (SELECT count(*) FROM adj WHERE a <= p.rowid))::BIGINT "
            f"AS {ROW_COLUMN}, p.* FROM {_quote(name + '_parsed')} p"
        )
        for t in (f"{name}_parsed", rejects, rejects_scan):
            self._run(f"DROP TABLE IF EXISTS {_quote(t)}")
        return self._staged(name, rejected=rejected)

    def stage_arrow(self, name: str, table: pa.Table) -> StagedTable:
        """Copy an Arrow table whose first column is the row number into temp table ``name``."""
        view = f"{name}_arrow"
        with self._lock:
            self._run(f"DROP TABLE IF EXISTS {_quote(name)}")
            self._con.register(view, table)
            try:
                self._run(f"CREATE TEMP TABLE {_quote(name)} AS SELECT * FROM {view}")
            finally:
                self._con.unregister(view)
            return self._staged(name)

    def _staged(
        self, name: str, *, is_json: bool = False, rejected: list[RejectedLine] | None = None
    ) -> StagedTable:
        cols = [
            r[0]
            for r in self._con.execute(
                "SELECT column_name FROM duckdb_columns() WHERE table_name = ? "
                "ORDER BY column_index",
                [name],
            ).fetchall()
        ]
        rows = self._con.execute(f"SELECT count(*) FROM {_quote(name)}").fetchall()[0]
        return StagedTable(
            name=name,
            columns=[c for c in cols if c != ROW_COLUMN],
            rows=int(rows[0]) if rows else 0,
            rejected=rejected or [],
            is_json=is_json,
        )

    # -- schema ----------------------------------------------------------------------------
    def _ensure_schema(self) -> None:
        self._run("CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR)")
        row = self._con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchall()
        if row and int(row[0][0]) == SCHEMA_VERSION:
            return
        with self.transaction():
            for stmt in schema_statements():
                self._run(stmt)
            self._run(
                "INSERT OR REPLACE INTO meta VALUES ('schema_version', ?)", [str(SCHEMA_VERSION)]
            )


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__
