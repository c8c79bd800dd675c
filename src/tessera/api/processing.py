"""The background threads that turn newly stored inbox messages into profile updates.

The processing thread loops over the micro-batches of :mod:`tessera.pipeline.realtime` on its
own engine session. A staging thread (:class:`Stager`), on a second session, standardizes
messages as they are committed (:func:`~tessera.pipeline.realtime.stage_batch`) while the
processing thread stores, resolves and unifies the current batch: standardizing reads only the
inbox and the configuration, so the two overlap on two cores, and a message that arrives during
a batch has been standardized by the time that batch commits. Under heavy ingest (more than
:data:`MAX_AHEAD` waiting) the processing thread standardizes large batches itself, as before.
A batch whose staging failed, or that fails when stored, is taken by the serial path
(``process_batch``: one message at a time, quarantining the one that fails).

When there was nothing to do the threads wait until the writer reports newly stored messages
(:meth:`InboxProcessing.wake`), so a message starts being processed the moment it is committed,
not at the next poll.
"""

from __future__ import annotations

import logging
import threading
import time

from tessera.api.mirror import ProfileMirror
from tessera.api.threads import lower_this_thread
from tessera.config import WorkspaceConfig
from tessera.engines.base import Engine
from tessera.pipeline.realtime import (
    BatchResult,
    InboxProcessor,
    StagedBatch,
    batch_bounds,
    merge_staged,
    stage_batch,
)
from tessera.pipeline.resolve import live_match
from tessera.pipeline.standardize import JunkMatcher
from tessera.pipeline.unify.documents import catch_up_documents

log = logging.getLogger("tessera.api.processing")

#: The longest idle wait without a wake-up (a safety net: the writer wakes the thread).
IDLE_SECONDS = 1.0


#: The staging thread works only while at most this many messages wait beyond what it has
#: staged: under heavy ingest the processing thread takes large serial batches (their fixed
#: cost shared by many messages) and the staging thread leaves the cores to the requests.
MAX_AHEAD = 500


