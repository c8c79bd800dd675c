"""Resolution behaviour on small hand-made workspaces (deterministic rules only)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from tests.conftest import MakeWorkspace

from tessera.errors import ReferenceNotFound

CRM = {
    "format": "csv",
    "path": "crm.csv",
    "id": "id",
    "country": "IT",
    "mapping": {
        "name": "full_name",
        "email": "email",
        "phone": "phone",
        "dob": "birth_date",
        "cid": "crm_id",
        "street": "address",
        "zip": "postcode",
        "city": "city",
    },
}
WEB = {
    "kind": "event",
    "format": "ndjson",
    "path": "web.ndjson",
    "id": "messageId",
    "mapping": {
        "type": "event_type",
        "userId": "user_id",
        "anonymousId": "anonymous_id",
        "context.traits.email": "email",
        "timestamp": "timestamp",
    },
}
CRM_ROWS = (
    "id,name,email,phone,dob,cid,street,zip,city\n"
    "1,Ana Silva,ana@x.pt,,1990-02-01,K1,Rua A 1,1000,Lisboa\n"
    "2,Ana Silva,ANA@x.pt ,+351912345678,1990-02-01,,Rua A 1,1000,Lisboa\n"
    "3,Bruno Costa,bruno@x.pt,+351912345678,1985-05-05,,Rua A 1,1000,Lisboa\n"
    "4,Carla Costa,carla@x.pt,,1987-07-07,K2,Rua A 1,1000,Lisboa\n"
    "5,Carla Costa,carla@x.pt,,1987-07-07,K3,Rua B 2,2000,Porto\n"
)
MESSAGES = [
    {
        "messageId": "m1",
        "type": "page",
        "anonymousId": "dev-1",
        "timestamp": "2025-01-01T10:00:00Z",
    },
    {
        "messageId": "m2",
        "type": "page",
        "anonymousId": "dev-1",
        "timestamp": "2025-01-01T10:01:00Z",
    },
    {
        "messageId": "m3",
        "type": "identify",
        "anonymousId": "dev-1",
        "userId": "u1",
        "timestamp": "2025-01-01T10:02:00Z",
        "context": {"traits": {"email": "ana@x.pt"}},
    },
    {"messageId": "m4", "type": "track", "userId": "u1", "timestamp": "2025-01-01T10:03:00Z"},
]


def _ws(make: MakeWorkspace, crm: str = CRM_ROWS, messages: list[dict[str, object]] | None = None):
    lines = "\n".join(json.dumps(m) for m in (messages if messages is not None else MESSAGES))
    return make({"crm": CRM, "web": WEB}, {"crm.csv": crm, "web.ndjson": lines + "\n"})


def _profile(ws, ref: str) -> str:
    return ws.engine.fetchall(
        "SELECT profile_id FROM profile_members WHERE source || ':' || record_id = ?", [ref]
    )[0][0]


def test_identifiers_link_records_and_events_before_login(make_workspace: MakeWorkspace) -> None:
    ws = _ws(make_workspace)
    ws.import_sources()
    r = ws.resolve()
    assert r.model == "skipped"  # too few person records to train a model
    ana = _profile(ws, "crm:1")
    # e-mail links crm 1 and 2; identify links the web user; earlier page views follow
    for ref in ("crm:2", "web:m1", "web:m2", "web:m3", "web:m4"):
        assert _profile(ws, ref) == ana, ref
    # a phone shared by people with different names does not merge them (Ana / Bruno)
    assert _profile(ws, "crm:3") != ana
    shared = ws.engine.fetchall("SELECT namespace, match_key FROM shared_identifiers")
    assert ("phone", "+351912345678") in shared


def test_limit_one_namespace_keeps_two_crm_ids_apart(make_workspace: MakeWorkspace) -> None:
    ws = _ws(make_workspace)
    ws.import_sources()
    ws.resolve()
    # records 4 and 5 share an e-mail and a name, but carry crm ids K2 and K3 (limit 1)
    assert _profile(ws, "crm:4") != _profile(ws, "crm:5")
    reasons = ws.engine.fetchall("SELECT reason FROM identity_links WHERE NOT accepted")
    assert any("2 crm_id values (limit 1)" in r[0] for r in reasons)


def test_households_group_people_at_one_address(make_workspace: MakeWorkspace) -> None:
    ws = _ws(make_workspace)
    ws.import_sources()
    r = ws.resolve()
    assert r.households == 1
    members = ws.engine.fetchall("SELECT profile_id FROM households")
    ids = {p for (p,) in members}
    # Bruno and Carla Costa (same surname) and Ana (shares a phone with Bruno) at Rua A 1
    assert {_profile(ws, "crm:3"), _profile(ws, "crm:4"), _profile(ws, "crm:1")} <= ids
    assert _profile(ws, "crm:5") not in ids  # Carla's other record lives elsewhere


def test_profile_ids_are_stable_and_merges_redirect(
    make_workspace: MakeWorkspace, tmp_path: Path
) -> None:
    ws = _ws(make_workspace)
    ws.import_sources()
    ws.resolve()
    before = {ref: _profile(ws, ref) for ref in ("crm:1", "crm:3", "web:m1")}
    ws.resolve()
    assert {ref: _profile(ws, ref) for ref in before} == before
    # new data: a web identify shows user u9 with Bruno's e-mail: his profile grows, keeps
    # its id
    (tmp_path / "web.ndjson").write_text(
        "\n".join(
            json.dumps(m)
            for m in [
                *MESSAGES,
                {
                    "messageId": "m9",
                    "type": "identify",
                    "userId": "u9",
                    "timestamp": "2025-02-01T10:00:00Z",
                    "context": {"traits": {"email": "bruno@x.pt"}},
                },
            ]
        )
        + "\n"
    )
    ws.import_sources()
    ws.resolve()
    assert _profile(ws, "crm:3") == before["crm:3"] == _profile(ws, "web:m9")
    # a manual link merges Ana into Bruno's profile: one id survives, the other redirects
    ws.decide("crm:1", "crm:3", "link", note="same person, confirmed by phone")
    r = ws.resolve()
    assert r.merged == 1
    survivor = _profile(ws, "crm:1")
    assert _profile(ws, "crm:3") == survivor
    retired = ({before["crm:1"], before["crm:3"]} - {survivor}).pop()
    found = ws.explain(retired, "crm:3")
    assert found.a.profile_id == survivor and found.a.redirected_from == retired
    history = ws.engine.fetchall(
        "SELECT event, profile_id, related_id FROM profile_history WHERE event = 'merged'"
    )
    assert history == [("merged", survivor, retired)]
    # the manual decision survives re-runs; an unlink splits them again, also for good
    ws.resolve()
    assert _profile(ws, "crm:1") == _profile(ws, "crm:3")
    ws.decide("crm:1", "crm:3", "unlink")
    r = ws.resolve()
    assert r.split + r.merged >= 1
    ws.resolve()
    assert _profile(ws, "crm:1") != _profile(ws, "crm:3")
    # Bruno's own login (user u9) is back with him once Ana (user u1) is unlinked
    assert _profile(ws, "crm:3") == _profile(ws, "web:m9")
    events = ws.engine.fetchall(
        "SELECT DISTINCT event FROM profile_history WHERE run_id = ?", [r.run_id]
    )
    assert {("split",), ("merged",)} & set(events)


def test_references_and_export(make_workspace: MakeWorkspace) -> None:
    ws = _ws(make_workspace)
    ws.import_sources()
    ws.resolve()
    e = ws.explain("email:ANA@X.PT", "web:m2")
    assert e.same_profile
    assert [(s["a_source"], s["b_source"]) for s in e.path]  # a chain of accepted links
    ids = {(r["source"], r["record_id"]): r["profile_id"] for r in ws.identities().to_pylist()}
    assert ("web", "m3") in ids and len(ids) == 9  # events are keyed by messageId
    with pytest.raises(ReferenceNotFound, match="no profile for p_nothing"):
        ws.explain("p_nothing", "crm:1")
    with pytest.raises(ReferenceNotFound, match="no record crm:99"):
        ws.explain("crm:99", "crm:1")
