"""The profile read API (read or admin keys) and ``/health`` (no key).

Every read runs on the calling thread's own engine session, never the writer's.

A lookup by an identifier two or more profiles carry answers ``300 Multiple Choices`` with a
summary of each candidate (:func:`_ambiguous`) — from the profile mirror or the database,
the same body — and no ``Location`` header: picking one would show one person's profile to
someone asking for the other.
"""

from __future__ import annotations

import datetime as dt
import decimal
import logging
import time
from typing import Annotated, Any, Literal

import orjson
from fastapi import APIRouter, Depends, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import RedirectResponse, Response
from pydantic import BaseModel, Field

from tessera.api.app import state_of
from tessera.api.auth import header_key
from tessera.api.errors import ApiError
from tessera.errors import AmbiguousReference
from tessera.pipeline.collect.keys import ApiKey
from tessera.pipeline.resolve.refs import current_profile_id
from tessera.pipeline.unify.candidates import MAX_CANDIDATES, SUMMARY_FIELDS, bare_summary
from tessera.pipeline.unify.view import (
    profile_view,
    search,
    stored_profile_document,
    timeline,
)

router = APIRouter(tags=["profiles"])
log = logging.getLogger(__name__)


def _default(value: Any) -> Any:
    if isinstance(value, decimal.Decimal):
        return float(value)
    if isinstance(value, dt.timedelta):
        return value.total_seconds()
    if isinstance(value, bytes | bytearray):
        return value.decode("utf-8", "replace")
    if isinstance(value, set | frozenset | tuple):
        return list(value)
    raise TypeError(type(value).__name__)


def _stored(text: str, started: float, store: str = "db") -> Response:
    """A stored profile document, with the time spent reading it as a ``Server-Timing``
    header (``db;dur=`` or ``mirror;dur=`` in ms: the store's share of the request, for
    clients and load tests to tell it from network and queueing time)."""
    ms = (time.perf_counter() - started) * 1000
    return Response(
        text.encode(),
        media_type="application/json",
        headers={"server-timing": f"{store};dur={ms:.2f}"},
    )


class LookupCandidate(BaseModel):
    """One profile carrying the identifier looked up (its summary only)."""

    profile_id: str
    href: str = Field(description="The profile's URL: /v1/profiles/{profile_id}")
    name: str | None = Field(description="Golden name")
    city: str | None = Field(description="City of the golden address")
    birth_year: int | None = Field(description="Year of the golden birth date")
    records: int = Field(description="How many of the profile's records carry the identifier")
    events: int | None = Field(description="The profile's number of events")
    sources: list[str] = Field(description="Sources of the records carrying the identifier")
    shared: bool = Field(description="Listed as a shared identifier (does not merge people)")


class AmbiguousLookup(BaseModel):
    """The answer (300) when two or more profiles carry the identifier."""

    code: str = Field("ambiguous", description="as every non-2xx answer")
    error: str = "ambiguous"
    message: str = Field(examples=["email:casa@x.pt is carried by 2 profiles; use a profile id"])
    count: int = Field(description="How many profiles carry the identifier")
    candidates: list[LookupCandidate] = Field(
        description=f"Most likely first (most records carrying it); at most {MAX_CANDIDATES}"
    )


def _ambiguous(exc: AmbiguousReference, started: float, store: str) -> Response:
    """``300 Multiple Choices`` for an identifier several profiles carry: each candidate's
    id, URL and summary fields only (whatever else the exception holds — record keys, for
    the command line — stays out), and no ``Location`` header (see the module docstring)."""
    candidates = exc.candidates or [bare_summary(p) for p in exc.profile_ids[:MAX_CANDIDATES]]
    body = {
        "code": "ambiguous",
        "error": "ambiguous",
        "message": str(exc),
        "count": len(exc.profile_ids),
        "candidates": [
            {
                "profile_id": c["profile_id"],
                "href": f"/v1/profiles/{c['profile_id']}",
                **{f: c.get(f) for f in SUMMARY_FIELDS if f != "profile_id"},
            }
            for c in candidates
        ],
    }
    ms = (time.perf_counter() - started) * 1000
    return Response(
        orjson.dumps(body, default=_default),
        status_code=300,
        media_type="application/json",
        headers={"server-timing": f"{store};dur={ms:.2f}"},
    )


def _json(content: Any) -> Response:
    return Response(
        orjson.dumps(content, default=_default, option=orjson.OPT_NON_STR_KEYS),
        media_type="application/json",
    )


async def reader_key(request: Request) -> ApiKey:
    """The request's key, which must be a read or admin key. Checked on the event loop (a
    dict lookup; the keyring's own thread re-reads the keys): a synchronous dependency would
    cost every read one more hop through the thread pool."""
    return state_of(request).keyring.require(header_key(request), ("read", "admin"))


Reader = Annotated[ApiKey, Depends(reader_key)]


def _current(request: Request, profile_id: str) -> tuple[str, str | None]:
    if ":" in profile_id:
        raise ApiError(404, "not_found", "not a profile id (use /v1/profiles/lookup)")
    current, old = current_profile_id(state_of(request).reader(), profile_id)
    if current is None:
        raise ApiError(404, "not_found", f"no profile {profile_id}")
    return current, old


def _redirect(request: Request, old: str, new: str) -> Response:
    path = request.url.path.replace(f"/v1/profiles/{old}", f"/v1/profiles/{new}", 1)
    query = request.url.query
    return RedirectResponse(f"{path}?{query}" if query else path, status_code=308)


