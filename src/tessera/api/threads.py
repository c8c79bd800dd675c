"""Background threads of the server run at a lower CPU priority than the request threads.

The processing, staging and mirror-building threads keep a core busy under ingest; the event
loop answering profile lookups waits for a core behind them. On Linux each thread is a task
with its own nice value (``setpriority`` on the thread id), and raising one's own nice value
needs no privilege. Measured at 1M profiles under ingest (docs/benchmarks.md, round 8): nice 5
moved lookup p99 from 5.9–9.3 to 4.5–7.0 ms, ingest unchanged, freshness p99 ≈ 50 ms higher
(p50 unchanged); the processing thread yields the cores to requests when they are saturated
and takes larger batches after.
"""

from __future__ import annotations

import logging
import os
import sys
import threading

log = logging.getLogger(__name__)

#: ``tessera serve --background-nice`` default.
DEFAULT_NICE = 5


def lower_this_thread(nice: int) -> bool:
    """Raise the calling thread's nice value by ``nice`` (0: leave it); whether it was done
    (Linux only: elsewhere the value applies to the whole process, so it is not applied)."""
    if nice <= 0 or not sys.platform.startswith("linux"):
        return False
    tid = threading.get_native_id()
    try:
        os.setpriority(os.PRIO_PROCESS, tid, os.getpriority(os.PRIO_PROCESS, tid) + nice)
    except OSError as exc:
        log.warning("could not lower the priority of %s: %s", threading.current_thread().name, exc)
        return False
    return True
