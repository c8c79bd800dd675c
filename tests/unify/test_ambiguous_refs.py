"""An identifier two profiles carry (a couple's shared e-mail): every lookup of it lists both
profiles — never fails, never picks one — on the command line, through the workspace and on
the stored-document path the API serves."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from tessera.cli.main import app
from tessera.config import WorkspaceConfig
from tessera.errors import AmbiguousReference, ReferenceNotFound
from tessera.pipeline.unify.candidates import (
    MAX_CANDIDATES,
    SUMMARY_FIELDS,
    candidate_summary,
    from_documents,
)
from tessera.pipeline.unify.view import stored_profile_document
from tessera.workspace import Workspace

CONFIG = {
    "name": "couple",
    "sources": {
        "crm": {
            "format": "csv",
            "path": "crm.csv",
            "id": "id",
            "country": "PT",
            "mapping": {
                "name": "full_name",
                "email": "email",
                "phone": "phone",
                "dob": "birth_date",
                "street": "address",
                "zip": "postcode",
                "city": "city",
            },
        },
        "tickets": {
            "kind": "event",
            "event_type": "ticket",
            "format": "csv",
            "path": "tickets.csv",
            "id": "tid",
            "mapping": {"phone": "phone", "at": "timestamp", "subject": "subject"},
        },
    },
}
# Ana and Bruno share a mailbox (different given names and birth dates: two people); Ana has
# a second CRM record with it and a ticket (by her phone); Carla is alone with hers
CRM = (
    "id,name,email,phone,dob,street,zip,city\n"
    "c1,Ana Silva,casa@x.pt,+351 912 345 678,1990-02-01,Rua A 1,1000-001,Lisboa\n"
    "c4,Ana Silva,Casa@X.pt,,1990-02-01,Rua A 1,1000-001,Lisboa\n"
    "c2,Bruno Costa,casa@x.pt,,1985-05-05,Rua B 2,4000-002,Porto\n"
    "c3,Carla Dias,carla@y.pt,,1970-01-01,Rua C 3,8000-003,Faro\n"
)
TICKETS = "tid,phone,at,subject\nt1,+351912345678,2025-01-01 10:00:00,where is my order\n"
SHARED = "email:casa@x.pt"


def prepare(folder: Path, *, unify: bool = True) -> None:
    """Write, import and resolve (and unify) the couple's workspace in ``folder``."""
    (folder / "tessera.yaml").write_text(yaml.safe_dump(CONFIG))
    (folder / "crm.csv").write_text(CRM)
    (folder / "tickets.csv").write_text(TICKETS)
    with Workspace.open(folder) as ws:
        _, failures = ws.import_sources()
        assert not failures
        ws.resolve()
        if unify:
            ws.unify()


def _couple(folder: Path, *, unify: bool = True) -> Path:
    Workspace.init(folder)
    prepare(folder, unify=unify)
    return folder