@router.get("/health", summary="Liveness (no key needed)")
def health(request: Request) -> Response:
    """Whether the server runs, whether real-time processing is on, and how far it is: the
    last inbox sequence number stored and the last one processed (equal: caught up); whether
    the profile mirror answers lookups (``ready``), is being built, or is ``off``."""
    state = state_of(request)
    return _json(
        {
            "status": "ok",
            "processing": state.processing.available,
            "inbox_seq": state.writer.inbox_seq,
            "processed_seq": state.processing.processed_seq,
            "stored": state.writer.stored,
            "processed": state.processing.processed,
            "profile_mirror": (
                "off" if state.mirror is None else "ready" if state.mirror.ready else "building"
            ),
        }
    )


@router.get("/v1/profiles/search", summary="Find profiles by e-mail, phone or name")
def search_profiles(
    request: Request,
    _key: Reader,
    q: Annotated[str, Query(min_length=1, max_length=200)],
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
) -> Response:
    """Profiles by e-mail, phone or (typo-tolerant) name, best first."""
    state = state_of(request)
    return _json({"profiles": search(state.reader(), state.config, q, limit)})


#: ``summary``: index lookups only (the fast path); ``full``: the whole 360° view.
ViewParam = Annotated[Literal["summary", "full"], Query(description="summary or full")]


def _mirrored(request: Request, ref: str) -> Response | None:
    """The stored document from the profile mirror, answered on the event loop (a SQLite
    point lookup: tens of microseconds, no thread hop); None when the database must answer."""
    mirror = state_of(request).mirror
    if mirror is None:
        return None
    started = time.perf_counter()
    try:
        stored = mirror.stored_profile_document(ref)
    except AmbiguousReference as exc:
        return _ambiguous(exc, started, "mirror")
    except Exception:  # the database answers instead
        log.exception("reading the profile mirror failed")
        return None
    return None if stored is None else _stored(stored, started, "mirror")


@router.get(
    "/v1/profiles/lookup",
    summary="The profile carrying an identifier",
    responses={
        300: {
            "model": AmbiguousLookup,
            "description": "Two or more profiles carry the identifier (a shared e-mail or "
            "phone, or people kept apart): their ids and summaries; pick one by id. "
            "No Location header.",
        },
        404: {"description": "No profile carries the identifier, or no such record"},
    },
)
async def lookup(
    request: Request,
    _key: Reader,
    identifier: Annotated[str, Query(min_length=3, max_length=500, examples=["email:ana@x.pt"])],
    view: ViewParam = "summary",
) -> Response:
    """The profile an identifier (``namespace:value``, any namespace) or a record
    (``source:record_id``) belongs to: golden attributes with lineage, identifiers, household,
    traits and events per type (``view=full``: also recent events, address and merge
    history, person records). An identifier two or more profiles carry answers 300 with
    the candidates' ids and summaries."""
    if ":" not in identifier:
        raise ApiError(400, "invalid_request", "identifier must read namespace:value")
    if view == "summary" and (mirrored := _mirrored(request, identifier)) is not None:
        return mirrored
    return await run_in_threadpool(_lookup, request, identifier, view)


def _lookup(request: Request, identifier: str, view: Literal["summary", "full"]) -> Response:
    state = state_of(request)
    started = time.perf_counter()
    try:
        if view == "summary":
            stored = stored_profile_document(state.reader(), state.config, identifier)
            if stored is not None:
                return _stored(stored, started)
        return _json(profile_view(state.reader(), state.config, identifier, mode=view))
    except AmbiguousReference as exc:
        return _ambiguous(exc, started, "db")


@router.get("/v1/profiles/{profile_id}", summary="One profile's 360° view")
async def get_profile(
    request: Request, _key: Reader, profile_id: str, view: ViewParam = "summary"
) -> Response:
    """The profile (as the lookup returns it); an id merged into another redirects (308) to
    the surviving profile."""
    by_id = view == "summary" and ":" not in profile_id  # "a:b" is not an id: 404 below
    mirrored = _mirrored(request, profile_id) if by_id else None
    if mirrored is not None:
        return mirrored
    return await run_in_threadpool(_get_profile, request, profile_id, view)


def _get_profile(request: Request, profile_id: str, view: Literal["summary", "full"]) -> Response:
    if view == "summary" and ":" not in profile_id:
        state = state_of(request)
        started = time.perf_counter()
        stored = stored_profile_document(state.reader(), state.config, profile_id)
        if stored is not None:  # a current profile: no redirect to look up
            return _stored(stored, started)
    current, old = _current(request, profile_id)
    if old is not None:
        return _redirect(request, old, current)
    state = state_of(request)
    return _json(profile_view(state.reader(), state.config, current, mode=view))


@router.get("/v1/profiles/{profile_id}/events", summary="One profile's events, newest first")
def profile_events(
    request: Request,
    _key: Reader,
    profile_id: str,
    limit: Annotated[int, Query(ge=1, le=1000)] = 50,
    offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
    event_type: Annotated[str | None, Query(max_length=100)] = None,
    channel: Annotated[str | None, Query(max_length=100)] = None,
    since: dt.datetime | None = None,
    until: dt.datetime | None = None,
) -> Response:
    """The profile's events, paged and filtered (``since`` inclusive, ``until`` exclusive)."""
    current, old = _current(request, profile_id)
    if old is not None:
        return _redirect(request, old, current)
    events = timeline(
        state_of(request).reader(),
        current,
        event_type=event_type,
        channel=channel,
        since=since,
        until=until,
        limit=limit,
        offset=offset,
    )
    return _json({"profile_id": current, "limit": limit, "offset": offset, "events": events})
