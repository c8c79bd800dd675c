"""The narrow storage interface every engine implements.

Pipeline stages speak to storage only through :class:`Engine`: they write set-based SQL in
DuckDB's dialect (the canonical one, as in Splink) and hand in Arrow tables; an engine runs the
SQL, translating it when its dialect differs. Nothing outside ``tessera.engines`` imports a
database driver.

Sources reach an engine in one of two shapes: a :class:`FileScan` the engine reads natively
(fast, no Python per row), or an Arrow table a connector produced (Excel, SQL databases).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, Protocol

import pyarrow as pa

#: Name of the staged table's row-number column (the 1-based row/line of the source file).
ROW_COLUMN = "_row"
#: Name of the single column holding each object of a JSON source as JSON text.
JSON_COLUMN = "_json"


@dataclass(frozen=True, slots=True)
class RejectedLine:
    """A line of a file the engine's reader could not parse into a row."""

    row_number: int
    reason: str
    raw: str


@dataclass(frozen=True, slots=True)
class FileScan:
    """A file the engine reads natively into a staging table."""

    format: Literal["csv", "json", "parquet"]
    path: Path
    delimiter: str | None = None
    """CSV: the delimiter; None lets the engine sniff it."""
    options: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class StagedTable:
    """What staging produced: a table of text columns plus the row-number column."""

    name: str
    columns: list[str]
    """Source columns, in file order (for JSON sources: just :data:`JSON_COLUMN`)."""
    rows: int
    rejected: list[RejectedLine]
    is_json: bool = False


@dataclass(frozen=True, slots=True)
class EngineCapabilities:
    """What an engine can do, so stages can choose a strategy (sqlmesh-style flags)."""

    native_file_scan: bool
    """Reads CSV/JSON/Parquet files itself."""
    arrow_exchange: bool
    """Accepts and returns Arrow tables without a copy through Python objects."""
    temp_tables: bool = True


class Engine(Protocol):
    """A storage engine (DuckDB embedded; PostgreSQL and Spark later)."""

    name: str
    capabilities: EngineCapabilities

    def execute(self, sql: str, params: Sequence[Any] | None = None) -> None:
        """Run one statement (DuckDB dialect) and discard any result."""

    def write(self, sql: str, params: Sequence[Any] | None = None) -> int:
        """Run one INSERT / UPDATE / DELETE / CREATE TABLE AS and return how many rows it
        wrote (instead of a ``count(*)`` statement after it)."""

    def fetchall(self, sql: str, params: Sequence[Any] | None = None) -> list[tuple[Any, ...]]:
        """Run a query and return its rows."""

    def fetch_arrow(self, sql: str, params: Sequence[Any] | None = None) -> pa.Table:
        """Run a query and return its result as an Arrow table."""

    def fetch_batches(self, sql: str, rows: int) -> Iterator[pa.RecordBatch]:
        """Run a query and stream its result as Arrow record batches of up to ``rows`` rows
        (one scan, bounded memory). The session is busy until the iterator is exhausted."""

    def fetch_dicts(self, sql: str, params: Sequence[Any] | None = None) -> list[dict[str, Any]]:
        """Run a query and return its rows as dicts (column -> value)."""

    def register_arrow(self, name: str, table: pa.Table) -> None:
        """Make an Arrow table queryable under ``name`` until :meth:`unregister`."""

    def unregister(self, name: str) -> None:
        """Forget a name registered with :meth:`register_arrow`."""

    def stage_file(self, name: str, scan: FileScan) -> StagedTable:
        """Read a file natively into temp table ``name`` (all text, plus :data:`ROW_COLUMN`)."""

    def stage_arrow(self, name: str, table: pa.Table) -> StagedTable:
        """Copy an Arrow table (first column :data:`ROW_COLUMN`) into temp table ``name``."""

    def transaction(self) -> AbstractContextManager[None]:
        """All statements inside commit together or not at all."""

    def table_exists(self, name: str) -> bool:
        """Whether a table or view of that name exists."""

    def columns(self, name: str) -> list[tuple[str, str]]:
        """(name, SQL type) of each column of a table or view, in order."""

    def drop_tables(self, *names: str) -> None:
        """Drop those of the named tables that exist (work tables; views of the same name are
        left)."""

    def copy_to(self, sql: str, path: Path, fmt: str, params: Sequence[Any] | None = None) -> int:
        """Write a query's result to a file (``csv``, ``parquet`` or ``json`` lines)."""

    def session(self) -> Engine:
        """Another connection to the same database, with its own transactions (one per thread)."""

    def splink_api(self) -> Any:
        """A Splink database API (``splink.DuckDBAPI`` / ``SparkAPI``) on this engine's data."""

    def close(self) -> None:
        """Release the database file."""


def iter_batches(table: pa.Table, size: int) -> Iterator[pa.Table]:
    """Slices of an Arrow table, for stages that call Python libraries per distinct value."""
    for start in range(0, table.num_rows, size):
        yield table.slice(start, size)
