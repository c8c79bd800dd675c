"""The profile mirror: stored profile documents copied into the serving store while serving.

``tessera serve`` answers the profile API's fast path (``/v1/profiles/lookup`` and
``/v1/profiles/{id}``, summary view) from a SQLite serving store
(:class:`~tessera.engines.serving.ServingStore`) instead of DuckDB, on the event loop: under
concurrent ingest a DuckDB point lookup waits behind the micro-batches (ADR 0009).

How it stays equal to the database:

- at start a builder thread copies every stored document and profile identifier, reading one
  DuckDB snapshot; until it is done every read goes to DuckDB;
- every engine session that writes documents (the processing thread's) is *followed*
  (:func:`tessera.pipeline.unify.documents.follow`): the ids it rewrites or removes are noted
  during the batch, and after the commit :meth:`ProfileMirror.flush` copies those profiles'
  current rows (a profile without a document — merged away, or a household fellow waiting for
  its catch-up — is forgotten, and its reads go to DuckDB);
- notes taken while the builder runs are kept and flushed after it (the builder's snapshot may
  predate them); flushes are serialized, each reads the committed state when it runs;
- a write of every document (a full unify) rebuilds the copy.

A read the mirror cannot answer (not built yet, an unknown identifier, a record reference, a
profile id merged away) returns None: the caller answers it from DuckDB. An identifier two or
more profiles carry raises :class:`~tessera.errors.AmbiguousReference` with the same
candidates the database gives (summarised from the same documents). The
copy lives in the workspace folder's ``.serving/`` for the server's lifetime: deleted when it
stops, and at the next start when a killed server left it behind.
"""

from __future__ import annotations

import logging
import shutil
import threading
import time
from collections.abc import Collection, Iterator
from pathlib import Path
from typing import Any

import pyarrow as pa

from tessera.api.threads import lower_this_thread
from tessera.config import WorkspaceConfig
from tessera.engines.base import Engine
from tessera.engines.serving import ServingStore
from tessera.pipeline.sql import lit_list
from tessera.pipeline.unify import documents
from tessera.pipeline.unify.candidates import from_documents
from tessera.pipeline.unify.documents import DOCUMENTS
from tessera.pipeline.unify.lookups import IDENTIFIERS
from tessera.pipeline.unify.view import identifier_lookup_key, served_document

log = logging.getLogger(__name__)

#: Rows copied per transaction when the mirror is built (≈ 85 MB of documents).
BATCH = 50_000
#: Profile ids per statement when a flush reads the changed profiles.
FLUSH_SLICE = 2_000


