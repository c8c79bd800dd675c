"""API keys on requests: HTTP Basic (the key as user name), ``Bearer`` or ``writeKey``.

Active keys are held in memory by the sha256 of the whole key and re-read every few seconds
by a thread of their own, so checking a key costs a hash and a dict lookup.
"""

from __future__ import annotations

import base64
import binascii
import logging
import threading

from fastapi import Request

from tessera.api.errors import ApiError
from tessera.engines.base import Engine
from tessera.pipeline.collect.keys import ApiKey, active_keys, key_hash

_RELOAD_SECONDS = 5.0
log = logging.getLogger(__name__)


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
    """The active API keys: read when the server starts, then again every few seconds by a
    thread of its own — checking a key never waits for the database (a reload on the request
    path ran a query on the event loop every few seconds, in front of every request)."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._lock = threading.Lock()
        self._keys: dict[str, ApiKey] = {}
        self._loaded = False
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def reload(self) -> None:
        """Read the active keys from the workspace (blocking)."""
        keys = active_keys(self._engine)
        with self._lock:
            self._keys, self._loaded = keys, True

    def start(self) -> None:
        """Read the keys now, then every few seconds until :meth:`stop`."""
        self.reload()
        self._thread = threading.Thread(target=self._run, name="tessera-keys", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        """Stop re-reading (before the workspace closes)."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join()

    def _run(self) -> None:
        while not self._stop.wait(_RELOAD_SECONDS):
            try:
                self.reload()
            except Exception:  # the keys read last stay in force
                log.exception("re-reading the API keys failed")

    def find(self, key: str | None) -> ApiKey | None:
        """The active key with this text, or None."""
        if not key:
            return None
        if not self._loaded:  # not started (an application used without its lifespan)
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
