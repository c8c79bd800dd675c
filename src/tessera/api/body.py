"""Reading a request body within a size limit, gzip included, without inflating bombs."""

from __future__ import annotations

import zlib

from fastapi import Request

from tessera.api.errors import ApiError

#: Past the limit, at most this much more is read (and dropped) so the client can read the 413.
_DRAIN_BYTES = 4 * 1024 * 1024


def _too_large(limit: int) -> ApiError:
    return ApiError(413, "request_too_large", f"the body is larger than {limit // 1024} KB")


async def read_body(request: Request, limit: int) -> tuple[bytes, int]:
    """(the decoded body, bytes on the wire); a body over ``limit`` bytes — on the wire or
    after gzip decompression — is refused with 413 before it is read or inflated further."""
    encoding = request.headers.get("content-encoding", "").strip().lower()
    if encoding not in ("", "identity", "gzip", "x-gzip"):
        raise ApiError(
            415, "unsupported_encoding", f"Content-Encoding {encoding!r:.40} (use gzip or none)"
        )
    length = request.headers.get("content-length", "")
    declared = int(length) if length.isdigit() and len(length) < 19 else None
    chunks: list[bytes] = []
    size = 0
    over = declared is not None and declared > limit
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            over = True
        if over:
            if size > limit + _DRAIN_BYTES:
                break
            continue
        chunks.append(chunk)
    if over:
        raise _too_large(limit)
    body = b"".join(chunks)
    if encoding in ("gzip", "x-gzip"):
        body = _gunzip(body, limit)
    return body, size


def _gunzip(data: bytes, limit: int) -> bytes:
    inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        out = inflater.decompress(data, limit + 1)
    except zlib.error as exc:
        raise ApiError(
            400, "invalid_gzip", f"the gzip body cannot be decompressed: {exc}"
        ) from None
    if len(out) > limit or inflater.unconsumed_tail:
        raise _too_large(limit)
    if not inflater.eof:
        raise ApiError(400, "invalid_gzip", "the gzip body is truncated")
    return out
