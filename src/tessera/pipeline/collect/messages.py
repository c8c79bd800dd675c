"""Segment HTTP Tracking API messages: limits, validation and normalization (pure, no I/O).

A message is checked with :func:`check_message` (returning the reason it is invalid, or None)
and turned into an :class:`Accepted` row with :func:`prepare`: the batch's ``context`` and
``integrations`` merged in, a ``messageId`` assigned when missing, ``receivedAt`` added, and
the event time corrected for the client's clock skew::

    event_time = receivedAt - (sentAt - timestamp)   when sentAt and timestamp are given
               = timestamp                          when only timestamp is given
               = receivedAt                         otherwise

The original ``timestamp`` and ``sentAt`` stay in the payload unchanged. The write key is
never stored.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any

import orjson

#: Largest message, as JSON, in bytes (a single-message request or one message of a batch).
MAX_MESSAGE_BYTES = 32 * 1024
#: Largest batch request body (after gzip decompression), in bytes.
MAX_BATCH_BYTES = 500 * 1024
#: Most messages in one batch request.
MAX_BATCH_MESSAGES = 2500
#: The message types of the Segment spec, each with its single-message endpoint.
MESSAGE_TYPES: frozenset[str] = frozenset({"identify", "track", "page", "screen", "group", "alias"})

_OBJECT_FIELDS = ("traits", "properties", "context", "integrations")
_STRING_FIELDS = ("event", "name", "category")
_TIME_FIELDS = ("timestamp", "sentAt", "originalTimestamp")
_MAX_ID_CHARS = 1024


@dataclass(frozen=True, slots=True)
class Accepted:
    """A valid message, ready for the inbox."""

    source: str
    message_id: str
    type: str
    received_at: dt.datetime
    event_time: dt.datetime | None
    payload: str
    """The message as JSON text: batch context merged, messageId and receivedAt added."""


@dataclass(frozen=True, slots=True)
class Quarantined:
    """A message of an accepted request that failed validation, kept with the reason."""

    source: str
    message_id: str | None
    received_at: dt.datetime
    reason: str
    payload: str
    """The message as received (batch context merged in, write key removed)."""


def _is_id(value: Any) -> bool:
    if isinstance(value, str):
        return 0 < len(value) <= _MAX_ID_CHARS
    return isinstance(value, int | float) and not isinstance(value, bool)


def parse_time(value: Any) -> dt.datetime | None:
    """An ISO 8601 text as an aware datetime (UTC when no offset is given); None if unreadable."""
    if not isinstance(value, str) or not 0 < len(value) <= 64:
        return None
    try:
        parsed = dt.datetime.fromisoformat(value)
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)


def check_message(msg: Any) -> str | None:
    """Why a message breaks the spec, or None when it is valid."""
    if not isinstance(msg, dict):
        return f"a message must be a JSON object, not {type(msg).__name__}"
    kind = msg.get("type")
    if not isinstance(kind, str) or kind not in MESSAGE_TYPES:
        return f"type must be one of {', '.join(sorted(MESSAGE_TYPES))} (got {kind!r:.40})"
    user_id, anonymous_id = msg.get("userId"), msg.get("anonymousId")
    if user_id is None and anonymous_id is None:
        return "userId or anonymousId is required"
    for field, value in (("userId", user_id), ("anonymousId", anonymous_id)):
        if value is not None and not _is_id(value):
            return f"{field} must be a non-empty string or a number"
    message_id = msg.get("messageId")
    if message_id is not None and not (
        isinstance(message_id, str) and 0 < len(message_id) <= _MAX_ID_CHARS
    ):
        return "messageId must be a non-empty string"
    for field in _OBJECT_FIELDS:
        value = msg.get(field)
        if value is not None and not isinstance(value, dict):
            return f"{field} must be an object"
    for field in _STRING_FIELDS:
        value = msg.get(field)
        if value is not None and not isinstance(value, str):
            return f"{field} must be a string"
    for field in _TIME_FIELDS:
        value = msg.get(field)
        if value is not None and parse_time(value) is None:
            return f"{field} must be an ISO 8601 date-time"
    if kind == "track" and not msg.get("event"):
        return "track needs event"
    if kind == "alias" and not (_is_id(msg.get("previousId")) and user_id is not None):
        return "alias needs previousId and userId"
    if kind == "group" and not _is_id(msg.get("groupId")):
        return "group needs groupId"
    return None


def merge_batch_fields(msg: dict[str, Any], batch: dict[str, Any]) -> dict[str, Any]:
    """The message with the batch's context / integrations (the message's own keys win) and
    the batch's sentAt when it has none; the write key removed."""
    out = dict(msg)
    out.pop("writeKey", None)
    for field in ("context", "integrations"):
        shared = batch.get(field)
        if isinstance(shared, dict) and shared:
            own = out.get(field)
            out[field] = {**shared, **own} if isinstance(own, dict) else (own or dict(shared))
    if "sentAt" not in out and batch.get("sentAt") is not None:
        out["sentAt"] = batch["sentAt"]
    return out


def event_time(msg: dict[str, Any], received_at: dt.datetime) -> dt.datetime:
    """The message's time, corrected for the client's clock skew (see the module doc)."""
    timestamp = parse_time(msg.get("timestamp"))
    if timestamp is None:
        return received_at
    sent_at = parse_time(msg.get("sentAt"))
    if sent_at is None:
        return timestamp
    return received_at - (sent_at - timestamp)


def dumps(value: Any) -> str:
    """JSON text of a parsed message (raises ``TypeError`` for unencodable text)."""
    return orjson.dumps(value).decode()


def prepare(msg: dict[str, Any], source: str, received_at: dt.datetime) -> Accepted:
    """A valid (checked) message as an inbox row."""
    payload = dict(msg)
    message_id = payload.get("messageId") or str(uuid.uuid4())
    payload["messageId"] = message_id
    payload["receivedAt"] = received_at.isoformat()
    return Accepted(
        source=source,
        message_id=message_id,
        type=payload["type"],
        received_at=received_at,
        event_time=event_time(payload, received_at),
        payload=dumps(payload),
    )


def classify(msg: Any, raw: str, source: str, received_at: dt.datetime) -> Accepted | Quarantined:
    """Accept a (merged) message or quarantine it with the reason."""
    reason = check_message(msg)
    if reason is None:
        try:
            return prepare(msg, source, received_at)
        except TypeError as exc:  # e.g. a lone surrogate in a string
            reason = f"cannot be encoded as JSON: {exc}"
    message_id = msg.get("messageId") if isinstance(msg, dict) else None
    return Quarantined(
        source=source,
        message_id=message_id if isinstance(message_id, str) else None,
        received_at=received_at,
        reason=reason,
        payload=raw,
    )
