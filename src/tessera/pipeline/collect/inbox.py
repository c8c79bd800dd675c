"""The durable inbox: one set-based transaction stores a whole group of requests.

:func:`commit_writes` takes the messages of many requests at once (the API's group-commit
writer calls it), stages them as Arrow and inserts them with ``INSERT OR IGNORE`` into
``event_inbox`` (primary key ``(source, message_id)``): a retried message is stored once and
counted in ``event_duplicates``. Quarantined messages and refused requests go to
``event_quarantine`` / ``event_rejections`` in the same transaction. For every message sent::

    sent = stored + duplicates + quarantined + rejected      (exactly)
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import orjson
import pyarrow as pa

from tessera.engines.base import Engine
from tessera.errors import ReferenceNotFound
from tessera.pipeline.collect.messages import (
    Accepted,
    Quarantined,
    check_message,
    classify,
)

_TS = pa.timestamp("us", tz="UTC")


@dataclass(frozen=True, slots=True)
class Rejection:
    """A request refused as a whole (answered 4xx)."""

    received_at: dt.datetime
    key_id: str | None
    path: str
    status: int
    code: str
    reason: str
    messages: int
    bytes: int


@dataclass(slots=True)
class Write:
    """What one request stores: its valid messages, its quarantined ones, or its rejection."""

    accepted: list[Accepted] = field(default_factory=list)
    quarantined: list[Quarantined] = field(default_factory=list)
    rejection: Rejection | None = None


@dataclass(frozen=True, slots=True)
class WriteResult:
    """How one request's messages ended up."""

    stored: int
    duplicates: int
    quarantined: int
    last_seq: int = 0
    """The highest inbox sequence number given to one of its messages (0: none stored)."""


def commit_writes(engine: Engine, writes: list[Write]) -> list[WriteResult]:
    """Store every write in one transaction; one result per write, in order."""
    claimed: set[tuple[str, str]] = set()
    staged: list[Accepted] = []
    for w in writes:
        for m in w.accepted:
            key = (m.source, m.message_id)
            if key not in claimed:
                claimed.add(key)
                staged.append(m)
    quarantined = [q for w in writes for q in w.quarantined]
    rejections = [w.rejection for w in writes if w.rejection is not None]
    with engine.transaction():
        inserted = _insert_inbox(engine, staged)
        duplicates = [m for w in writes for m in w.accepted]
        first = {(m.source, m.message_id): m for m in staged}
        dup_rows = [
            m
            for m in duplicates
            if (m.source, m.message_id) not in inserted or first[(m.source, m.message_id)] is not m
        ]
        _insert_duplicates(engine, dup_rows)
        _insert_quarantine(engine, quarantined)
        _insert_rejections(engine, rejections)
    results = []
    for w in writes:
        seqs = [
            inserted[(m.source, m.message_id)]
            for m in w.accepted
            if (m.source, m.message_id) in inserted and first[(m.source, m.message_id)] is m
        ]
        results.append(
            WriteResult(
                len(seqs), len(w.accepted) - len(seqs), len(w.quarantined), max(seqs, default=0)
            )
        )
    return results


def _insert_inbox(engine: Engine, rows: list[Accepted]) -> dict[tuple[str, str], int]:
    """Insert the new messages; (source, message id) -> seq of those stored now."""
    if not rows:
        return {}
    table = pa.table(
        {
            "ord": pa.array(range(len(rows)), pa.int64()),
            "source": [m.source for m in rows],
            "message_id": [m.message_id for m in rows],
            "type": [m.type for m in rows],
            "received_at": pa.array([m.received_at for m in rows], _TS),
            "event_time": pa.array([m.event_time for m in rows], _TS),
            "payload": [m.payload for m in rows],
        }
    )
    engine.register_arrow("collect_inbox_stage", table)
    try:
        returned = engine.fetchall(
            "INSERT OR IGNORE INTO event_inbox "
            "SELECT nextval('inbox_seq'), source, message_id, type, received_at, event_time, "
            "payload::JSON FROM collect_inbox_stage ORDER BY ord RETURNING source, message_id, seq"
        )
    finally:
        engine.unregister("collect_inbox_stage")
    return {(r[0], r[1]): int(r[2]) for r in returned}


def _insert_duplicates(engine: Engine, rows: list[Accepted]) -> None:
    if not rows:
        return
    table = pa.table(
        {
            "received_at": pa.array([m.received_at for m in rows], _TS),
            "source": [m.source for m in rows],
            "message_id": [m.message_id for m in rows],
        }
    )
    engine.register_arrow("collect_dup_stage", table)
    try:
        engine.execute("INSERT INTO event_duplicates SELECT * FROM collect_dup_stage")
    finally:
        engine.unregister("collect_dup_stage")


def _insert_quarantine(engine: Engine, rows: list[Quarantined]) -> None:
    if not rows:
        return
    table = pa.table(
        {
            "ord": pa.array(range(len(rows)), pa.int64()),
            "source": [q.source for q in rows],
            "message_id": pa.array([q.message_id for q in rows], pa.string()),
            "received_at": pa.array([q.received_at for q in rows], _TS),
            "reason": [q.reason for q in rows],
            "payload": [q.payload for q in rows],
        }
    )
    engine.register_arrow("collect_quarantine_stage", table)
    try:
        engine.execute(
            "INSERT INTO event_quarantine SELECT nextval('quarantine_seq'), source, message_id, "
            "received_at, reason, payload, NULL FROM collect_quarantine_stage ORDER BY ord"
        )
    finally:
        engine.unregister("collect_quarantine_stage")


