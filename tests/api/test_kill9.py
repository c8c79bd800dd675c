"""Kill -9 the server repeatedly during a long ingest: nothing acknowledged is lost or doubled.

Two client threads send /v1/batch requests of 50 messages with unique messageIds and retry
every request not answered with a 200 (connection errors, 5xx) until it is; meanwhile the
server process is killed with SIGKILL at random moments and restarted on the same workspace
and port. Afterwards every acknowledged messageId is in ``event_inbox`` exactly once, and
the real-time processor catches up after the last restart: one record per stored message.
"""

from __future__ import annotations

import random
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pytest

from tessera.pipeline.realtime import WATERMARK_KEY
from tessera.workspace import Workspace

from .conftest import _free_port, wait_healthy

MESSAGES = 4000
PER_REQUEST = 50
KILLS = 5
CLIENTS = 2


class Restartable:
    """``tessera serve`` on one workspace and port, killed and restarted at will."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.proc: subprocess.Popen[bytes] | None = None
        self.starts = 0

    def start(self) -> None:
        """Start the server; on a port taken meanwhile by another process, move to a new one."""
        for _ in range(5):
            log = self.folder / f"serve{self.starts}.log"
            self.starts += 1
            with log.open("wb") as out:
                self.proc = subprocess.Popen(
                    [
                        *(sys.executable, "-m", "tessera", "serve", "-w", str(self.folder)),
                        *("--port", str(self.port), "--log-level", "warning"),
                    ],
                    stdout=out,
                    stderr=subprocess.STDOUT,
                )
            if wait_healthy(self.proc, self.url, log):
                return
            text = log.read_text()
            if "address already in use" not in text.lower():
                pytest.fail(f"the server exited: {text}")
            self.port = _free_port()
            self.url = f"http://127.0.0.1:{self.port}"
        pytest.fail("no free port")

    def kill(self) -> None:
        assert self.proc is not None
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(timeout=30)

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            self.proc.wait(timeout=60)


def _message(i: int) -> dict[str, object]:
    person = i % 300
    if i % 10 == 0:
        return {
            "type": "identify",
            "messageId": f"m{i}",
            "anonymousId": f"anon-{person}",
            "userId": f"user-{person}",
            "traits": {"email": f"p{person}@example.org", "firstName": f"Ana{person}"},
        }
    if i % 10 == 1:
        return {
            "type": "track",
            "messageId": f"m{i}",
            "userId": f"user-{person}",
            "event": "Order Completed",
            "properties": {"revenue": i % 97, "currency": "EUR"},
        }
    return {
        "type": "page",
        "messageId": f"m{i}",
        "anonymousId": f"anon-{person}",
        "name": "Home",
    }


def test_kill9_loses_and_doubles_nothing(tmp_path: Path) -> None:
    folder = tmp_path / "ws"
    Workspace.init(folder)
    with Workspace.open(folder) as ws:
        _, write_key = ws.create_api_key("write")
    server = Restartable(folder)
    server.start()

    batches = [
        [_message(i) for i in range(lo, min(lo + PER_REQUEST, MESSAGES))]
        for lo in range(0, MESSAGES, PER_REQUEST)
    ]
    todo = list(range(len(batches)))
    random.Random(5).shuffle(todo)
    lock = threading.Lock()
    acknowledged: list[str] = []
    refused: list[str] = []
    failures = [0]
    stop = threading.Event()

    def client() -> None:
        with httpx.Client(auth=(write_key, ""), timeout=10) as http:
            while True:
                with lock:
                    if not todo:
                        return
                    n = todo.pop()
                while not stop.is_set():  # retry until acknowledged
                    try:
                        r = http.post(f"{server.url}/v1/batch", json={"batch": batches[n]})
                    except httpx.TransportError:
                        r = None
                    if r is not None and r.status_code == 200:
                        with lock:
                            acknowledged.extend(str(m["messageId"]) for m in batches[n])
                        break
                    if r is not None and r.status_code < 500:
                        with lock:
                            refused.append(f"{r.status_code} {r.text}")
                        break
                    with lock:
                        failures[0] += 1
                    time.sleep(0.05)

    threads = [threading.Thread(target=client, daemon=True) for _ in range(CLIENTS)]
    for t in threads:
        t.start()
    rng = random.Random(9)
    try:
        # Kill at random moments spread over the ingest: after a random share of the
        # batches has been acknowledged, plus a random delay inside the next requests.
        for k in range(KILLS):
            goal = len(batches) * (k + rng.random()) / (KILLS + 1) * PER_REQUEST
            while len(acknowledged) < goal and any(t.is_alive() for t in threads):
                time.sleep(0.005)
            time.sleep(rng.uniform(0, 0.05))
            server.kill()
            time.sleep(rng.uniform(0, 0.3))
            server.start()
        for t in threads:
            t.join(timeout=90)
            assert not t.is_alive(), "a client did not finish"

        # The processor catches up after the last restart (/health: the last inbox
        # sequence number stored and the last one processed).
        deadline = time.monotonic() + 60
        while True:
            health = httpx.get(f"{server.url}/health", timeout=10).json()
            caught_up = health["processed_seq"] >= health["inbox_seq"] > 0
            if caught_up or time.monotonic() > deadline:
                break
            time.sleep(0.1)
    finally:
        stop.set()
        server.stop()

    assert not refused
    assert failures[0] > 0, "no request failed: the kills did not hit the ingest"
    assert caught_up, f"the processor did not catch up: {health}"
    assert len(acknowledged) == MESSAGES == len(set(acknowledged))
    with Workspace.open(folder) as ws:
        e = ws.engine
        stored_max, watermark = e.fetchall(
            "SELECT (SELECT max(seq) FROM event_inbox), "
            "(SELECT value::BIGINT FROM meta WHERE key = ?)",
            [WATERMARK_KEY],
        )[0]
        stored = {
            r[0]: r[1]
            for r in e.fetchall("SELECT message_id, count(*) FROM event_inbox GROUP BY ALL")
        }
        records = {
            r[0]: r[1]
            for r in e.fetchall(
                "SELECT record_id, count(*) FROM records WHERE source = 'api' GROUP BY ALL"
            )
        }
    lost = set(acknowledged) - set(stored)
    doubled = {m for m, n in stored.items() if n > 1}
    assert not lost, f"{len(lost)} acknowledged messages lost"
    assert not doubled, f"{len(doubled)} messages stored twice"
    assert watermark == stored_max == health["inbox_seq"]
    assert set(stored) <= {f"m{i}" for i in range(MESSAGES)}
    # every message was finally acknowledged, so stored = acknowledged exactly
    assert len(stored) == len(set(acknowledged))
    assert records == dict.fromkeys(stored, 1)
