"""Collection endpoints, as Segment's HTTP Tracking API: ``POST /v1/{type}`` and ``/v1/batch``.

A request is read within its size limit, parsed with orjson, authenticated (write keys), and
its messages validated one by one. A batch stores its valid messages and quarantines the rest;
a single-message request with an invalid message is refused with 400. A request refused as a
whole is recorded in ``event_rejections`` with the number of messages it held.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Awaitable, Callable
from typing import Any

import orjson
from fastapi import APIRouter, Request
from fastapi.responses import Response

from tessera.api.app import ApiState, state_of
from tessera.api.auth import header_key
from tessera.api.body import read_body
from tessera.api.errors import ApiError
from tessera.config import DEFAULT_STREAM_SOURCE
from tessera.errors import TesseraError
from tessera.pipeline.collect.inbox import Rejection, Write
from tessera.pipeline.collect.keys import ApiKey
from tessera.pipeline.collect.messages import (
    MAX_BATCH_BYTES,
    MAX_BATCH_MESSAGES,
    MAX_MESSAGE_BYTES,
    MESSAGE_TYPES,
    Accepted,
    check_message,
    classify,
    dumps,
    merge_batch_fields,
    prepare,
)

log = logging.getLogger("tessera.api")
router = APIRouter(prefix="/v1", tags=["collection"])

_SUCCESS = b'{"success":true}'
_BODY_DOC: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "content": {"application/json": {"schema": {"type": "object"}}},
        "description": "A Segment message (or {batch: [...]} for /v1/batch); gzip accepted.",
    }
}


def _parse(body: bytes) -> Any:
    if not body.strip():
        raise ApiError(400, "invalid_json", "the body is empty")
    try:
        return orjson.loads(body)
    except orjson.JSONDecodeError as exc:
        raise ApiError(400, "invalid_json", f"the body is not valid JSON: {exc}") from None


def _authenticate(state: ApiState, header: str | None, doc: Any) -> ApiKey:
    key = header
    if key is None and isinstance(doc, dict) and isinstance(doc.get("writeKey"), str):
        key = doc["writeKey"]
    return state.keyring.require(key, ("write",))


def _single(doc: Any, kind: str, source: str, received_at: dt.datetime) -> Write:
    if not isinstance(doc, dict):
        raise ApiError(400, "invalid_message", "the body must be a JSON object")
    msg = merge_batch_fields(doc, {})
    msg["type"] = kind
    reason = check_message(msg)
    if reason is None:
        try:
            return Write(accepted=[prepare(msg, source, received_at)])
        except TypeError as exc:
            reason = f"cannot be encoded as JSON: {exc}"
    raise ApiError(400, "invalid_message", reason)


def _batch_items(doc: Any) -> list[Any]:
    if not isinstance(doc, dict):
        raise ApiError(400, "invalid_batch", "the body must be a JSON object with a batch list")
    items = doc.get("batch")
    if not isinstance(items, list):
        raise ApiError(400, "invalid_batch", "batch must be a list of messages")
    return items


def _batch(doc: dict[str, Any], items: list[Any], source: str, received_at: dt.datetime) -> Write:
    shared = {k: doc[k] for k in ("context", "integrations") if isinstance(doc.get(k), dict)}
    allowance = MAX_MESSAGE_BYTES + (len(dumps(shared)) if shared else 0)
    write = Write()
    for i, item in enumerate(items):
        msg = merge_batch_fields(item, doc) if isinstance(item, dict) else item
        try:
            raw = dumps(msg)
        except TypeError:
            raw = repr(msg)[:allowance]
        if len(raw) > allowance:
            raise ApiError(
                400,
                "message_too_large",
                f"message {i} is larger than {MAX_MESSAGE_BYTES // 1024} KB",
            )
        result = classify(msg, raw, source, received_at)
        if isinstance(result, Accepted):
            write.accepted.append(result)
        else:
            write.quarantined.append(result)
    return write


async def _collect(request: Request, kind: str | None) -> Response:
    state = state_of(request)
    received_at = dt.datetime.now(dt.UTC)
    key: ApiKey | None = None
    messages, wire = 1, 0
    try:
        header = header_key(request)
        body, wire = await read_body(request, MAX_MESSAGE_BYTES if kind else MAX_BATCH_BYTES)
        doc = _parse(body)
        items = _batch_items(doc) if kind is None else None
        if items is not None:
            messages = len(items)
            if messages > MAX_BATCH_MESSAGES:
                raise ApiError(
                    400,
                    "too_many_messages",
                    f"{messages} messages in one batch (at most {MAX_BATCH_MESSAGES})",
                )
        key = _authenticate(state, header, doc)
        source = key.source or DEFAULT_STREAM_SOURCE
        if items is None:
            write = _single(doc, kind or "", source, received_at)
        else:
            write = _batch(doc, items, source, received_at)
    except ApiError as exc:
        await _record(state, request, received_at, key, exc, messages, wire)
        raise
    await state.writer.submit(write)
    return Response(_SUCCESS, media_type="application/json")


async def _record(
    state: ApiState,
    request: Request,
    received_at: dt.datetime,
    key: ApiKey | None,
    exc: ApiError,
    messages: int,
    wire: int,
) -> None:
    rejection = Rejection(
        received_at=received_at,
        key_id=key.key_id if key else None,
        path=request.url.path[:200],
        status=exc.status,
        code=exc.code,
        reason=exc.message[:1000],
        messages=messages,
        bytes=wire,
    )
    try:
        await state.writer.submit(Write(rejection=rejection))
    except TesseraError:
        log.exception("a refused request could not be recorded")


def _endpoint(kind: str | None) -> Callable[[Request], Awaitable[Response]]:
    async def endpoint(request: Request) -> Response:
        return await _collect(request, kind)

    return endpoint


router.add_api_route(
    "/batch",
    _endpoint(None),
    methods=["POST"],
    summary="Send up to 2,500 messages (500 KB) at once",
    openapi_extra=_BODY_DOC,
    response_model=None,
)
for _kind in sorted(MESSAGE_TYPES):
    router.add_api_route(
        f"/{_kind}",
        _endpoint(_kind),
        methods=["POST"],
        summary=f"Send one {_kind} message (32 KB at most)",
        openapi_extra=_BODY_DOC,
        response_model=None,
    )
