"""The profile serving store: a read-optimized copy of the stored profile documents.

A SQLite file (WAL journal: readers never wait for the writer, and the writer's commits are
cheap) holding, per current profile, its document text and the identifiers that find it —
the two things a profile lookup reads. ``tessera serve`` keeps it beside the workspace's
database while it runs (:mod:`tessera.api.mirror`, ADR 0009); the database stays the only
source of truth, and the store is rebuilt from it whenever the server starts.

Why not read DuckDB: under concurrent ingest a point lookup there waits behind the
micro-batches' statements and commits on the same database (p99 7–13 ms of database time per
lookup at 1M profiles); SQLite's B-tree lookups take tens of microseconds and release the
interpreter lock while they run. SQLite comes with Python (no new dependency) and is made for
one writer beside many readers.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterable, Sequence
from pathlib import Path

# documents: a rowid table (a WITHOUT ROWID table spills 1-2 kB rows into overflow pages: the
# file was twice as large and a 1M-profile load 3x slower)
_SCHEMA = """
CREATE TABLE IF NOT EXISTS documents (profile_id TEXT PRIMARY KEY, document TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS identifiers (
    match_key TEXT NOT NULL, namespace TEXT NOT NULL, profile_id TEXT NOT NULL,
    PRIMARY KEY (match_key, namespace, profile_id)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS identifiers_profile ON identifiers (profile_id);
"""

#: Rows per ``executemany`` (and per SQL parameter list) when replacing profiles.
_CHUNK = 500


class ServingStore:
    """One SQLite file: the writer side (one connection, serialized by a lock) and a read
    connection per reading thread.

    A new store has no journal (its first :meth:`load` writes the file as fast as it can: no
    reader exists yet); :meth:`open_reads` turns on the WAL journal, after which readers may
    connect and every write is a transaction they never wait for."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        self._lock = threading.Lock()
        self._local = threading.local()
        self._readers: list[sqlite3.Connection] = []
        self._wal = False
        self._writer = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
        self._writer.execute("PRAGMA journal_mode = OFF")
        self._writer.execute("PRAGMA synchronous = OFF")  # a copy, rebuilt at every start
        self._writer.execute("PRAGMA cache_size = -65536")  # 64 MB of the B-trees' pages
        self._writer.executescript(_SCHEMA)

    def open_reads(self) -> None:
        """Switch to the WAL journal (once; before the first reader connects)."""
        with self._lock:
            if not self._wal:
                self._writer.execute("PRAGMA journal_mode = WAL")
                self._wal = True

    def _reader(self) -> sqlite3.Connection:
        con: sqlite3.Connection | None = getattr(self._local, "con", None)
        if con is None:
            if not self._wal:
                raise RuntimeError("the serving store is not open for reads yet")
            con = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
            con.execute("PRAGMA query_only = ON")
            with self._lock:
                self._readers.append(con)
            self._local.con = con
        return con

    # -- reads ------------------------------------------------------------------------------
    def document(self, profile_id: str) -> str | None:
        """The stored document of a current profile, or None."""
        row = (
            self._reader()
            .execute("SELECT document FROM documents WHERE profile_id = ?", (profile_id,))
            .fetchone()
        )
        return str(row[0]) if row else None

    def profiles_for(self, match_key: str, namespace: str) -> list[str]:
        """The profiles carrying the identifier (its match key in ``namespace``)."""
        rows = (
            self._reader()
            .execute(
                "SELECT profile_id FROM identifiers WHERE match_key = ? AND namespace = ?",
                (match_key, namespace),
            )
            .fetchall()
        )
        return [str(r[0]) for r in rows]

    def counts(self) -> tuple[int, int]:
        """(documents, identifier rows) held."""
        con = self._reader()
        docs = con.execute("SELECT count(*) FROM documents").fetchone()
        ids = con.execute("SELECT count(*) FROM identifiers").fetchone()
        return int(docs[0]), int(ids[0])

    # -- writes -----------------------------------------------------------------------------
    def clear(self) -> None:
        """Forget every profile (before a full load)."""
        with self._lock:
            self._writer.execute("BEGIN")
            self._writer.execute("DELETE FROM documents")
            self._writer.execute("DELETE FROM identifiers")
            self._writer.execute("COMMIT")

    def load(
        self,
        documents: Iterable[Sequence[tuple[str, str]]],
        identifiers: Iterable[Sequence[tuple[str, str, str]]],
    ) -> None:
        """Add profiles in batches of (profile_id, document) and (match_key, namespace,
        profile_id) rows, each batch one transaction."""
        for docs in documents:
            with self._lock:
                self._writer.execute("BEGIN")
                self._writer.executemany("INSERT OR REPLACE INTO documents VALUES (?, ?)", docs)
                self._writer.execute("COMMIT")
        for ids in identifiers:
            with self._lock:
                self._writer.execute("BEGIN")
                self._writer.executemany("INSERT OR IGNORE INTO identifiers VALUES (?, ?, ?)", ids)
                self._writer.execute("COMMIT")

    def replace(
        self,
        profile_ids: Sequence[str],
        documents: Sequence[tuple[str, str]],
        identifiers: Sequence[tuple[str, str, str]],
    ) -> None:
        """In one transaction: forget ``profile_ids``, then add the documents and identifier
        rows they have now (a profile without a document stays forgotten)."""
        with self._lock:
            w = self._writer
            w.execute("BEGIN")
            try:
                gone = sorted(set(profile_ids) - {d[0] for d in documents})
                for i in range(0, len(gone), _CHUNK):  # the others are replaced below
                    part = gone[i : i + _CHUNK]
                    marks = ", ".join("?" * len(part))
                    w.execute(f"DELETE FROM documents WHERE profile_id IN ({marks})", part)
                for i in range(0, len(profile_ids), _CHUNK):
                    part = list(profile_ids[i : i + _CHUNK])
                    marks = ", ".join("?" * len(part))
                    w.execute(f"DELETE FROM identifiers WHERE profile_id IN ({marks})", part)
                w.executemany("INSERT OR REPLACE INTO documents VALUES (?, ?)", documents)
                w.executemany("INSERT OR IGNORE INTO identifiers VALUES (?, ?, ?)", identifiers)
            except BaseException:
                w.execute("ROLLBACK")
                raise
            w.execute("COMMIT")

    def close(self) -> None:
        """Close every connection (the file stays)."""
        with self._lock:
            for con in [*self._readers, self._writer]:
                con.close()
            self._readers.clear()