@pytest.fixture(scope="module")
def couple(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _couple(tmp_path_factory.mktemp("couple") / "ws")


def _profiles(ws: Workspace) -> dict[str, str]:
    return {f"{r['source']}:{r['record_id']}": r["profile_id"] for r in ws.identities().to_pylist()}


def _ambiguity(call: Any) -> AmbiguousReference:
    with pytest.raises(AmbiguousReference) as caught:
        call()
    return caught.value


def test_a_shared_email_lists_both_profiles(couple: Path) -> None:
    with Workspace.open(couple) as ws:
        ids = _profiles(ws)
        ana, bruno = ids["crm:c1"], ids["crm:c2"]
        assert ana != bruno, "the couple are two profiles"
        assert ids["crm:c4"] == ids["tickets:t1"] == ana
        exc = _ambiguity(lambda: ws.profile(" email:CASA@x.pt "))
        assert exc.profile_ids == sorted([ana, bruno])
        assert str(exc).startswith("email:CASA@x.pt is carried by 2 profiles; use a profile id")
        assert ana in str(exc) and bruno in str(exc)
        first, second = exc.candidates  # most records carrying the e-mail first
        assert first == {
            "profile_id": ana,
            "name": "Ana Silva",
            "city": "Lisboa",
            "birth_year": 1990,
            "records": 2,
            "events": 1,
            "sources": ["crm"],
            "shared": True,
            "profile_records": 3,
            "carried_by": ["crm:c1", "crm:c4"],
        }
        assert (second["profile_id"], second["name"], second["city"]) == (
            bruno,
            "Bruno Costa",
            "Porto",
        )
        assert (second["birth_year"], second["records"], second["carried_by"]) == (
            1985,
            1,
            ["crm:c2"],
        )
        # one carrier, a profile id, a record: unchanged
        assert ws.profile("email:carla@y.pt")["profile_id"] == ids["crm:c3"]
        assert ws.profile(ana)["profile_id"] == ana
        assert ws.profile("crm:c2")["profile_id"] == bruno
        with pytest.raises(ReferenceNotFound):
            ws.profile("email:nobody@x.pt")


def test_the_stored_path_gives_the_same_candidates(couple: Path) -> None:
    """What the API's database path reads (stored documents) summarises the candidates as
    the general path does."""
    with Workspace.open(couple) as ws:
        stored = _ambiguity(lambda: stored_profile_document(ws.engine, ws.config, SHARED))
        general = _ambiguity(lambda: ws.profile(SHARED))
        assert stored.profile_ids == general.profile_ids and str(stored) == str(general)
        assert stored.candidates == [{f: c[f] for f in SUMMARY_FIELDS} for c in general.candidates]
        assert stored_profile_document(ws.engine, ws.config, "email:carla@y.pt") is not None


def test_every_command_taking_a_ref_refuses_it(couple: Path) -> None:
    with Workspace.open(couple) as ws:
        ids = _profiles(ws)
        for call in (
            lambda: ws.explain(SHARED, "crm:c3"),
            lambda: ws.explain("crm:c3", SHARED),
            lambda: ws.decide(SHARED, "crm:c3", "unlink"),
            lambda: ws.timeline(SHARED),
        ):
            exc = _ambiguity(call)
            assert exc.profile_ids == sorted([ids["crm:c1"], ids["crm:c2"]])
        assert ws.engine.fetchall("SELECT count(*) FROM manual_links")[0][0] == 0
        assert ws.explain("email:carla@y.pt", "crm:c3").same_profile


def test_before_the_first_unify_the_candidates_come_from_the_records(tmp_path: Path) -> None:
    folder = _couple(tmp_path / "ws", unify=False)
    with Workspace.open(folder) as ws:
        assert not ws.engine.table_exists("profile_identifiers")
        assert stored_profile_document(ws.engine, ws.config, SHARED) is None  # nothing stored
        exc = _ambiguity(lambda: ws.profile(SHARED))
        assert [(c["records"], c["carried_by"], c["shared"]) for c in exc.candidates] == [
            (2, ["crm:c1", "crm:c4"], True),
            (1, ["crm:c2"], True),
        ]


def test_the_profile_command_prints_the_candidates(couple: Path) -> None:
    with Workspace.open(couple) as ws:
        ana, bruno = (_profiles(ws)[r] for r in ("crm:c1", "crm:c2"))
    runner = CliRunner()
    r = runner.invoke(app, ["profile", SHARED, "-w", str(couple)], env={"COLUMNS": "250"})
    assert isinstance(r.exception, AmbiguousReference), r.output  # main() exits with 3
    lines = r.stdout.splitlines()
    assert "email:casa@x.pt is carried by 2 profiles" in lines[0]
    row = next(x for x in lines if ana in x)
    for cell in ("Ana Silva", "Lisboa", "1990", "crm:c1, crm:c4", "yes"):
        assert cell in row, row
    assert any(bruno in x and "Bruno Costa" in x and "crm:c2" in x for x in lines)
    r = runner.invoke(app, ["profile", SHARED, "--json", "-w", str(couple)])
    assert isinstance(r.exception, AmbiguousReference)
    payload = json.loads(r.stdout)
    assert payload["ambiguous"] is True and payload["count"] == 2
    assert [c["profile_id"] for c in payload["candidates"]] == [ana, bruno]
    r = runner.invoke(app, ["profile", "email:carla@y.pt", "--json", "-w", str(couple)])
    assert r.exit_code == 0 and json.loads(r.stdout)["golden"]


def test_the_command_line_says_one_line_and_exits_with_3(couple: Path) -> None:
    with Workspace.open(couple) as ws:
        ana, bruno = (_profiles(ws)[r] for r in ("crm:c1", "crm:c2"))
    for args in (("profile", SHARED), ("explain", SHARED, "crm:c3"), ("unlink", "crm:c3", SHARED)):
        r = subprocess.run(
            [sys.executable, "-m", "tessera", *args, "-w", str(couple)],
            capture_output=True,
            text=True,
            timeout=120,
            env={"PATH": "/usr/bin:/bin", "COLUMNS": "200", "NO_COLOR": "1"},
        )
        assert r.returncode == 3, (args, r.stderr)
        assert "Traceback" not in r.stderr
        (line,) = r.stderr.strip().splitlines()
        assert line == (
            f"error: {SHARED} is carried by 2 profiles; use a profile id: "
            f"{', '.join(sorted([ana, bruno]))}"
        )


def _doc(pid: str, identifiers: list[dict[str, Any]], **golden: Any) -> dict[str, Any]:
    return {
        "profile_id": pid,
        "golden": [{"attribute": a, **v} for a, v in golden.items()],
        "identifiers": identifiers,
        "traits": {"events": 4},
    }


def test_a_summary_finds_the_identifier_by_its_matching_key() -> None:
    """A document shows values, not keys: a gmail address written with dots is found by
    its looser key; other namespaces and values are not counted."""
    config = WorkspaceConfig.model_validate({"name": "t"})
    doc = _doc(
        "p1",
        [
            {
                "namespace": "email",
                "value": "ana.silva@gmail.com",
                "records": 2,
                "sources": ["shop"],
                "shared": False,
            },
            {
                "namespace": "email",
                "value": "anasilva+x@gmail.com",
                "records": 1,
                "sources": ["crm"],
                "shared": True,
            },
            {
                "namespace": "email",
                "value": "other@gmail.com",
                "records": 5,
                "sources": ["web"],
                "shared": False,
            },
            {
                "namespace": "user_id",
                "value": "anasilva@gmail.com",
                "records": 7,
                "sources": ["web"],
                "shared": False,
            },
        ],
        name={"value": "Ana Silva"},
        birth_date={"value": "1990-02-01"},
        address={"value": "Rua A 1, 1000 Lisboa", "parts": '{"city": "Lisboa"}'},
    )
    summary = candidate_summary(doc, "email", "anasilva@gmail.com", config)
    assert summary == {
        "profile_id": "p1",
        "name": "Ana Silva",
        "city": "Lisboa",
        "birth_year": 1990,
        "records": 3,
        "events": 4,
        "sources": ["crm", "shop"],
        "shared": True,
    }
    empty = candidate_summary(_doc("p2", []), "email", "anasilva@gmail.com", config)
    assert (empty["records"], empty["name"], empty["birth_year"]) == (0, None, None)


def test_many_carriers_are_counted_and_a_few_summarised() -> None:
    config = WorkspaceConfig.model_validate({"name": "t"})
    ids = [f"p{i:03d}" for i in range(3 * MAX_CANDIDATES)]
    read: list[str] = []

    def document(pid: str) -> str:
        read.append(pid)
        ident = {"namespace": "email", "value": "info@x.pt", "records": int(pid[1:]) % 3}
        return json.dumps(_doc(pid, [ident]))

    exc = from_documents("email:info@x.pt", "info@x.pt", ids, document, config)
    assert exc is not None and exc.profile_ids == ids
    assert read == ids[:MAX_CANDIDATES] and len(exc.candidates) == MAX_CANDIDATES
    assert [c["records"] for c in exc.candidates] == sorted(
        (c["records"] for c in exc.candidates), reverse=True
    )
    assert "carried by 60 profiles" in str(exc) and str(exc).endswith(", ...")
    # a candidate without a stored document: the caller assembles them instead
    missing = from_documents("email:info@x.pt", "info@x.pt", ids, lambda p: None, config)
    assert missing is None