class Stager:
    r"""Standardizes stored messages as they arrive, in chunks, on its own session, while the
    processing thread works on a batch; :meth:`take` hands over every chunk staged so far.

    Chunks, not one batch staged ahead: a message stored while the processor works is
    standardized meanwhile and joins the very next batch — a single batch staged at the start
    of the current one would hold it back one batch more than the serial path. When nothing is
    staged the processing thread takes the waiting messages serially and :meth:`claim`\ s
    them; the staging thread goes on after them."""

    def __init__(self, engine: Engine, config: WorkspaceConfig, nice: int = 0) -> None:
        self._engine = engine
        self._config = config
        self._nice = nice
        self._junk = JunkMatcher.with_defaults(config.junk)
        self._cond = threading.Condition()
        self._base: int | None = None  # the watermark the staged chunks follow
        self._next_lo: int | None = None  # where the next chunk starts; None: hold off
        self._chunks: list[StagedBatch] = []
        self._staging = False
        self._generation = 0  # counts wake-ups: "nothing to stage" holds until the next one
        self._idle_at: tuple[int, int] | None = None  # (lo, generation): nothing to stage
        self._stopped = False
        self._thread = threading.Thread(target=self._run, name="tessera-stager", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        with self._cond:
            self._stopped = True
            self._cond.notify_all()
        if self._thread.is_alive():
            self._thread.join()

    def wake(self) -> None:
        """New messages are stored."""
        with self._cond:
            self._generation += 1
            self._cond.notify_all()

    def take(self, lo: int) -> StagedBatch | None:
        """The messages after watermark ``lo`` staged so far, as one batch (waiting while a
        chunk right after ``lo`` is being staged); None: nothing is staged — the caller takes
        the waiting messages serially and calls :meth:`claim` first."""
        with self._cond:
            if self._base != lo:  # the serial path or a failure moved the watermark
                self._reset(lo)
            while not self._stopped:
                if self._chunks:
                    chunks, self._chunks = self._chunks, []
                    try:
                        batch = merge_staged(chunks)
                    except Exception:  # e.g. chunks whose tables do not concatenate
                        log.exception("joining staged chunks failed; taking them serially")
                        break
                    self._base = batch.hi
                    self._cond.notify_all()
                    return batch
                if not self._staging:
                    break
                self._cond.wait()
            self._base = self._next_lo = None  # hold off until claim()
            return None

    def staged_messages(self) -> int:
        """How many messages are staged and not taken yet."""
        with self._cond:
            return sum(c.count for c in self._chunks)

    def claim(self, hi: int) -> None:
        """The processing thread takes the messages up to seq ``hi`` serially: stage after."""
        with self._cond:
            self._reset(hi)

    def _reset(self, lo: int) -> None:
        self._base = self._next_lo = lo
        self._chunks, self._idle_at = [], None
        self._cond.notify_all()

    def _run(self) -> None:
        lower_this_thread(self._nice)
        while True:
            with self._cond:
                while not self._stopped and (
                    self._next_lo is None
                    or sum(c.count for c in self._chunks) >= MAX_AHEAD
                    or self._idle_at == (self._next_lo, self._generation)
                ):
                    self._cond.wait()
                if self._stopped or self._next_lo is None:
                    return
                lo, generation = self._next_lo, self._generation
                self._staging = True
            chunk: StagedBatch | None = None
            try:
                # all that waits, unless more than MAX_AHEAD do (one read, the chunk's bounds)
                bounds = batch_bounds(self._engine, lo, MAX_AHEAD + 1)
                if bounds is not None and bounds[0] <= MAX_AHEAD:
                    chunk = stage_batch(
                        self._engine, self._config, self._junk, lo, MAX_AHEAD, bounds
                    )
            except Exception:
                log.exception("standardizing arrived messages failed; they are taken serially")
            with self._cond:
                self._staging = False
                if self._next_lo == lo:  # else the processing thread moved on meanwhile
                    if chunk is None:  # none waiting, too many, or failed: leave them
                        self._idle_at = (lo, generation)
                    else:
                        self._chunks.append(chunk)
                        self._next_lo = chunk.hi
                self._cond.notify_all()


class InboxProcessing:
    """Runs the inbox processor until stopped."""

    def __init__(
        self,
        engine: Engine,
        config: WorkspaceConfig,
        stager_engine: Engine | None = None,
        *,
        mirror: ProfileMirror | None = None,
        nice: int = 0,
    ) -> None:
        """``nice``: how much lower the processing and staging threads' CPU priority is than
        the request threads' (:mod:`tessera.api.threads`)."""
        self._processor = InboxProcessor(engine, config)
        self._nice = nice
        self._mirror = mirror
        if mirror is not None:  # documents this thread writes are copied after each commit
            mirror.follow(engine)
        self._stager = Stager(stager_engine, config, nice) if stager_engine else None
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._thread = threading.Thread(target=self._run, name="tessera-processor", daemon=True)
        self.processed = 0
        """Messages processed since the server started."""
        self.processed_seq = 0
        """The inbox watermark: every message up to this sequence number is processed."""
        self.staged = 0
        """Batches processed as standardized ahead by the staging thread."""

    @property
    def available(self) -> bool:
        """Whether the processing thread runs."""
        return self._thread.is_alive()

    def start(self) -> None:
        """Start the processing (and staging) threads."""
        if self._stager is not None:
            self._stager.start()
        self._thread.start()

    def wake(self) -> None:
        """New messages are stored: start a batch now if the thread is idle."""
        if self._stager is not None:
            self._stager.wake()
        self._wake.set()

    def stop(self) -> None:
        """Finish the current round and stop."""
        self._stop.set()
        self._wake.set()
        if self._stager is not None:
            self._stager.stop()
        if self._thread.is_alive():
            self._thread.join()

    @property
    def stager(self) -> Stager | None:
        """The staging thread, if any."""
        return self._stager

    def next_batch(self) -> BatchResult | None:
        """Process the next batch: what the staging thread has staged, else serially."""
        processor = self._processor
        if self._stager is None:
            return processor.process_batch()
        lo = processor.watermark()
        staged = self._stager.take(lo)
        if staged is not None:
            # Many more waiting (heavy ingest): this batch takes them too, standardized here,
            # rather than a batch of a few staged messages paying a whole batch's fixed cost.
            more = batch_bounds(processor.engine, staged.hi, processor.batch_size - staged.count)
            if more is not None and more[0] <= MAX_AHEAD:
                more = None  # the staging thread has them for the next batch
            if more is not None:
                self._stager.claim(more[1])
            try:
                result = processor.process_staged(staged, more)
            except Exception as exc:
                log.warning("a staged batch failed (%s); taking it serially", exc)
                return processor.process_batch(until=more[1] if more else staged.hi)
            self.staged += 1
            return result
        bounds = batch_bounds(processor.engine, lo, processor.batch_size)
        self._stager.claim(bounds[1] if bounds else lo)
        return processor.process_batch(until=bounds[1]) if bounds else None

    def _run(self) -> None:
        lower_this_thread(self._nice)
        try:
            self.processed_seq = int(self._processor.watermark())
        except Exception:
            log.exception("reading the inbox watermark failed")
        try:  # real-time matching against an in-memory mirror of match_input (ADR 0006)
            live_match.use_candidate_index(self._processor.engine)
        except Exception:
            log.exception("building the candidate index failed; matching without it")
        worked = False  # since the last idle moment
        while not self._stop.is_set():
            self._wake.clear()  # messages stored from here on are seen by the next batch
            try:
                result = self.next_batch()
            except Exception:
                log.exception("processing the inbox failed; continuing")
                result = None
            copied = self._flush_mirror()
            n = int(result.messages) if result is not None else 0
            if result is not None:
                self.processed_seq = int(result.last_seq)
                log.info(
                    "processed %d messages in %.3f s (%d records, %d profiles)%s",
                    n,
                    result.seconds,
                    result.records,
                    result.profiles,
                    f"; {copied[0]} copied to the profile mirror in {copied[1]:.3f} s"
                    if copied[0]
                    else "",
                )
            self.processed += n
            worked = worked or n > 0
            if n == 0:
                if worked:  # documents of household fellows left to the first idle moment
                    worked = False
                    try:
                        catch_up_documents(self._processor.engine)
                    except Exception:
                        log.exception("writing missing profile documents failed; continuing")
                    self._flush_mirror()
                self._wake.wait(IDLE_SECONDS)

    def _flush_mirror(self) -> tuple[int, float]:
        """Copy the profiles the last commit changed to the mirror: (profiles, seconds)."""
        if self._mirror is None:
            return 0, 0.0
        started = time.perf_counter()
        try:
            copied = self._mirror.flush(self._processor.engine)
        except Exception:  # noted again: copied by the next flush
            log.exception("copying changed profiles to the profile mirror failed")
            copied = 0
        return copied, time.perf_counter() - started
