"""Shared helpers of the HTTP API benchmarks: a real ``tessera serve`` process, API keys, a
Segment message mix with identity stitching, and a keep-alive load generator.

The benchmarks run the server and the load generator on the same machine (2 cores here), so
every figure includes the load generator's own CPU time.
"""

from __future__ import annotations

import os
import random
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import orjson

from tessera.workspace import Workspace


def free_port() -> int:
    """A TCP port free on 127.0.0.1 now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def create_keys(folder: Path) -> tuple[str, str]:
    """(write key, read key) for the workspace (the server must not be running)."""
    with Workspace.open(folder) as ws:
        _, write_key = ws.create_api_key("write")
        _, read_key = ws.create_api_key("read")
    return write_key, read_key


class ServerProcess:
    """``tessera serve`` on a workspace, in its own process."""

    def __init__(self, folder: Path, log_level: str = "warning", args: Sequence[str] = ()) -> None:
        self.folder = folder
        self._args = list(args)
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = folder / "serve.log"
        self._log_level = log_level
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def pid(self) -> int:
        assert self.proc is not None
        return self.proc.pid

    def start(self, timeout: float = 600) -> ServerProcess:
        """Start the server and wait until ``/health`` answers."""
        with self.log.open("ab") as out:
            self.proc = subprocess.Popen(
                [
                    *(sys.executable, "-m", "tessera", "serve", "-w", str(self.folder)),
                    *("--port", str(self.port), "--log-level", self._log_level),
                    *self._args,
                ],
                stdout=out,
                stderr=subprocess.STDOUT,
                env={**os.environ, "PYTHONUNBUFFERED": "1"},
            )
        deadline = time.monotonic() + timeout
        while True:
            if self.proc.poll() is not None:
                raise RuntimeError(f"the server exited: {self.log.read_text()[-2000:]}")
            try:
                if httpx.get(f"{self.url}/health", timeout=5).status_code == 200:
                    return self
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"the server did not start: {self.log.read_text()[-2000:]}")
            time.sleep(0.1)

    def health(self) -> dict[str, Any]:
        """``GET /health``: stored / processed counters and inbox positions."""
        doc: dict[str, Any] = httpx.get(f"{self.url}/health", timeout=30).json()
        return doc

    def wait_mirror(self, timeout: float = 3600) -> float:
        """Seconds until the profile mirror answers lookups (0 when it is off)."""
        started = time.perf_counter()
        while time.perf_counter() - started < timeout:
            if self.health().get("profile_mirror", "off") in ("ready", "off"):
                return time.perf_counter() - started
            time.sleep(0.1)
        raise RuntimeError("the profile mirror was not built")

    def wait_caught_up(self, timeout: float = 3600) -> float:
        """Seconds until the processor has processed every stored message."""
        started = time.perf_counter()
        while time.perf_counter() - started < timeout:
            h = self.health()
            if h["processed_seq"] >= h["inbox_seq"]:
                return time.perf_counter() - started
            time.sleep(0.05)
        raise RuntimeError("the processor did not catch up")

    def batches(self) -> list[tuple[int, float]]:
        """(messages, seconds) of each micro-batch the server logged (``log_level="info"``)."""
        found = re.findall(r"processed (\d+) messages in ([\d.]+) s", self.log.read_text())
        return [(int(n), float(sec)) for n, sec in found]

    def stop(self) -> None:
        """Stop gracefully (SIGTERM)."""
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=300)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()

    def __enter__(self) -> ServerProcess:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def person_messages(p: int, rng: random.Random, prefix: str = "") -> list[dict[str, Any]]:
    """One visitor's journey, with identity stitching: anonymous page views and product views,
    an identify tying the anonymous id to a user id and an e-mail, then orders with revenue
    (by user id) and more page views. About 10 messages."""
    anon = f"{prefix}anon-{p}"
    user = f"{prefix}user-{p}"
    ctx = {"ip": f"10.{p % 250}.{p % 97}.{p % 13}", "userAgent": "bench/1.0", "locale": "it-IT"}
    msgs: list[dict[str, Any]] = []
    for k in range(rng.randint(2, 5)):
        msgs.append(
            {
                "type": "page",
                "anonymousId": anon,
                "name": rng.choice(["Home", "Shoes", "Bags", "Sale", "Cart"]),
                "properties": {"path": f"/p/{k}", "referrer": "https://www.google.com/"},
                "context": ctx,
            }
        )
    msgs.append(
        {
            "type": "track",
            "anonymousId": anon,
            "event": "Product Viewed",
            "properties": {"product_id": f"sku-{rng.randrange(5000)}", "category": "shoes"},
            "context": ctx,
        }
    )
    msgs.append(
        {
            "type": "identify",
            "anonymousId": anon,
            "userId": user,
            "traits": {
                "email": f"{prefix}p{p}@example.org",
                "firstName": f"Given{p % 5000}",
                "lastName": f"Family{p % 40000}",
                "phone": f"+39 3{p % 100000000:09d}"[:14],
            },
            "context": ctx,
        }
    )
    for _ in range(rng.randint(1, 2)):
        msgs.append(
            {
                "type": "track",
                "userId": user,
                "event": "Order Completed",
                "properties": {
                    "order_id": f"{prefix}o-{p}-{rng.randrange(10**9)}",
                    "revenue": round(rng.uniform(5, 300), 2),
                    "currency": "EUR",
                    "category": rng.choice(["shoes", "bags", "coats"]),
                },
                "context": ctx,
            }
        )
    for _ in range(rng.randint(0, 2)):
        msgs.append({"type": "page", "userId": user, "name": "Account", "context": ctx})
    return msgs


def message_stream(persons: int, seed: int = 1, prefix: str = "") -> list[dict[str, Any]]:
    """The messages of ``persons`` visitors, journeys interleaved as they would arrive, each
    with a unique messageId and a timestamp."""
    rng = random.Random(seed)
    journeys = [person_messages(p, rng, prefix) for p in range(persons)]
    out: list[dict[str, Any]] = []
    live: list[Iterator[dict[str, Any]]] = []
    pending = iter(journeys)
    n = 0
    while True:
        while len(live) < 500:
            nxt = next(pending, None)
            if nxt is None:
                break
            live.append(iter(nxt))
        if not live:
            break
        i = rng.randrange(len(live))
        msg = next(live[i], None)
        if msg is None:
            live.pop(i)
            continue
        msg["messageId"] = f"{prefix}m{seed}-{n}"
        msg["timestamp"] = "2026-11-22T10:00:00Z"
        out.append(msg)
        n += 1
    return out


def batch_bodies(messages: list[dict[str, Any]], per_request: int) -> list[bytes]:
    """Encoded ``/v1/batch`` request bodies of ``per_request`` messages."""
    return [
        orjson.dumps({"batch": messages[i : i + per_request], "sentAt": "2026-11-22T10:00:00Z"})
        for i in range(0, len(messages), per_request)
    ]


@dataclass
class LoadResult:
    """What a load run measured."""

    requests: int = 0
    seconds: float = 0.0
    latencies_ms: list[float] = field(default_factory=list)
    errors: int = 0


def send_all(
    url: str,
    write_key: str,
    bodies: list[bytes],
    concurrency: int,
    stop: threading.Event | None = None,
    pause: float = 0.0,
    bodies_per_second: float = 0.0,
) -> LoadResult:
    """POST every body to ``/v1/batch`` from ``concurrency`` threads with keep-alive clients
    (a request not answered 200 counts as an error and is not retried); with
    ``bodies_per_second``, body *i* is not sent before *i* / rate seconds after the start."""
    result = LoadResult()
    lock = threading.Lock()
    position = [0]
    clock = [time.perf_counter()]

    def worker() -> None:
        headers = {"content-type": "application/json"}
        with httpx.Client(base_url=url, auth=(write_key, ""), timeout=60) as http:
            while stop is None or not stop.is_set():
                with lock:
                    i = position[0]
                    position[0] += 1
                if i >= len(bodies):
                    return
                if bodies_per_second:
                    wait = clock[0] + i / bodies_per_second - time.perf_counter()
                    if wait > 0:
                        time.sleep(wait)
                s = time.perf_counter()
                try:
                    ok = (
                        http.post("/v1/batch", content=bodies[i], headers=headers).status_code
                        == 200
                    )
                except httpx.TransportError:
                    ok = False
                ms = (time.perf_counter() - s) * 1000
                with lock:
                    result.latencies_ms.append(ms)
                    result.requests += 1
                    result.errors += not ok
                if pause:
                    time.sleep(pause)

    threads = [threading.Thread(target=worker, daemon=True) for _ in range(concurrency)]
    started = clock[0] = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    result.seconds = time.perf_counter() - started
    return result
