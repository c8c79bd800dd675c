"""The background thread that turns newly stored inbox messages into profile updates.

It loops over ``InboxProcessor(session, config).process_batch()`` from
:mod:`tessera.pipeline.realtime` on its own engine session, sleeping briefly when there was
nothing to do. Without that module (not installed yet), messages stay in the inbox and are
processed by a later run.
"""

from __future__ import annotations

import importlib
import logging
import threading
from typing import Any

from tessera.config import WorkspaceConfig
from tessera.engines.base import Engine

log = logging.getLogger("tessera.api.processing")

IDLE_SECONDS = 0.05


class InboxProcessing:
    """Runs the inbox processor until stopped."""

    def __init__(self, engine: Engine, config: WorkspaceConfig) -> None:
        self._engine = engine
        self._config = config
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="tessera-processor", daemon=True)
        self.available = False
        self.processed = 0
        """Messages processed since the server started."""
        self.processed_seq = 0
        """The inbox watermark: every message up to this sequence number is processed."""

    def start(self) -> None:
        """Start the thread when the real-time processor exists."""
        try:
            module: Any = importlib.import_module("tessera.pipeline.realtime")
            factory = module.InboxProcessor
        except (ImportError, AttributeError) as exc:
            log.warning(
                "real-time processing is not available (%s); messages wait in the inbox", exc
            )
            return
        try:
            self._processor = factory(self._engine, self._config)
        except Exception:
            log.exception("the inbox processor could not start")
            return
        self.available = True
        self._thread.start()

    def stop(self) -> None:
        """Finish the current round and stop."""
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join()

    def _run(self) -> None:
        try:
            self.processed_seq = int(self._processor.watermark())
        except Exception:
            log.exception("reading the inbox watermark failed")
        while not self._stop.is_set():
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
            if n == 0:
                self._stop.wait(IDLE_SECONDS)
