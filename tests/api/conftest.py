"""A real ``tessera serve`` process on 127.0.0.1, on a fresh workspace with API keys.

Tests talk to it over HTTP, stop it (SIGTERM: the server commits what it acknowledged and
releases the database file) and then read the tables by opening the workspace themselves.
"""

from __future__ import annotations

import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest

from tessera.workspace import Workspace


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Server:
    """A running server and the keys made for it."""

    folder: Path
    url: str
    write_key: str
    read_key: str
    admin_key: str
    proc: subprocess.Popen[bytes]
    log: Path
    clients: list[httpx.Client] = field(default_factory=list)

    def client(self, **kwargs: Any) -> httpx.Client:
        """An HTTP client on the server's base URL."""
        c = httpx.Client(base_url=self.url, timeout=30, **kwargs)
        self.clients.append(c)
        return c

    def stop(self) -> None:
        """Stop the server gracefully and wait until the database file is released."""
        for c in self.clients:
            c.close()
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            self.proc.wait(timeout=60)
        # uvicorn shuts down gracefully, then re-raises the signal it caught
        assert self.proc.returncode in (0, -signal.SIGTERM), self.log.read_text()
        assert "Application shutdown complete" in self.log.read_text()

    def rows(self, sql: str, params: list[Any] | None = None) -> list[dict[str, Any]]:
        """Query the workspace (the server must be stopped)."""
        with Workspace.open(self.folder) as ws:
            return ws.engine.fetch_dicts(sql, params)

    def stats(self) -> dict[str, Any]:
        """``Workspace.event_stats`` (the server must be stopped)."""
        with Workspace.open(self.folder) as ws:
            return ws.event_stats()


StartServer = Callable[..., Server]


def wait_healthy(proc: subprocess.Popen[bytes], url: str, log: Path, timeout: float = 60) -> bool:
    """Wait until the server answers ``/health``: True, or False when the process exited
    first (fails the test after ``timeout`` seconds)."""
    deadline = time.monotonic() + timeout
    while proc.poll() is None:
        try:
            if httpx.get(f"{url}/health", timeout=2).status_code == 200:
                return True
        except httpx.TransportError:
            pass
        if time.monotonic() > deadline:
            pytest.fail(f"the server did not start: {log.read_text()}")
        time.sleep(0.05)
    return False


@pytest.fixture
def start_server(tmp_path: Path) -> Iterator[StartServer]:
    """Start ``tessera serve`` on a free port; ``prepare(folder)`` may fill the workspace
    (write its tessera.yaml, import, resolve) before the server opens it."""
    started: list[Server] = []

    def start(prepare: Callable[[Path], None] | None = None, source: str | None = None) -> Server:
        folder = tmp_path / f"ws{len(started)}"
        Workspace.init(folder)
        if prepare is not None:
            prepare(folder)
        with Workspace.open(folder) as ws:
            _, write_key = ws.create_api_key("write", source)
            _, read_key = ws.create_api_key("read")
            _, admin_key = ws.create_api_key("admin")
        port = _free_port()
        log = folder / "serve.log"
        with log.open("wb") as out:
            proc = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "tessera",
                    "serve",
                    "-w",
                    str(folder),
                    "--port",
                    str(port),
                ],
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        server = Server(
            folder, f"http://127.0.0.1:{port}", write_key, read_key, admin_key, proc, log
        )
        started.append(server)
        if not wait_healthy(proc, server.url, log, timeout=90):
            pytest.fail(f"the server exited: {log.read_text()}")
        return server

    yield start
    for s in started:
        for c in s.clients:
            c.close()
        if s.proc.poll() is None:
            s.proc.kill()
            s.proc.wait()


@pytest.fixture
def server(start_server: StartServer) -> Server:
    """A server on an empty workspace."""
    return start_server()
