"""The group-commit writer: one thread, one engine session, one transaction per group.

Requests hand their messages to :meth:`GroupCommitWriter.submit` and wait. The writer takes
every request pending at that moment, stores them all in one transaction
(:func:`tessera.pipeline.collect.inbox.commit_writes`), commits, and only then resolves each
request's future — so a 200 is sent only for messages that are durably stored. If a group
fails, its requests are committed one by one so a single bad request cannot fail the others.
"""

from __future__ import annotations

import asyncio
import logging
import queue
import threading
from collections.abc import Callable
from dataclasses import dataclass

from tessera.engines.base import Engine
from tessera.errors import TransientError
from tessera.pipeline.collect.inbox import Write, WriteResult, commit_writes

log = logging.getLogger("tessera.api.writer")

#: A group stops growing past this many messages (keeps one transaction bounded).
MAX_GROUP_MESSAGES = 50_000


@dataclass(slots=True)
class _Job:
    write: Write
    loop: asyncio.AbstractEventLoop
    future: asyncio.Future[WriteResult]

    @property
    def size(self) -> int:
        return len(self.write.accepted) + len(self.write.quarantined) + 1


def _settle(future: asyncio.Future[WriteResult], result: WriteResult | BaseException) -> None:
    if future.done():  # the client went away; the write stands
        return
    if isinstance(result, BaseException):
        future.set_exception(result)
    else:
        future.set_result(result)


class GroupCommitWriter:
    """The only writer of the inbox tables while the server runs."""

    def __init__(self, engine: Engine, on_stored: Callable[[], None] | None = None) -> None:
        self._engine = engine
        self._on_stored = on_stored
        """Called after a commit that stored new messages (wakes the inbox processing)."""
        self._queue: queue.SimpleQueue[_Job | None] = queue.SimpleQueue()
        self._thread = threading.Thread(target=self._run, name="tessera-writer", daemon=True)
        self.groups = 0
        self.stored = 0
        """Messages stored since the server started."""
        self.inbox_seq = 0
        """The highest inbox sequence number stored (read at start, then kept up to date)."""

    def start(self) -> None:
        """Start the writer thread."""
        self._thread.start()

    async def submit(self, write: Write) -> WriteResult:
        """Store one request's write; returns once it is committed."""
        loop = asyncio.get_running_loop()
        future: asyncio.Future[WriteResult] = loop.create_future()
        self._queue.put(_Job(write, loop, future))
        return await future

    def stop(self) -> None:
        """Commit everything queued, then stop the thread."""
        self._queue.put(None)
        self._thread.join()

    def _run(self) -> None:
        try:
            self.inbox_seq = int(
                self._engine.fetchall("SELECT coalesce(max(seq), 0) FROM event_inbox")[0][0]
            )
        except Exception:
            log.exception("reading the inbox position failed")
        stopping = False
        while not stopping:
            job = self._queue.get()
            if job is None:
                break
            jobs, size = [job], job.size
            while size < MAX_GROUP_MESSAGES:
                try:
                    nxt = self._queue.get_nowait()
                except queue.Empty:
                    break
                if nxt is None:
                    stopping = True
                    break
                jobs.append(nxt)
                size += nxt.size
            self._commit(jobs)

    def _commit(self, jobs: list[_Job]) -> None:
        try:
            results: list[WriteResult | BaseException] = list(
                commit_writes(self._engine, [j.write for j in jobs])
            )
        except Exception:
            if len(jobs) == 1:
                log.exception("storing a request failed")
                results = [TransientError("the inbox could not be written; retry")]
            else:
                for j in jobs:
                    self._commit([j])
                return
        self.groups += 1
        stored = 0
        for r in results:
            if isinstance(r, WriteResult):
                stored += r.stored
                self.inbox_seq = max(self.inbox_seq, r.last_seq)
        self.stored += stored
        if stored and self._on_stored is not None:
            self._on_stored()
        for j, r in zip(jobs, results, strict=True):
            j.loop.call_soon_threadsafe(_settle, j.future, r)
