"""Background threads run at a lower CPU priority than the request threads (Linux)."""

from __future__ import annotations

import os
import sys
import threading
import time
from pathlib import Path

import pytest

from tessera.api.threads import lower_this_thread
from tests.api.conftest import StartServer

linux = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="per-thread nice: Linux")


def _nice_of(pid: int, tid: int) -> int:
    stat = Path(f"/proc/{pid}/task/{tid}/stat").read_text()
    return int(stat.rpartition(")")[2].split()[16])  # field 19: nice


@linux
def test_lowering_one_thread_leaves_the_others() -> None:
    seen: dict[str, int] = {}

    def work() -> None:
        assert lower_this_thread(5)
        tid = threading.get_native_id()
        seen["worker"] = os.getpriority(os.PRIO_PROCESS, tid)

    before = os.getpriority(os.PRIO_PROCESS, threading.get_native_id())
    t = threading.Thread(target=work)
    t.start()
    t.join()
    assert seen["worker"] == min(before + 5, 19)
    assert os.getpriority(os.PRIO_PROCESS, threading.get_native_id()) == before
    assert not lower_this_thread(0)


@linux
def test_the_server_runs_its_background_threads_at_a_lower_priority(
    start_server: StartServer,
) -> None:
    server = start_server()
    pid = server.proc.pid
    main = _nice_of(pid, pid)
    deadline = time.monotonic() + 30
    while True:  # the processing and staging threads lower themselves when they start
        lowered = [
            int(t.name)
            for t in Path(f"/proc/{pid}/task").iterdir()
            if _nice_of(pid, int(t.name)) == main + 5
        ]
        if len(lowered) >= 2:
            break
        assert time.monotonic() < deadline, "no background thread runs at nice +5"
        time.sleep(0.1)
    assert _nice_of(pid, pid) == main  # the event loop's thread keeps its priority