class ProfileMirror:
    """The serving store's copy of the stored documents, built and kept current."""

    def __init__(
        self, engine: Engine, config: WorkspaceConfig, folder: Path, nice: int = 0
    ) -> None:
        """``folder``: where the copy lives (emptied first; removed by :meth:`close`);
        ``nice``: the building thread's lower CPU priority (:mod:`tessera.api.threads`)."""
        self._engine = engine  # the builder's own session
        self._config = config
        self._nice = nice
        self._folder = folder
        shutil.rmtree(folder, ignore_errors=True)  # a killed server's copy
        folder.mkdir(parents=True)
        self.store = ServingStore(self._folder / "profiles.sqlite")
        self._notes: set[str] = set()
        self._rebuild = False
        self._building = False
        self._ready = False
        self._lock = threading.Lock()  # notes and state
        self._flushing = threading.Lock()  # one flush (read + copy) at a time
        self._thread: threading.Thread | None = None
        self._closed = False

    @property
    def ready(self) -> bool:
        """Whether reads are answered from the copy."""
        return self._ready

    def follow(self, engine: Engine) -> None:
        """Note the documents ``engine`` writes (flush after its commits)."""
        documents.follow(engine, self._note)

    def _note(self, ids: Collection[str] | None) -> None:
        with self._lock:
            if ids is None:
                self._rebuild = True
            else:
                self._notes.update(ids)

    # -- building ---------------------------------------------------------------------------
    def start(self) -> None:
        """Build the copy in a thread of its own (flushes wait for it from now on)."""
        with self._lock:
            if self._closed:
                return
            self._building, self._ready = True, False
        self._thread = threading.Thread(target=self._build, name="tessera-mirror", daemon=True)
        self._thread.start()

    def wait(self, timeout: float = 60) -> bool:
        """Wait for the builds to end (one may start another); whether the copy is ready."""
        deadline = time.monotonic() + timeout
        thread = self._thread
        while thread is not None and time.monotonic() < deadline:
            thread.join(max(0.0, deadline - time.monotonic()))
            thread = None if self._thread is thread else self._thread
        return self._ready

    def _build(self) -> None:
        lower_this_thread(self._nice)
        try:
            self.build()
        except Exception:
            if not self._closed:
                log.exception("building the profile mirror failed; reads go to the database")

    def build(self) -> None:
        """Copy every stored document and profile identifier (one database snapshot), then
        what changed meanwhile."""
        started = time.perf_counter()
        with self._lock:
            self._building, self._ready, self._rebuild = True, False, False
        try:
            self.store.clear()
            e = self._engine
            if e.table_exists(DOCUMENTS) and e.table_exists(IDENTIFIERS):
                with e.transaction():  # one snapshot for every slice
                    self._copy_all(e)
        finally:
            with self._lock:
                self._building = False
        self.store.open_reads()
        self.flush(self._engine)  # starts another build when every document was rewritten
        with self._lock:
            self._ready = not self._building
        docs, ids = self.store.counts()
        log.info(
            "profile mirror: %d documents, %d identifiers in %.1f s (%s)",
            docs,
            ids,
            time.perf_counter() - started,
            self._folder,
        )

    def _copy_all(self, e: Engine) -> None:
        self.store.load(
            self._rows(e.fetch_batches(f"SELECT profile_id, document FROM {DOCUMENTS}", BATCH)),
            self._rows(
                e.fetch_batches(
                    f"SELECT DISTINCT match_key, namespace, profile_id FROM {IDENTIFIERS} "
                    "WHERE match_key IS NOT NULL",
                    BATCH,
                )
            ),
        )

    def _rows(self, batches: Iterator[pa.RecordBatch]) -> Iterator[list[tuple[Any, ...]]]:
        for batch in batches:
            if self._closed:
                raise RuntimeError("the server stops")
            yield list(zip(*(c.to_pylist() for c in batch.columns), strict=True))

    # -- keeping current --------------------------------------------------------------------
    def flush(self, engine: Engine) -> int:
        """After a commit on ``engine`` (a followed session): copy the noted profiles' current
        rows; returns how many profiles. Deferred while the copy is being built."""
        with self._lock:
            if self._building:
                return 0
            rebuild, self._rebuild = self._rebuild, False
            if rebuild:
                self._notes.clear()
            noted, self._notes = sorted(self._notes), set()
        if rebuild:
            self.start()
            return 0
        if not noted:
            return 0
        try:
            with self._flushing:
                docs: list[tuple[str, str]] = []
                ids: list[tuple[str, str, str]] = []
                for i in range(0, len(noted), FLUSH_SLICE):
                    listed = lit_list(noted[i : i + FLUSH_SLICE])
                    docs += engine.fetchall(
                        f"SELECT profile_id, document FROM {DOCUMENTS} WHERE profile_id IN {listed}"
                    )
                    # the indexed column alone in the filter: with another condition DuckDB
                    # scans the table (27 ms instead of 3 for 100 profiles at 1M)
                    ids += [
                        r
                        for r in engine.fetchall(
                            f"SELECT match_key, namespace, profile_id FROM {IDENTIFIERS} "
                            f"WHERE profile_id IN {listed}"
                        )
                        if r[0] is not None
                    ]
                self.store.replace(noted, docs, ids)
        except BaseException:
            with self._lock:  # copied by the next flush
                self._notes.update(noted)
            raise
        return len(noted)

    # -- reads ------------------------------------------------------------------------------
    def stored_profile_document(self, ref: str) -> str | None:
        """As :func:`tessera.pipeline.unify.view.stored_profile_document`, from the copy:
        the document of the profile an identifier or current profile id designates; None
        when the database must answer. An identifier several profiles carry raises
        :class:`~tessera.errors.AmbiguousReference` (None when a candidate's document is
        missing: the database assembles it)."""
        if not self._ready:
            return None
        ref = ref.strip()
        prefix, sep, _rest = ref.partition(":")
        if sep:
            key = identifier_lookup_key(self._config, ref)
            if key is None:
                return None
            found = sorted(set(self.store.profiles_for(key, prefix)))
            if len(found) > 1:
                ambiguity = from_documents(ref, key, found, self.store.document, self._config)
                if ambiguity is None:
                    return None
                raise ambiguity
            if not found:
                return None
            pid = found[0]
        else:
            pid = ref
        return served_document(self.store.document(pid))

    def close(self) -> None:
        """Stop a build (at its next slice), close the store and delete its folder; before
        the workspace closes (the build reads it)."""
        with self._lock:
            self._ready = False
            self._closed = True
        if self._thread is not None:
            self._thread.join(120)
        self.store.close()
        shutil.rmtree(self._folder, ignore_errors=True)
