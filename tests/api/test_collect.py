"""Collection endpoints against a real server: auth, validation, batches, dedupe, clock skew,
gzip, limits; what is in the tables is read after the server stopped."""

from __future__ import annotations

import datetime as dt
import gzip
import json
import uuid
from typing import Any

import httpx
import pytest

from tests.api.conftest import Server

VALID: dict[str, dict[str, Any]] = {
    "identify": {"userId": "u1", "traits": {"email": "ana@x.pt"}},
    "track": {"userId": "u1", "event": "Order Completed", "properties": {"total": 10}},
    "page": {"anonymousId": "a1", "name": "Home", "properties": {"url": "https://x.pt"}},
    "screen": {"anonymousId": "a1", "name": "Cart"},
    "group": {"userId": "u1", "groupId": "g1", "traits": {"name": "ACME"}},
    "alias": {"userId": "u1", "previousId": "a1"},
}

INVALID: list[tuple[str, dict[str, Any], str]] = [
    ("identify", {"traits": {"email": "x@y.pt"}}, "userId or anonymousId"),
    ("track", {"userId": "u1"}, "track needs event"),
    ("track", {"userId": "u1", "event": 5}, "event must be a string"),
    ("track", {"userId": "u1", "event": "E", "properties": [1]}, "properties must be an object"),
    ("identify", {"userId": "u1", "traits": "x"}, "traits must be an object"),
    ("identify", {"userId": {"a": 1}}, "userId must be"),
    ("identify", {"userId": "u1", "timestamp": "yesterday"}, "timestamp must be"),
    ("identify", {"userId": "u1", "messageId": 7}, "messageId must be"),
    ("alias", {"userId": "u1"}, "alias needs previousId"),
    ("alias", {"previousId": "a1", "anonymousId": "a2"}, "alias needs previousId and userId"),
    ("group", {"userId": "u1"}, "group needs groupId"),
]


def _mid() -> str:
    return str(uuid.uuid4())


def test_auth(server: Server) -> None:
    msg = {"userId": "u1", "event": "E", "messageId": _mid()}
    anonymous = server.client()
    assert anonymous.post("/v1/track", json=msg).status_code == 401
    bad = anonymous.post("/v1/track", json=msg, auth=("tsk_nope_nope", ""))
    assert bad.status_code == 401
    assert bad.json()["code"] == "unauthorized" and bad.json()["message"]
    assert anonymous.post("/v1/track", json=msg, auth=(server.read_key, "")).status_code == 403
    assert (
        anonymous.post(
            "/v1/track", json=msg, headers={"Authorization": "Basic !!notbase64"}
        ).status_code
        == 401
    )
    # writeKey in the body works and is never stored
    ok = anonymous.post("/v1/track", json={**msg, "writeKey": server.write_key})
    assert ok.status_code == 200 and ok.json() == {"success": True}
    batch = {
        "writeKey": server.write_key,
        "batch": [{"type": "track", "userId": "u", "event": "E"}],
    }
    assert anonymous.post("/v1/batch", json=batch).status_code == 200
    server.stop()
    stored = server.rows("SELECT payload FROM event_inbox")
    assert len(stored) == 2
    assert all("writeKey" not in json.loads(r["payload"]) for r in stored)
    assert all(server.write_key not in r["payload"] for r in stored)
    rejected = server.rows("SELECT status, code, messages FROM event_rejections ORDER BY status")
    assert [(r["status"], r["messages"]) for r in rejected] == [
        (401, 1),
        (401, 1),
        (401, 1),
        (403, 1),
    ]


def test_each_endpoint_validates(server: Server) -> None:
    c = server.client(auth=(server.write_key, ""))
    for kind, body in VALID.items():
        r = c.post(f"/v1/{kind}", json={**body, "messageId": f"ok-{kind}"})
        assert r.status_code == 200, (kind, r.text)
        assert r.json() == {"success": True}
    for kind, body, reason in INVALID:
        r = c.post(f"/v1/{kind}", json=body)
        assert r.status_code == 400, (kind, body)
        assert r.json()["code"] == "invalid_message"
        assert reason in r.json()["message"], (kind, body, r.json())
    # the path decides the type
    assert c.post("/v1/track", json={"type": "identify", "userId": "u"}).status_code == 400
    server.stop()
    stored = server.rows("SELECT message_id, type FROM event_inbox ORDER BY message_id")
    assert {(r["message_id"], r["type"]) for r in stored} == {(f"ok-{k}", k) for k in VALID}
    rejected = server.rows("SELECT count(*) AS n, sum(messages) AS m FROM event_rejections")[0]
    assert rejected == {"n": len(INVALID) + 1, "m": len(INVALID) + 1}


