"""The background thread that turns newly stored inbox messages into profile updates.

It loops over ``InboxProcessor(session, config).process_batch()`` from
:mod:`tessera.pipeline.realtime` on its own engine session. When there was nothing to do it
waits until the writer reports newly stored messages (:meth:`InboxProcessing.wake`), so a
message starts being processed the moment it is committed, not at the next poll.
"""

from __future__ import annotations

import logging
import threading

from tessera.config import WorkspaceConfig
from tessera.engines.base import Engine
from tessera.pipeline.realtime import InboxProcessor
from tessera.pipeline.resolve import live_match
from tessera.pipeline.unify.documents import catch_up_documents

log = logging.getLogger("tessera.api.processing")

#: The longest idle wait without a wake-up (a safety net: the writer wakes the thread).
IDLE_SECONDS = 1.0


class InboxProcessing:
    """Runs the inbox processor until stopped."""

    def __init__(self, engine: Engine, config: WorkspaceConfig) -> None:
        self._processor = InboxProcessor(engine, config)
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._thread = threading.Thread(target=self._run, name="tessera-processor", daemon=True)
        self.processed = 0
        """Messages processed since the server started."""
        self.processed_seq = 0
        """The inbox watermark: every message up to this sequence number is processed."""

    @property
    def available(self) -> bool:
        """Whether the processing thread runs."""
        return self._thread.is_alive()

    def start(self) -> None:
        """Start the processing thread."""
        self._thread.start()

    def wake(self) -> None:
        """New messages are stored: start a batch now if the thread is idle."""
        self._wake.set()

    def stop(self) -> None:
        """Finish the current round and stop."""
        self._stop.set()
        self._wake.set()
        if self._thread.is_alive():
            self._thread.join()

    def _run(self) -> None:
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
                result = self._processor.process_batch()
            except Exception:
                log.exception("processing the inbox failed; continuing")
                result = None
            n = int(result.messages) if result is not None else 0
            if result is not None:
                self.processed_seq = int(result.last_seq)
                log.info(
                    "processed %d messages in %.3f s (%d records, %d profiles)",
                    n,
                    result.seconds,
                    result.records,
                    result.profiles,
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
                self._wake.wait(IDLE_SECONDS)
