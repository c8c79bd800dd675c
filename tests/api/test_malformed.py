"""Malformed input never gets a 5xx, and every refused request is recorded."""

from __future__ import annotations

import gzip
import json
from typing import Any

import httpx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.api.conftest import Server

PATHS = [
    "/v1/batch",
    "/v1/track",
    "/v1/identify",
    "/v1/page",
    "/v1/screen",
    "/v1/group",
    "/v1/alias",
]
DEEP = 100_000

BODIES: list[tuple[bytes, dict[str, str]]] = [
    (b"", {}),
    (b"   ", {}),
    (b"{", {}),
    (b'{"userId": "u", "event": "E",}', {}),
    (b"\xff\xfe\x00{", {}),
    (b'{"userId": "\xff\xfe", "event": "E"}', {}),
    (b'{"userId": "\\ud800", "event": "E"}', {}),
    (b'{"userId": "u\\u0000", "event": "E\\u0000"}', {}),
    (b"[" * DEEP + b"]" * DEEP, {}),
    (b'{"a":' * DEEP + b"1" + b"}" * DEEP, {}),
    (b'{"batch": ' + b"[" * DEEP + b"]" * DEEP + b"}", {}),
    (b"x" * (2 * 1024 * 1024), {}),
    (b"[]", {}),
    (b'[{"userId": "u"}]', {}),
    (b"5", {}),
    (b"-1e999999", {}),
    (b"null", {}),
    (b'"a string"', {}),
    (b"true", {}),
    (b'{"batch": "x"}', {}),
    (b'{"batch": {}}', {}),
    (b'{"batch": [1, "x", null, [], {}]}', {}),
    (b'{"batch": [{"type": "track", "userId": 123456789012345678901234567890, "event": "E"}]}', {}),
    (b'{"userId": 1e400, "event": "E"}', {}),
    (b'{"userId": [], "event": "E"}', {}),
    (b'{"userId": "u", "event": "E", "timestamp": 5}', {}),
    (b'{"userId": "u", "event": "E", "timestamp": "2024-13-45T99:00:00Z"}', {}),
    (b'{"userId": "u", "event": "E", "sentAt": "' + b"9" * 10_000 + b'"}', {}),
    (b'{"userId": "u", "event": "E", "context": "x", "integrations": 1}', {}),
    (b'{"anonymousId": true, "event": "E"}', {}),
    (b'{"userId": "u", "event": "E", "messageId": ""}', {}),
    (b'{"userId": "u", "event": "E", "messageId": "' + b"m" * 5000 + b'"}', {}),
    (b'{"userId": "u", "event": "E"}', {"Content-Type": "text/plain"}),
    (b"userId=u&event=E", {"Content-Type": "application/x-www-form-urlencoded"}),
    (
        b'--b\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--b--',
        {"Content-Type": "multipart/form-data; boundary=b"},
    ),
    (b'{"userId": "u", "event": "E"}', {"Content-Type": "application/xml"}),
    (b'{"userId": "u", "event": "E"}', {"Content-Encoding": "deflate"}),
    (b'{"userId": "u", "event": "E"}', {"Content-Encoding": "gzip"}),
    (gzip.compress(b"\xff" * 1000), {"Content-Encoding": "gzip"}),
    (gzip.compress(b"[" * DEEP), {"Content-Encoding": "gzip"}),
    (gzip.compress(b"0" * (50 * 1024 * 1024)), {"Content-Encoding": "gzip"}),
]


def _post(c: httpx.Client, path: str, body: bytes, headers: dict[str, str]) -> int:
    try:
        return c.post(path, content=body, headers=headers).status_code
    except httpx.RemoteProtocolError:  # the server may close after refusing a huge body
        return 413


def test_malformed_inputs_never_get_5xx(server: Server) -> None:
    statuses: list[int] = []
    keyed = server.client(auth=(server.write_key, ""))
    anonymous = server.client()
    refused = 0
    for c in (keyed, anonymous):
        for path in PATHS:
            for body, headers in BODIES:
                status = _post(c, path, body, headers)
                statuses.append(status)
                refused += status != 200
    # wrong methods, wrong paths, bad auth headers
    for method, path in (
        ("GET", "/v1/batch"),
        ("PUT", "/v1/track"),
        ("POST", "/v1/nope"),
        ("POST", "/v1/profiles/x"),
        ("DELETE", "/health"),
    ):
        statuses.append(keyed.request(method, path).status_code)
    for auth in ("Basic", "Basic ====", "Bearer", "Digest x", "Basic " + "A" * 10_000):
        status = anonymous.post("/v1/track", content=b"{}", headers={"Authorization": auth})
        statuses.append(status.status_code)
        refused += 1
    assert [s for s in statuses if s >= 500] == []
    assert httpx.get(f"{server.url}/health").status_code == 200
    server.stop()
    recorded = server.rows("SELECT count(*) AS n FROM event_rejections")[0]["n"]
    assert recorded >= refused


_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda inner: st.lists(inner, max_size=5) | st.dictionaries(st.text(max_size=10), inner),
    max_leaves=30,
)
_message = st.fixed_dictionaries(
    {},
    optional={
        "type": st.sampled_from(["track", "identify", "page", "alias", "group", "x"]) | _json,
        "userId": st.text(max_size=5) | _json,
        "anonymousId": st.text(max_size=5) | _json,
        "event": st.text(max_size=5) | _json,
        "messageId": st.text(max_size=5) | _json,
        "timestamp": st.datetimes().map(lambda d: d.isoformat()) | _json,
        "sentAt": st.datetimes().map(lambda d: d.isoformat()) | _json,
        "context": _json,
        "traits": _json,
        "previousId": _json,
        "groupId": _json,
    },
)


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    data=st.one_of(
        st.binary(max_size=2000),
        _json.map(lambda v: json.dumps(v).encode()),
        st.lists(_message | _json, max_size=8).map(lambda b: json.dumps({"batch": b}).encode()),
        _message.map(lambda m: json.dumps(m).encode()),
    ),
    path=st.sampled_from(PATHS),
    gzipped=st.booleans(),
)
def test_generated_garbage_never_gets_5xx(
    server: Server, data: bytes, path: str, gzipped: bool
) -> None:
    headers: dict[str, Any] = {"Content-Type": "application/json"}
    if gzipped:
        data, headers["Content-Encoding"] = gzip.compress(data), "gzip"
    c = server.clients[0] if server.clients else server.client(auth=(server.write_key, ""))
    assert _post(c, path, data, headers) < 500