def test_batch_context_merge_quarantine_and_message_ids(server: Server) -> None:
    c = server.client(auth=(server.write_key, ""))
    body = {
        "batch": [
            {"type": "identify", "userId": "u1", "messageId": "m1", "context": {"ip": "own"}},
            {"type": "track", "userId": "u1", "event": "E"},  # no messageId: assigned
            {"type": "track", "userId": "u1"},  # no event: quarantined
            "not an object",  # quarantined
            {"type": "unknown", "userId": "u1"},  # quarantined
        ],
        "context": {"ip": "batch", "library": {"name": "test"}},
        "integrations": {"All": False},
    }
    assert c.post("/v1/batch", json=body).status_code == 200
    server.stop()
    rows = server.rows("SELECT message_id, payload FROM event_inbox ORDER BY seq")
    assert len(rows) == 2
    first, second = (json.loads(r["payload"]) for r in rows)
    assert first["context"] == {"ip": "own", "library": {"name": "test"}}  # own keys win
    assert second["context"] == {"ip": "batch", "library": {"name": "test"}}
    assert first["integrations"] == second["integrations"] == {"All": False}
    assert rows[0]["message_id"] == "m1"
    assert uuid.UUID(rows[1]["message_id"]).version == 4
    assert second["messageId"] == rows[1]["message_id"] and "receivedAt" in second
    q = server.rows("SELECT reason, payload FROM event_quarantine ORDER BY quarantine_id")
    assert [r["reason"] for r in q] == [
        "track needs event",
        "a message must be a JSON object, not str",
        "type must be one of alias, group, identify, page, screen, track (got 'unknown')",
    ]
    assert json.loads(q[0]["payload"])["context"]["ip"] == "batch"  # replayable as is


def test_retries_are_stored_once(server: Server) -> None:
    c = server.client(auth=(server.write_key, ""))
    batch = {
        "batch": [
            {"type": "track", "userId": "u", "event": "E", "messageId": f"r{i}"} for i in range(50)
        ]
    }
    for _ in range(3):
        assert c.post("/v1/batch", json=batch).status_code == 200
    single = {"userId": "u", "event": "E", "messageId": "r0"}
    assert c.post("/v1/track", json=single).status_code == 200
    # the same messageId twice in one batch
    twice = {"batch": [{"type": "track", "userId": "u", "event": "E", "messageId": "t"}] * 2}
    assert c.post("/v1/batch", json=twice).status_code == 200
    server.stop()
    assert server.rows("SELECT count(*) AS n FROM event_inbox")[0]["n"] == 51
    stats = server.stats()
    assert stats["stored"] == 51 and stats["duplicates"] == 100 + 1 + 1


def test_clock_skew_is_corrected(server: Server) -> None:
    c = server.client(auth=(server.write_key, ""))
    # the client's clock is 1 hour behind: it says the event happened 10 s before sending
    sent = dt.datetime(2020, 1, 1, 12, 0, 10, tzinfo=dt.UTC)
    ts = dt.datetime(2020, 1, 1, 12, 0, 0, tzinfo=dt.UTC)
    msgs = [
        {
            "type": "track",
            "userId": "u",
            "event": "skew",
            "messageId": "skew",
            "timestamp": ts.isoformat(),
        },
        {
            "type": "track",
            "userId": "u",
            "event": "only-ts",
            "messageId": "only-ts",
            "timestamp": "2020-01-01T12:00:00",
            "sentAt": None,
        },
        {"type": "track", "userId": "u", "event": "none", "messageId": "none"},
    ]
    before = dt.datetime.now(dt.UTC)
    assert (
        c.post("/v1/batch", json={"batch": msgs[:1], "sentAt": sent.isoformat()}).status_code == 200
    )
    assert c.post("/v1/batch", json={"batch": msgs[1:]}).status_code == 200
    after = dt.datetime.now(dt.UTC)
    server.stop()
    rows = {
        r["message_id"]: r
        for r in server.rows("SELECT message_id, received_at, event_time, payload FROM event_inbox")
    }
    skew = rows["skew"]
    assert skew["event_time"] == skew["received_at"] - dt.timedelta(seconds=10)
    assert before <= skew["received_at"] <= after
    payload = json.loads(skew["payload"])
    assert payload["timestamp"] == ts.isoformat() and payload["sentAt"] == sent.isoformat()
    assert payload["receivedAt"]
    assert rows["only-ts"]["event_time"] == ts  # no offset: UTC
    assert rows["none"]["event_time"] == rows["none"]["received_at"]