def _insert_rejections(engine: Engine, rows: list[Rejection]) -> None:
    if not rows:
        return
    table = pa.table(
        {
            "received_at": pa.array([r.received_at for r in rows], _TS),
            "key_id": pa.array([r.key_id for r in rows], pa.string()),
            "path": [r.path for r in rows],
            "status": pa.array([r.status for r in rows], pa.int32()),
            "code": [r.code for r in rows],
            "reason": [r.reason for r in rows],
            "messages": pa.array([r.messages for r in rows], pa.int32()),
            "bytes": pa.array([r.bytes for r in rows], pa.int64()),
        }
    )
    engine.register_arrow("collect_rejection_stage", table)
    try:
        engine.execute("INSERT INTO event_rejections SELECT * FROM collect_rejection_stage")
    finally:
        engine.unregister("collect_rejection_stage")


# -- quarantine ---------------------------------------------------------------------------------
def quarantined(
    engine: Engine, *, include_replayed: bool = False, limit: int = 100
) -> list[dict[str, Any]]:
    """Quarantined messages, oldest first (replayed ones only when asked)."""
    return engine.fetch_dicts(
        "SELECT quarantine_id, source, message_id, received_at, reason, payload, replayed_at "
        "FROM event_quarantine WHERE ? OR replayed_at IS NULL ORDER BY quarantine_id LIMIT ?",
        [include_replayed, limit],
    )


@dataclass(frozen=True, slots=True)
class ReplayOutcome:
    """What replaying one quarantined message did."""

    quarantine_id: int
    replayed: bool
    reason: str
    """Why it still fails, or ``stored`` / ``duplicate`` when it was replayed."""


def replay(engine: Engine, ids: list[int] | None = None) -> list[ReplayOutcome]:
    """Validate quarantined messages again (all not yet replayed when ``ids`` is None); those
    that pass now are stored in the inbox and marked ``replayed_at``."""
    if ids is None:
        rows = engine.fetchall(
            "SELECT quarantine_id, source, received_at, payload FROM event_quarantine "
            "WHERE replayed_at IS NULL ORDER BY quarantine_id"
        )
    else:
        rows = engine.fetchall(
            "SELECT quarantine_id, source, received_at, payload FROM event_quarantine "
            "WHERE list_contains(?, quarantine_id) ORDER BY quarantine_id",
            [ids],
        )
        missing = sorted(set(ids) - {int(r[0]) for r in rows})
        if missing:
            raise ReferenceNotFound(f"no quarantined message {missing[0]}")
    outcomes: list[ReplayOutcome] = []
    for qid, source, received_at, raw in rows:
        try:
            msg: Any = orjson.loads(raw)
        except orjson.JSONDecodeError as exc:
            outcomes.append(ReplayOutcome(int(qid), False, f"not JSON: {exc}"))
            continue
        reason = check_message(msg)
        result = classify(msg, raw, source, received_at) if reason is None else None
        if not isinstance(result, Accepted):
            why = reason or (result.reason if result else "invalid")
            outcomes.append(ReplayOutcome(int(qid), False, why))
            continue
        with engine.transaction():
            (res,) = commit_writes(engine, [Write(accepted=[result])])
            engine.execute(
                "UPDATE event_quarantine SET replayed_at = now() WHERE quarantine_id = ?", [qid]
            )
        outcomes.append(ReplayOutcome(int(qid), True, "stored" if res.stored else "duplicate"))
    return outcomes


# -- counts ---------------------------------------------------------------------------------------
def stats(engine: Engine) -> dict[str, Any]:
    """Messages stored (by source and type), duplicates, quarantined, rejected by reason.

    ``pending_quarantine`` is quarantined minus replayed (a replayed message counts as stored
    or duplicate), so ``sent = stored + duplicates + pending_quarantine + rejected_messages``.
    """
    stored = engine.fetch_dicts(
        "SELECT source, type, count(*) AS messages FROM event_inbox GROUP BY ALL ORDER BY ALL"
    )
    (dups, quarantined_n, replayed, rej_requests, rej_messages) = engine.fetchall(
        "SELECT (SELECT count(*) FROM event_duplicates), "
        "(SELECT count(*) FROM event_quarantine), "
        "(SELECT count(*) FROM event_quarantine WHERE replayed_at IS NOT NULL), "
        "(SELECT count(*) FROM event_rejections), "
        "(SELECT coalesce(sum(messages), 0) FROM event_rejections)"
    )[0]
    rejected = engine.fetch_dicts(
        "SELECT status, code, count(*) AS requests, sum(messages)::BIGINT AS messages "
        "FROM event_rejections GROUP BY ALL ORDER BY messages DESC, code"
    )
    quarantine_reasons = engine.fetch_dicts(
        "SELECT reason, count(*) AS messages FROM event_quarantine WHERE replayed_at IS NULL "
        "GROUP BY ALL ORDER BY messages DESC, reason LIMIT 20"
    )
    return {
        "stored": sum(int(r["messages"]) for r in stored),
        "stored_by_source": stored,
        "duplicates": int(dups),
        "quarantined": int(quarantined_n),
        "replayed": int(replayed),
        "pending_quarantine": int(quarantined_n) - int(replayed),
        "quarantine_reasons": quarantine_reasons,
        "rejected_requests": int(rej_requests),
        "rejected_messages": int(rej_messages),
        "rejected_by_reason": rejected,
    }
