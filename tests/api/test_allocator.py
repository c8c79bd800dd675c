"""The real server process runs under jemalloc when the system has the library."""

from __future__ import annotations

from pathlib import Path

import pytest

from tessera.cli.allocator import find_jemalloc
from tests.api.conftest import Server


def test_served_under_jemalloc_with_the_same_process_id(server: Server) -> None:
    if find_jemalloc() is None:
        pytest.skip("libjemalloc.so.2 is not installed here (Debian: apt install libjemalloc2)")
    # re-executed in place (exec): the process the test started is the server, now mapping
    # jemalloc, and it answers
    maps = Path(f"/proc/{server.proc.pid}/maps").read_text()
    assert "libjemalloc" in maps
    assert server.client().get("/health").status_code == 200
