"""Errors become JSON ``{"code": ..., "message": ...}`` responses here, and nowhere else.

Bad input is always a 4xx; a 5xx means a bug or unavailable storage, never bad input.
"""

from __future__ import annotations

import logging
from typing import Any

import orjson
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from tessera.errors import ReferenceNotFound, TesseraError, TransientError

log = logging.getLogger("tessera.api")

_HTTP_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    413: "request_too_large",
    415: "unsupported_media_type",
}


class ApiError(Exception):
    """A request the API refuses: HTTP status, a stable code and a one-sentence message."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message


def error_response(
    status: int, code: str, message: str, headers: dict[str, str] | None = None
) -> Response:
    """The JSON error body every refusal uses."""
    return Response(
        orjson.dumps({"code": code, "message": message}),
        status_code=status,
        media_type="application/json",
        headers=headers,
    )


def _first_validation_error(exc: RequestValidationError) -> str:
    errors: list[Any] = list(exc.errors())
    if not errors:
        return "invalid request"
    first = errors[0]
    where = ".".join(str(p) for p in first.get("loc", ()) if p not in ("query", "path"))
    return f"{where}: {first.get('msg', 'invalid')}" if where else str(first.get("msg"))


def install_error_handlers(app: FastAPI) -> None:
    """Register the one translation of exceptions into JSON error responses."""

    async def api_error(_request: Request, exc: Exception) -> Response:
        assert isinstance(exc, ApiError)
        headers = {"WWW-Authenticate": 'Basic realm="tessera"'} if exc.status == 401 else None
        return error_response(exc.status, exc.code, exc.message, headers)

    async def validation_error(_request: Request, exc: Exception) -> Response:
        assert isinstance(exc, RequestValidationError)
        return error_response(400, "invalid_request", _first_validation_error(exc))

    async def http_error(_request: Request, exc: Exception) -> Response:
        assert isinstance(exc, StarletteHTTPException)
        code = _HTTP_CODES.get(exc.status_code, "http_error")
        return error_response(exc.status_code, code, str(exc.detail))

    async def tessera_error(_request: Request, exc: Exception) -> Response:
        if isinstance(exc, ReferenceNotFound):
            return error_response(404, "not_found", str(exc))
        if isinstance(exc, TransientError):
            return error_response(503, "unavailable", str(exc))
        return error_response(400, "bad_request", str(exc))

    async def unexpected(_request: Request, exc: Exception) -> Response:
        log.exception("internal error", exc_info=exc)
        return error_response(500, "internal_error", "internal error (see the server log)")

    app.add_exception_handler(ApiError, api_error)
    app.add_exception_handler(RequestValidationError, validation_error)
    app.add_exception_handler(StarletteHTTPException, http_error)
    app.add_exception_handler(TesseraError, tessera_error)
    app.add_exception_handler(Exception, unexpected)
