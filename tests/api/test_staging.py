"""The server's processing threads: the next batch is standardized on a second session while
the current one is stored, and the result is the one a rebuild gives; a staged batch that
fails, or whose staging fails, is taken serially (one message at a time, quarantining)."""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tessera.api import processing
from tessera.api.processing import InboxProcessing, Stager
from tessera.pipeline.unify.golden import build_golden
from tessera.pipeline.unify.traits import build_traits
from tessera.workspace import Workspace
from tests.realtime.streams import failing_on_poison, person_stream, poisoned_stream, store


def _members(ws: Workspace) -> dict[str, frozenset[str]]:
    out: dict[str, set[str]] = {}
    for pid, rid in ws.engine.fetchall("SELECT profile_id, record_id FROM profile_members"):
        out.setdefault(pid, set()).add(rid)
    return {pid: frozenset(r) for pid, r in out.items()}


def _state(ws: Workspace) -> tuple[object, ...]:
    """Profiles as sets of message ids, with their golden attributes and traits."""
    members = _members(ws)
    golden = {
        (members[pid], attr, value, record)
        for pid, attr, value, record in ws.engine.fetchall(
            "SELECT profile_id, attribute, value, record_id FROM golden_attributes"
        )
    }
    traits = {
        (members[r[0]], *r[1:])
        for r in ws.engine.fetchall(
            "SELECT profile_id, events, lifetime_value, order_count FROM profile_traits"
        )
    }
    return set(members.values()), golden, traits


def _drain(ws: Workspace, running: InboxProcessing, timeout: float = 120) -> None:
    """Wait until every stored message is processed (or quarantined)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        left = ws.engine.fetchall(
            "SELECT count(*) FROM event_inbox WHERE seq > coalesce((SELECT value::BIGINT "
            "FROM meta WHERE key = 'inbox_processed_seq'), 0)"
        )[0][0]
        if left == 0 and running.processed_seq > 0:
            return
        time.sleep(0.05)
    raise AssertionError("the processing threads did not catch up")


def store_in_bursts(
    ws: Workspace,
    running: InboxProcessing,
    messages: list[dict[str, Any]],
    size: int,
    rng: random.Random,
) -> None:
    """Store the messages ``size`` at a time, waking the processor, while earlier bursts are
    being processed; then wait until all are processed."""
    for start in range(0, len(messages), size):
        store(ws.engine, messages[start : start + size])
        running.wake()
        time.sleep(rng.uniform(0, 0.1))
    _drain(ws, running)


def _processing(ws: Workspace) -> InboxProcessing:
    return InboxProcessing(ws.engine.session(), ws.config, ws.engine.session())


def test_staged_batches_give_the_rebuild_result(tmp_path: Path) -> None:
    rng = random.Random(11)
    messages = person_stream(rng, people=12)
    Workspace.init(tmp_path / "ws")
    with Workspace.open(tmp_path / "ws") as ws:
        running = _processing(ws)
        running.start()
        try:
            store_in_bursts(ws, running, messages, 7, rng)
        finally:
            running.stop()
        assert running.staged > 0, "no batch went through the staging thread"
        incremental = _state(ws)
        ws.resolve()
        build_golden(ws.engine, ws.config)
        build_traits(ws.engine, ws.config.profiles.all_traits())
        assert incremental == _state(ws)


def _stage_ahead(running: InboxProcessing, until: Callable[[], bool]) -> Stager:
    """Start only the staging thread, after watermark 0, and wait until ``until()``."""
    stager = running.stager
    assert stager is not None
    stager.start()
    stager.claim(0)
    stager.wake()
    deadline = time.monotonic() + 60
    while not until():
        assert time.monotonic() < deadline, "the staging thread did not get there"
        time.sleep(0.02)
    return stager


def test_a_staged_batch_that_fails_is_taken_serially(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tessera.pipeline.realtime as realtime

    monkeypatch.setattr(realtime, "resolve", failing_on_poison(realtime.resolve))
    Workspace.init(tmp_path / "ws")
    with Workspace.open(tmp_path / "ws") as ws:
        store(ws.engine, poisoned_stream())
        running = _processing(ws)
        stager = _stage_ahead(running, lambda: running.stager.staged_messages() == 3)  # type: ignore[union-attr]
        try:
            result = running.next_batch()  # the staged batch fails; taken serially
        finally:
            stager.stop()
        assert result is not None and result.messages == 2
        assert running.staged == 0
        assert ws.profile("user_id:u-1")["traits"]["order_count"] == 1
        assert [q["message_id"] for q in ws.quarantined_events()] == ["poison"]
        assert ws.event_stats()["stored"] == 2


def test_when_staging_fails_the_messages_are_taken_serially(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = []

    def broken_stage_batch(*args, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(args[3])
        raise RuntimeError("injected staging failure")

    monkeypatch.setattr(processing, "stage_batch", broken_stage_batch)
    Workspace.init(tmp_path / "ws")
    with Workspace.open(tmp_path / "ws") as ws:
        messages = person_stream(random.Random(3), people=4)
        store(ws.engine, messages)
        running = _processing(ws)
        stager = _stage_ahead(running, lambda: bool(calls))
        try:
            result = running.next_batch()
        finally:
            stager.stop()
        assert calls == [0]
        assert result is not None and result.messages == len(messages)
        assert running.staged == 0
        assert ws.quarantined_events() == []
        assert len(_members(ws)) >= 4


def _one_batch(
    folder: Path, first: list[dict[str, Any]], rest: list[dict[str, Any]], *, staged: bool
) -> tuple[object, ...]:
    """Store ``first``, stage it (``staged``), store ``rest``, process one batch: the state."""
    Workspace.init(folder)
    with Workspace.open(folder) as ws:
        running = _processing(ws)
        store(ws.engine, first)
        if staged:
            stager = _stage_ahead(
                running,
                lambda: running.stager.staged_messages() == len(first),  # type: ignore[union-attr]
            )
            store(ws.engine, rest)
            try:
                result = running.next_batch()
            finally:
                stager.stop()
            assert running.staged == 1
        else:
            store(ws.engine, rest)
            result = running.next_batch()
        assert result is not None and result.messages == len(first) + len(rest)
        return _state(ws)


def _numbered(messages: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [dict(m, messageId=f"m{i}") for i, m in enumerate(messages)]


def test_a_staged_batch_is_stored_like_a_serial_one(tmp_path: Path) -> None:
    """Staged, then taken: the profiles a serial batch over the same messages gives."""
    messages = _numbered(person_stream(random.Random(5), people=6)[:40])
    assert _one_batch(tmp_path / "a", messages, [], staged=True) == _one_batch(
        tmp_path / "b", messages, [], staged=False
    )


def test_a_staged_batch_takes_a_large_backlog_along(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Many more messages waiting than the staged ones (heavy ingest): the batch takes them
    too, standardized in the batch — the profiles are those of one serial batch."""
    monkeypatch.setattr(processing, "MAX_AHEAD", 5)
    messages = _numbered(person_stream(random.Random(7), people=6))
    first, rest = messages[:4], messages[4:]
    assert len(rest) > 5
    assert _one_batch(tmp_path / "a", first, rest, staged=True) == _one_batch(
        tmp_path / "b", first, rest, staged=False
    )