def test_gzip_bodies(server: Server) -> None:
    c = server.client(auth=(server.write_key, ""))
    body = json.dumps({"batch": [{"type": "identify", "userId": "gz", "messageId": "gz"}]})
    r = c.post(
        "/v1/batch",
        content=gzip.compress(body.encode()),
        headers={"Content-Encoding": "gzip", "Content-Type": "application/json"},
    )
    assert r.status_code == 200
    single = gzip.compress(json.dumps({"userId": "gz", "event": "E", "messageId": "gz2"}).encode())
    assert (
        c.post("/v1/track", content=single, headers={"Content-Encoding": "gzip"}).status_code == 200
    )
    bad = c.post("/v1/batch", content=b"\x1f\x8b not gzip", headers={"Content-Encoding": "gzip"})
    assert bad.status_code == 400 and bad.json()["code"] == "invalid_gzip"
    truncated = gzip.compress(body.encode())[:-12]
    r = c.post("/v1/batch", content=truncated, headers={"Content-Encoding": "gzip"})
    assert r.status_code == 400
    r = c.post("/v1/batch", content=body, headers={"Content-Encoding": "br"})
    assert r.status_code == 415
    server.stop()
    assert {r["message_id"] for r in server.rows("SELECT message_id FROM event_inbox")} == {
        "gz",
        "gz2",
    }


def _track(i: int, pad: int = 0) -> dict[str, Any]:
    return {
        "type": "track",
        "userId": "u",
        "event": "E",
        "messageId": f"m{i}",
        "properties": {"pad": "x" * pad},
    }


def test_limits(server: Server) -> None:
    c = server.client(auth=(server.write_key, ""))
    # 32 KB per single message: 413 for the oversize body
    r = c.post("/v1/track", json=_track(0, 33 * 1024))
    assert r.status_code == 413 and r.json()["code"] == "request_too_large"
    assert c.post("/v1/track", json=_track(1, 30 * 1024)).status_code == 200
    # 32 KB per message inside a batch: 400
    r = c.post("/v1/batch", json={"batch": [_track(2), _track(3, 33 * 1024)]})
    assert r.status_code == 400 and r.json()["code"] == "message_too_large"
    # 2,500 messages per batch
    r = c.post("/v1/batch", json={"batch": [_track(10 + i) for i in range(2501)]})
    assert r.status_code == 400 and r.json()["code"] == "too_many_messages"
    assert (
        c.post("/v1/batch", json={"batch": [_track(10_000 + i) for i in range(2500)]}).status_code
        == 200
    )
    # 500 KB per batch request, on the wire ...
    big = {"batch": [_track(20_000 + i, 20 * 1024) for i in range(30)]}
    r = c.post("/v1/batch", json=big)
    assert r.status_code == 413 and r.json()["code"] == "request_too_large"
    # ... and after decompression (a small gzip body inflating past the limit: a gzip bomb)
    bomb = gzip.compress(b'{"batch": [' + b" " * (5 * 1024 * 1024) + b"]}")
    assert len(bomb) < 20 * 1024
    r = c.post("/v1/batch", content=bomb, headers={"Content-Encoding": "gzip"})
    assert r.status_code == 413
    server.stop()
    stats = server.stats()
    assert stats["stored"] == 2501
    by_code = {r["code"]: (r["status"], r["messages"]) for r in stats["rejected_by_reason"]}
    assert by_code == {
        "request_too_large": (413, 3),  # one message each: the body was not read
        "message_too_large": (400, 2),
        "too_many_messages": (400, 2501),
    }


@pytest.mark.parametrize("gzip_it", [False, True])
def test_counts_add_up(server: Server, gzip_it: bool) -> None:
    """sent = stored + duplicates + quarantined + rejected, exactly."""
    c = server.client(auth=(server.write_key, ""))
    sent = 0

    def post(path: str, body: Any, **kw: Any) -> httpx.Response:
        data = json.dumps(body).encode()
        headers = {"Content-Type": "application/json"}
        if gzip_it:
            data, headers["Content-Encoding"] = gzip.compress(data), "gzip"
        return c.post(path, content=data, headers=headers, **kw)

    for n in range(20):
        batch = [_track(n * 100 + i) for i in range(40)]
        batch[n % 40] = {"type": "track", "userId": "u"}  # invalid: quarantined
        if n % 3 == 0:
            batch[(n + 1) % 40] = batch[(n + 2) % 40]  # a duplicate inside the batch
        sent += len(batch)
        assert post("/v1/batch", {"batch": batch}).status_code == 200
    sent += 40
    assert post("/v1/batch", {"batch": [_track(i) for i in range(40)]}).status_code == 200  # retry
    sent += 5
    assert (
        post("/v1/batch", {"batch": [_track(i) for i in range(5)]}, auth=("bad", "")).status_code
        == 401
    )
    sent += 1
    assert post("/v1/identify", {"traits": {}}).status_code == 400
    sent += 1
    assert post("/v1/identify", {"userId": "x", "messageId": "single"}).status_code == 200
    server.stop()
    s = server.stats()
    distinct = server.rows("SELECT count(*) AS n FROM event_inbox")[0]["n"]
    assert s["stored"] == distinct
    assert s["pending_quarantine"] == 20
    assert s["rejected_messages"] == 6
    # 7 in-batch duplicates; the retry repeats 38 stored messages (m0 was the invalid one and
    # m1 the overwritten one in the first batch, so those two are new)
    assert s["duplicates"] == 7 + 38
    assert sent == s["stored"] + s["duplicates"] + s["pending_quarantine"] + s["rejected_messages"]
