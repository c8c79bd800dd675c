"""The real Segment and RudderStack Python SDKs send to the server unchanged (with and without
gzip); what they sent is in the inbox afterwards and makes one profile."""

from __future__ import annotations

import importlib
import json
import time
from typing import Any

import pytest

from tests.api.conftest import Server


def _client(sdk: str, server: Server, gzip: bool, errors: list[Any]) -> Any:
    # dev dependencies: a missing SDK fails the test instead of skipping it
    analytics = importlib.import_module(
        "segment.analytics" if sdk == "segment" else "rudderstack.analytics"
    )
    return analytics.Client(
        server.write_key,
        host=server.url,
        gzip=gzip,
        sync_mode=True,
        max_retries=1,
        on_error=lambda error, _items: errors.append(error),
    )


@pytest.mark.parametrize("gzip", [False, True])
@pytest.mark.parametrize("sdk", ["segment", "rudderstack"])
def test_sdk_messages_are_stored(server: Server, sdk: str, gzip: bool) -> None:
    errors: list[Any] = []
    client = _client(sdk, server, gzip, errors)
    client.identify("user-1", {"email": "ana@x.pt", "name": "Ana Silva"}, anonymous_id="anon-1")
    client.track("user-1", "Order Completed", {"total": 10.5, "currency": "EUR"})
    client.page("user-1", "Shop", "Home", {"url": "https://shop.example/"})
    client.screen("user-1", "App", "Cart")
    client.group("user-1", "acme", {"name": "ACME"})
    client.alias("anon-1", "user-1")
    client.flush()
    assert errors == []
    # a refused request reaches the SDK as its APIError, read from the JSON error body
    bad = _client(sdk, server, gzip, errors)
    bad.write_key = "not-a-key"
    with pytest.raises(Exception) as refused:  # each SDK has its own APIError
        bad.identify("user-2", {"email": "b@x.pt"})
    assert getattr(refused.value, "status", None) == 401
    assert getattr(refused.value, "code", None) == "unauthorized"
    profile = _wait_for_profile(server, "email:ana@x.pt", events=5)
    assert profile["traits"]["lifetime_value"] == 10.5  # "Order Completed" with total 10.5
    assert profile["traits"]["order_count"] == 1
    golden = {a["attribute"]: a["value"] for a in profile["golden"]}
    assert golden["name"] == "Ana Silva"
    ids = {(i["namespace"], i["value"]) for i in profile["identifiers"]}
    assert {("user_id", "user-1"), ("anonymous_id", "anon-1"), ("email", "ana@x.pt")} <= ids
    server.stop()
    rows = server.rows("SELECT type, payload FROM event_inbox ORDER BY seq")
    assert [r["type"] for r in rows] == ["identify", "track", "page", "screen", "group", "alias"]
    identify = json.loads(rows[0]["payload"])
    traits = identify.get("traits") or identify["context"]["traits"]  # RudderStack: context
    assert identify["userId"] == "user-1" and traits["email"] == "ana@x.pt"
    assert identify["context"]["library"]["name"]  # the SDK's own context is kept
    assert identify["sentAt"] and identify["receivedAt"] and identify["messageId"]
    assert server.stats()["rejected_messages"] == 1


def _wait_for_profile(server: Server, ref: str, events: int) -> dict[str, Any]:
    """The profile document once the processor has applied ``events`` events to it."""
    client = server.client(headers={"Authorization": f"Bearer {server.read_key}"})
    deadline = time.monotonic() + 30
    last: Any = None
    while time.monotonic() < deadline:
        response = client.get("/v1/profiles/lookup", params={"identifier": ref})
        if response.status_code == 200:
            last = response.json()
            if last["traits"].get("events") == events:
                return dict(last)
        time.sleep(0.1)
    raise AssertionError(f"no profile with {events} events for {ref}: {last}")
