"""The profile read API against a real server on a small resolved workspace."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
import yaml

from tessera.api.profiles import AmbiguousLookup
from tessera.errors import AmbiguousReference
from tessera.pipeline.unify.view import stored_profile_document
from tessera.workspace import Workspace
from tests.api.conftest import Server, StartServer
from tests.unify.test_ambiguous_refs import SHARED
from tests.unify.test_ambiguous_refs import prepare as prepare_couple

CONFIG = {
    "name": "api",
    "sources": {
        "crm": {
            "format": "csv",
            "path": "crm.csv",
            "id": "id",
            "mapping": {"name": "full_name", "email": "email", "phone": "phone"},
        },
        "orders": {
            "kind": "event",
            "event_type": "order",
            "format": "csv",
            "path": "orders.csv",
            "id": "oid",
            "mapping": {"email": "email", "total": "amount", "at": "timestamp"},
        },
    },
}
FILES = {
    "crm.csv": "id,name,email,phone\nc1,Ana Silva,ana@x.pt,+351 912 345 678\n"
    "c2,Bruno Costa,bruno@y.pt,\n",
    "orders.csv": "oid,email,total,at\no1,ana@x.pt,10.50,2025-01-01 08:30:00\n"
    "o2,ana@x.pt,20.00,2025-02-01 19:00:00\no3,ana@x.pt,5.25,2025-03-01 09:15:00\n",
}


def _prepare(folder: Path) -> None:
    (folder / "tessera.yaml").write_text(yaml.safe_dump(CONFIG))
    for name, text in FILES.items():
        (folder / name).write_text(text)
    with Workspace.open(folder) as ws:
        _, failures = ws.import_sources()
        assert not failures
        ws.resolve()
        ws.unify()


def _ana(server: Server) -> str:
    r = server.client(auth=(server.read_key, "")).get(
        "/v1/profiles/lookup", params={"identifier": "email:ANA@x.pt"}
    )
    assert r.status_code == 200, r.text
    return str(r.json()["profile_id"])


def test_profile_reads(start_server: StartServer) -> None:
    server = start_server(_prepare)
    reader = server.client(auth=(server.read_key, ""))
    pid = _ana(server)

    view = reader.get(f"/v1/profiles/{pid}").json()
    assert view["profile_id"] == pid
    assert any(i["value"] == "ana@x.pt" for i in view["identifiers"])
    bearer = server.client(headers={"Authorization": f"Bearer {server.admin_key}"})
    assert bearer.get(f"/v1/profiles/{pid}").json()["profile_id"] == pid
    # other namespaces and record references
    phone = reader.get("/v1/profiles/lookup", params={"identifier": "phone:+351912345678"})
    assert phone.status_code == 200 and phone.json()["profile_id"] == pid
    crm = reader.get("/v1/profiles/lookup", params={"identifier": "crm:c1"})
    assert crm.json()["profile_id"] == pid

    events = reader.get(f"/v1/profiles/{pid}/events", params={"limit": 2}).json()
    assert [e["record_id"] for e in events["events"]] == ["o3", "o2"]  # newest first
    page2 = reader.get(f"/v1/profiles/{pid}/events", params={"limit": 2, "offset": 2}).json()
    assert [e["record_id"] for e in page2["events"]] == ["o1"]
    since = reader.get(
        f"/v1/profiles/{pid}/events",
        params={"since": "2025-01-15T00:00:00Z", "until": "2025-03-01T00:00:00Z"},
    ).json()
    assert [e["record_id"] for e in since["events"]] == ["o2"]
    none = reader.get(f"/v1/profiles/{pid}/events", params={"event_type": "ticket"}).json()
    assert none["events"] == []

    found = reader.get("/v1/profiles/search", params={"q": "ana silva"}).json()["profiles"]
    assert found and found[0]["profile_id"] == pid
    assert reader.get("/v1/profiles/search", params={"q": "bruno@y.pt"}).json()["profiles"]


def test_profile_errors(start_server: StartServer) -> None:
    server = start_server(_prepare)
    pid = _ana(server)
    anonymous = server.client()
    assert anonymous.get("/health").json()["status"] == "ok"
    assert anonymous.get("/docs").status_code == 200
    assert "/v1/profiles/lookup" in anonymous.get("/openapi.json").json()["paths"]
    r = anonymous.get(f"/v1/profiles/{pid}")
    assert r.status_code == 401 and r.json()["code"] == "unauthorized"
    writer = server.client(auth=(server.write_key, ""))
    for path in (f"/v1/profiles/{pid}", "/v1/profiles/search?q=ana", f"/v1/profiles/{pid}/events"):
        r = writer.get(path)
        assert r.status_code == 403 and r.json()["code"] == "forbidden", path
    reader = server.client(auth=(server.read_key, ""))
    for path, params in (
        ("/v1/profiles/0000000000000000", None),
        ("/v1/profiles/0000000000000000/events", None),
        ("/v1/profiles/lookup", {"identifier": "email:nobody@x.pt"}),
        ("/v1/profiles/lookup", {"identifier": "crm:nope"}),
    ):
        r = reader.get(path, params=params)
        assert r.status_code == 404 and r.json()["code"] == "not_found", (path, r.text)
    for path, params in (
        ("/v1/profiles/lookup", {"identifier": "nonamespace"}),
        ("/v1/profiles/lookup", {"identifier": "shoe:42"}),
        ("/v1/profiles/lookup", None),
        ("/v1/profiles/search", None),
        (f"/v1/profiles/{pid}/events", {"limit": "-1"}),
        (f"/v1/profiles/{pid}/events", {"since": "not a date"}),
    ):
        r = reader.get(path, params=params)
        assert 400 <= r.status_code < 500, (path, params, r.text)
        assert set(r.json()) == {"code", "message"}


def test_merged_profile_ids_redirect(start_server: StartServer) -> None:
    def prepare(folder: Path) -> None:
        _prepare(folder)
        with Workspace.open(folder) as ws:
            ws.engine.execute(
                "INSERT INTO profile_redirects SELECT 'old-ana', profile_id, now(), 'merged' "
                "FROM profile_members WHERE source = 'crm' AND record_id = 'c1'"
            )

    server = start_server(prepare)
    pid = _ana(server)
    reader = server.client(auth=(server.read_key, ""))
    r = reader.get("/v1/profiles/old-ana/events", params={"limit": 1})
    assert r.status_code == 308
    assert r.headers["location"] == f"/v1/profiles/{pid}/events?limit=1"
    followed = server.client(auth=(server.read_key, ""), follow_redirects=True)
    assert followed.get("/v1/profiles/old-ana").json()["profile_id"] == pid


CANDIDATE_FIELDS = {
    "profile_id",
    "href",
    "name",
    "city",
    "birth_year",
    "records",
    "events",
    "sources",
    "shared",
}


def test_an_identifier_two_profiles_carry_answers_300(start_server: StartServer) -> None:
    """A couple's shared e-mail: 300 with both profiles' ids and summaries — from the profile
    mirror and from the database alike — and no Location header; one carrier: 200."""
    server = start_server(prepare_couple)
    reader = server.client(auth=(server.read_key, ""))
    lookup = {"identifier": SHARED}
    deadline = time.monotonic() + 60
    while True:  # the database answers until the mirror is built
        r = reader.get("/v1/profiles/lookup", params=lookup)
        assert r.status_code == 300, r.text
        if r.headers["server-timing"].startswith("mirror;"):
            break
        assert time.monotonic() < deadline, "the mirror did not take over"
        time.sleep(0.1)
    assert "location" not in r.headers
    body = r.json()
    AmbiguousLookup.model_validate(body, strict=True)  # as the OpenAPI schema says
    assert body["code"] == body["error"] == "ambiguous" and body["count"] == 2
    assert body["message"].startswith(f"{SHARED} is carried by 2 profiles; use a profile id")
    ana, bruno = body["candidates"]
    assert all(set(c) == CANDIDATE_FIELDS for c in body["candidates"])  # the summary only
    assert (ana["name"], ana["city"], ana["birth_year"], ana["records"]) == (
        "Ana Silva",
        "Lisboa",
        1990,
        2,
    )
    assert (bruno["name"], bruno["records"], bruno["shared"]) == ("Bruno Costa", 1, True)
    assert ana["profile_id"] in body["message"] and bruno["profile_id"] in body["message"]
    # the database's general path (view=full never reads the mirror) answers the same
    full = reader.get("/v1/profiles/lookup", params={**lookup, "view": "full"})
    assert full.status_code == 300 and full.headers["server-timing"].startswith("db;")
    assert full.json() == body
    admin = server.client(auth=(server.admin_key, ""))
    assert admin.get("/v1/profiles/lookup", params=lookup).json() == body
    for candidate in (ana, bruno):
        one = reader.get(candidate["href"])
        assert one.status_code == 200 and one.json()["profile_id"] == candidate["profile_id"]
    one = reader.get("/v1/profiles/lookup", params={"identifier": "email:carla@y.pt"})
    assert one.status_code == 200 and one.json()["golden"]
    spec = server.client().get("/openapi.json").json()
    responses = spec["paths"]["/v1/profiles/lookup"]["get"]["responses"]
    assert {"200", "300", "404"} <= set(responses)
    server.stop()
    with (
        Workspace.open(server.folder) as ws,  # the stored-document path of the database
        pytest.raises(AmbiguousReference) as caught,
    ):
        stored_profile_document(ws.engine, ws.config, SHARED)
    summaries = [{k: v for k, v in c.items() if k != "href"} for c in body["candidates"]]
    assert caught.value.candidates == summaries and str(caught.value) == body["message"]
