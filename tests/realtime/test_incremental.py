"""Real-time processing: stored messages become profiles without a full rebuild, and the
result is the one a full resolution over the same data gives, whatever the arrival order."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tessera.pipeline.realtime import InboxProcessor
from tessera.pipeline.unify.golden import build_golden
from tessera.workspace import Workspace

from .streams import failing_on_poison, person_stream, poisoned_stream, store


def _workspace(folder: Path) -> Workspace:
    Workspace.init(folder)
    return Workspace.open(folder)


def _partition(ws: Workspace) -> set[frozenset[str]]:
    """Profiles as sets of message ids (profile ids are random, membership is the answer)."""
    return {frozenset(g) for g in _members(ws).values()}


def _golden(ws: Workspace) -> set[tuple[frozenset[str], str, str | None, str | None]]:
    members = {pid: frozenset(rids) for pid, rids in _members(ws).items()}
    return {
        (members[pid], attr, value, record)
        for pid, attr, value, record in ws.engine.fetchall(
            "SELECT profile_id, attribute, value, record_id FROM golden_attributes"
        )
    }


def _members(ws: Workspace) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for pid, rid in ws.engine.fetchall("SELECT profile_id, record_id FROM profile_members"):
        out.setdefault(pid, set()).add(rid)
    return out


def _traits(ws: Workspace) -> dict[frozenset[str], tuple[object, ...]]:
    members = {pid: frozenset(rids) for pid, rids in _members(ws).items()}
    return {
        members[r[0]]: r[1:]
        for r in ws.engine.fetchall(
            "SELECT profile_id, events, lifetime_value, order_count FROM profile_traits"
        )
    }


def test_identify_ties_earlier_anonymous_events_to_the_person(tmp_path: Path) -> None:
    with _workspace(tmp_path / "ws") as ws:
        processor = InboxProcessor(ws.engine, ws.config)
        store(
            ws.engine,
            [
                {"type": "page", "anonymousId": "a-1", "properties": {"url": "/shoes"}},
                {"type": "track", "anonymousId": "a-1", "event": "Product Viewed"},
            ],
        )
        processor.run_until_idle()
        assert len(_partition(ws)) == 1
        store(
            ws.engine,
            [
                {
                    "type": "identify",
                    "anonymousId": "a-1",
                    "userId": "u-1",
                    "traits": {
                        "email": "ana.silva@mail.pt",
                        "firstName": "Ana",
                        "lastName": "Silva",
                    },
                },
                {
                    "type": "track",
                    "userId": "u-1",
                    "event": "Order Completed",
                    "properties": {"revenue": 42.5, "currency": "EUR"},
                },
            ],
        )
        processor.run_until_idle()
        assert len(_partition(ws)) == 1, "all four messages are one person"
        view = ws.profile("email:ana.silva@mail.pt")
        assert view["traits"]["lifetime_value"] == 42.5
        assert view["traits"]["order_count"] == 1
        assert view["traits"]["events"] == 3
        assert processor.pending() == 0


def test_a_later_identify_updates_the_golden_record(tmp_path: Path) -> None:
    with _workspace(tmp_path / "ws") as ws:
        processor = InboxProcessor(ws.engine, ws.config)
        store(
            ws.engine,
            [
                {
                    "type": "identify",
                    "userId": "u-9",
                    "timestamp": "2026-01-01T00:00:00Z",
                    "traits": {
                        "firstName": "Bruno",
                        "lastName": "Costa",
                        "address": {"street": "Rua A 1", "city": "Porto"},
                    },
                },
            ],
        )
        processor.run_until_idle()
        store(
            ws.engine,
            [
                {
                    "type": "identify",
                    "userId": "u-9",
                    "timestamp": "2026-06-01T00:00:00Z",
                    "traits": {"address": {"street": "Rua B 2", "city": "Lisboa"}},
                },
            ],
        )
        processor.run_until_idle()
        view = ws.profile("user_id:u-9")
        golden = {a["attribute"]: a for a in view["golden"]}
        assert golden["address"]["value"].startswith("Rua B 2"), "most recent address wins"
        assert golden["name"]["value"] == "Bruno Costa", "older values stay where not replaced"


def test_alias_joins_a_second_device(tmp_path: Path) -> None:
    with _workspace(tmp_path / "ws") as ws:
        processor = InboxProcessor(ws.engine, ws.config)
        store(
            ws.engine,
            [
                {"type": "identify", "userId": "u-2", "traits": {"firstName": "Eva"}},
                {"type": "page", "anonymousId": "tablet-7"},
            ],
        )
        processor.run_until_idle()
        assert len(_partition(ws)) == 2
        store(ws.engine, [{"type": "alias", "previousId": "tablet-7", "userId": "u-2"}])
        processor.run_until_idle()
        assert len(_partition(ws)) == 1
        merged = ws.engine.fetchall("SELECT count(*) FROM profile_history WHERE event = 'merged'")[
            0
        ][0]
        assert merged == 1, "the merge is recorded as in a batch run"


def test_a_shared_mailbox_does_not_merge_two_people_in_real_time(tmp_path: Path) -> None:
    with _workspace(tmp_path / "ws") as ws:
        processor = InboxProcessor(ws.engine, ws.config)
        store(
            ws.engine,
            [
                {
                    "type": "identify",
                    "userId": "u-a",
                    "traits": {"email": "casa@mail.pt", "firstName": "Carla", "lastName": "Reis"},
                },
            ],
        )
        processor.run_until_idle()
        store(
            ws.engine,
            [
                {
                    "type": "identify",
                    "userId": "u-b",
                    "traits": {"email": "casa@mail.pt", "firstName": "Duarte", "lastName": "Reis"},
                },
            ],
        )
        processor.run_until_idle()
        assert len(_partition(ws)) == 2
        shared = ws.engine.fetchall("SELECT match_key FROM shared_identifiers")
        assert shared == [("casa@mail.pt",)]


@settings(
    max_examples=6,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(seed=st.integers(0, 10_000), batches=st.integers(1, 6))
def test_incremental_equals_full_rebuild_in_any_order(
    tmp_path_factory: object, seed: int, batches: int
) -> None:
    rng = random.Random(seed)
    messages = person_stream(rng)
    rng.shuffle(messages)
    folder = tmp_path_factory.mktemp("ws")  # type: ignore[attr-defined]
    with _workspace(folder / "ws") as ws:
        processor = InboxProcessor(ws.engine, ws.config)
        cuts = sorted(rng.sample(range(1, len(messages)), batches - 1)) if batches > 1 else []
        start = 0
        for end in [*cuts, len(messages)]:
            store(ws.engine, messages[start:end])
            processor.run_until_idle()
            start = end
        incremental = _partition(ws), _golden(ws), _traits(ws)
        ws.resolve()
        build_golden(ws.engine, ws.config)
        from tessera.pipeline.unify.traits import build_traits

        build_traits(ws.engine, ws.config.profiles.all_traits())
        rebuilt = _partition(ws), _golden(ws), _traits(ws)
    assert incremental[0] == rebuilt[0]
    assert incremental[1] == rebuilt[1]
    assert incremental[2] == rebuilt[2]


def test_a_message_that_cannot_be_processed_is_quarantined_not_blocking(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tessera.pipeline.realtime as realtime

    monkeypatch.setattr(realtime, "resolve", failing_on_poison(realtime.resolve))
    with _workspace(tmp_path / "ws") as ws:
        store(ws.engine, poisoned_stream())
        processor = InboxProcessor(ws.engine, ws.config)
        processor.run_until_idle()
        assert processor.pending() == 0
        assert ws.profile("user_id:u-1")["traits"]["order_count"] == 1
        quarantined = ws.quarantined_events()
        assert [q["message_id"] for q in quarantined] == ["poison"]
        assert "injected failure" in quarantined[0]["reason"]
        stats = ws.event_stats()
        assert stats["stored"] == 2 and stats["quarantined"] == 1, stats


def test_a_message_stored_again_with_other_traits_leaves_its_profile(tmp_path: Path) -> None:
    """A message processed again under the same id (say a replay after its inbox row was
    removed) updates its record; if the update drops the e-mail that tied it to another
    identify, the processor takes its old profile's members into the scope and the profile
    splits as a rebuild splits it."""
    with _workspace(tmp_path / "ws") as ws:
        processor = InboxProcessor(ws.engine, ws.config)
        first = {
            "type": "identify",
            "messageId": "m-1",
            "userId": "u-1",
            "traits": {"email": "casa@mail.pt", "firstName": "Ana"},
        }
        store(
            ws.engine,
            [
                first,
                {
                    "type": "identify",
                    "messageId": "m-2",
                    "anonymousId": "a-2",
                    "traits": {"email": "casa@mail.pt", "firstName": "Ana"},
                },
            ],
        )
        processor.run_until_idle()
        assert _partition(ws) == {frozenset({"m-1", "m-2"})}
        ws.engine.execute("DELETE FROM event_inbox WHERE message_id = 'm-1'")
        store(ws.engine, [{**first, "traits": {"email": "ana.nova@mail.pt", "firstName": "Ana"}}])
        processor.run_until_idle()
        incremental = _partition(ws)
        ws.resolve()
        assert incremental == _partition(ws) == {frozenset({"m-1"}), frozenset({"m-2"})}
