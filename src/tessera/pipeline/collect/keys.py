"""API keys: write keys (Segment "write keys", naming the source of their messages), read
keys (the profile API) and admin keys.

A key reads ``tsk_<key_id>_<secret>``; only its sha256 is stored, so a key is shown once, when
it is created. The ``key_id`` is the public part used in lists and logs.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import secrets
from dataclasses import dataclass

from tessera.config import DEFAULT_STREAM_SOURCE
from tessera.engines.base import Engine
from tessera.errors import ConfigError, ReferenceNotFound

SCOPES = ("write", "read", "admin")
_SOURCE_NAME = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}$")


@dataclass(frozen=True, slots=True)
class ApiKey:
    """An API key as stored (never its secret)."""

    key_id: str
    scope: str
    source: str | None
    created_at: dt.datetime
    revoked_at: dt.datetime | None
    note: str | None


def key_hash(key: str) -> str:
    """The stored form of a key: its sha256, hex."""
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()


def create_key(
    engine: Engine, scope: str, source: str | None = None, note: str | None = None
) -> tuple[ApiKey, str]:
    """Create a key; return it with the whole key text (shown once, never stored)."""
    if scope not in SCOPES:
        raise ConfigError(f"scope must be one of {', '.join(SCOPES)}, not {scope!r}")
    if scope != "write" and source is not None:
        raise ConfigError("--source applies to write keys only")
    if scope == "write":
        source = source or DEFAULT_STREAM_SOURCE
        if not _SOURCE_NAME.match(source):
            raise ConfigError(
                f"source name {source!r}: use letters, digits, '_', '-' or '.' (at most 64)"
            )
    key_id = secrets.token_hex(6)
    key = f"tsk_{key_id}_{secrets.token_urlsafe(24)}"
    created = dt.datetime.now(dt.UTC)
    engine.execute(
        "INSERT INTO api_keys VALUES (?, ?, ?, ?, ?, NULL, ?)",
        [key_id, scope, source, key_hash(key), created, note],
    )
    return ApiKey(key_id, scope, source, created, None, note), key


def _rows(engine: Engine, where: str = "", params: list[object] | None = None) -> list[ApiKey]:
    return [
        ApiKey(*r)
        for r in engine.fetchall(
            "SELECT key_id, scope, source, created_at, revoked_at, note FROM api_keys "
            f"{where} ORDER BY created_at, key_id",
            params,
        )
    ]


def list_keys(engine: Engine) -> list[ApiKey]:
    """Every key, revoked ones included, oldest first."""
    return _rows(engine)


def revoke_key(engine: Engine, key_id: str) -> ApiKey:
    """Revoke a key by its id (revoking twice keeps the first time)."""
    if not _rows(engine, "WHERE key_id = ?", [key_id]):
        raise ReferenceNotFound(f"no API key {key_id} (see 'tessera keys list')")
    engine.execute(
        "UPDATE api_keys SET revoked_at = coalesce(revoked_at, now()) WHERE key_id = ?", [key_id]
    )
    return _rows(engine, "WHERE key_id = ?", [key_id])[0]


def active_keys(engine: Engine) -> dict[str, ApiKey]:
    """Keys not revoked, by the sha256 of the whole key."""
    return {
        r[0]: ApiKey(*r[1:])
        for r in engine.fetchall(
            "SELECT secret_hash, key_id, scope, source, created_at, revoked_at, note "
            "FROM api_keys WHERE revoked_at IS NULL"
        )
    }
