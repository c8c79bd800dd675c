"""The server's keyring: keys are read at start and re-read by a thread of its own, so a key
created or revoked in the workspace takes effect within the reload interval, and checking a
key never reads the database on the request's thread."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pytest

from tessera.api import auth
from tessera.api.auth import Keyring
from tessera.api.errors import ApiError
from tessera.workspace import Workspace


def _eventually(check: Callable[[], bool], timeout: float = 10) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, "the keyring did not re-read the keys"
        time.sleep(0.02)


def test_keys_are_re_read_in_the_background(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(auth, "_RELOAD_SECONDS", 0.05)
    Workspace.init(tmp_path / "ws")
    with Workspace.open(tmp_path / "ws") as ws:
        _, first = ws.create_api_key("read")
        keyring = Keyring(ws.engine.session())
        keyring.start()
        try:
            assert keyring.require(first, ("read",)).scope == "read"
            created, second = ws.create_api_key("write")
            _eventually(lambda: keyring.find(second) is not None)
            with pytest.raises(ApiError) as denied:
                keyring.require(second, ("read", "admin"))
            assert denied.value.status == 403
            ws.revoke_api_key(created.key_id)
            _eventually(lambda: keyring.find(second) is None)
            with pytest.raises(ApiError) as unknown:
                keyring.require(second, ("write",))
            assert unknown.value.status == 401
            # checking reads no database: the re-reading thread alone does
            calls: list[int] = []
            monkeypatch.setattr(auth, "active_keys", lambda engine: calls.append(1) or {})
            monkeypatch.setattr(auth, "_RELOAD_SECONDS", 60)
            time.sleep(0.2)  # the thread's current wait (0.05 s) ends, the next is 60 s
            calls.clear()
            for _ in range(100):
                keyring.find(first)
            assert calls == []
        finally:
            keyring.stop()
