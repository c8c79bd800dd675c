"""API keys on requests: HTTP Basic (the key as user name), ``Bearer`` or ``writeKey``.

Active keys are held in memory by the sha256 of the whole key and reloaded every few seconds,
so checking a key costs a hash and a dict lookup.
"""

from __future__ import annotations

import base64
import binascii
import threading
import time

from fastapi import Request

from tessera.api.errors import ApiError
from tessera.engines.base import Engine
from tessera.pipeline.collect.keys import ApiKey, active_keys, key_hash

_RELOAD_SECONDS = 5.0


def header_key(request: Request) -> str | None:
    """The key in the Authorization header (Basic user name or Bearer token), if any."""
    value = request.headers.get("authorization")
    if not value:
        return None
    scheme, _, rest = value.strip().partition(" ")
    scheme = scheme.lower()
    if scheme == "bearer":
        return rest.strip()
    if scheme == "basic":
        try:
            decoded = base64.b64decode(rest.strip(), validate=True).decode("utf-8")
        except (binascii.Error, UnicodeDecodeError):
            raise ApiError(401, "unauthorized", "malformed Basic credentials") from None
        return decoded.partition(":")[0]
    raise ApiError(401, "unauthorized", "use HTTP Basic (key as user name) or a Bearer key")


class Keyring:
    """The active API keys, reloaded from the workspace every few seconds."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._lock = threading.Lock()
        self._keys: dict[str, ApiKey] = {}
        self._loaded = float("-inf")

    def stale(self) -> bool:
        """Whether the next :meth:`find` reads the keys from the workspace first."""
        return time.monotonic() - self._loaded > _RELOAD_SECONDS

    def reload(self) -> None:
        """Read the active keys from the workspace (blocking: off the event loop)."""
        with self._lock:
            if self.stale():
                self._keys = active_keys(self._engine)
                self._loaded = time.monotonic()

    def find(self, key: str | None) -> ApiKey | None:
        """The active key with this text, or None."""
        if not key:
            return None
        if self.stale():
            self.reload()
        with self._lock:
            return self._keys.get(key_hash(key))

    def require(self, key: str | None, scopes: tuple[str, ...]) -> ApiKey:
        """The key if it is active and has one of ``scopes``; else 401 / 403."""
        found = self.find(key)
        if found is None:
            raise ApiError(
                401, "unauthorized", "missing or invalid API key" if key else "missing API key"
            )
        if found.scope not in scopes:
            raise ApiError(
                403, "forbidden", f"a {found.scope} key cannot do this (needs {'/'.join(scopes)})"
            )
        return found
