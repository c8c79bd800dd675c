"""New and changed imported records are resolved incrementally (only the components they
touch) with the same result as resolving everything again."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tessera.demo.generator import generate_workspace
from tessera.workspace import Workspace
from tests.conftest import MakeWorkspace

from .streams import store

_HELD_BACK = ("crm_contacts.csv", "shop_orders.csv")


def _partition(ws: Workspace) -> set[frozenset[tuple[str, str]]]:
    groups: dict[str, set[tuple[str, str]]] = {}
    for pid, source, rid in ws.engine.fetchall(
        "SELECT profile_id, source, record_id FROM profile_members"
    ):
        groups.setdefault(pid, set()).add((source, rid))
    return {frozenset(g) for g in groups.values()}


def test_incremental_import_equals_full_resolution(tmp_path: Path) -> None:
    folder = tmp_path / "demo"
    generate_workspace(folder, persons=300, seed=11)
    full_files = {}
    for name in _HELD_BACK:  # the first run sees 70% of these files' rows
        path = folder / "data" / name
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
        full_files[path] = lines
        path.write_text("".join(lines[: int(len(lines) * 0.7)]), encoding="utf-8")
    with Workspace.open(folder) as ws:
        _, failures = ws.import_sources()
        assert not failures
        assert ws.resolve().model == "trained"
        ws.unify()
        for path, lines in full_files.items():
            path.write_text("".join(lines), encoding="utf-8")
        results, failures = ws.import_sources()
        assert not failures
        changed = [r.import_id for r in results if r.inserted or r.updated]
        assert len(changed) == 2
        result = ws.resolve_changes(changed)
        assert result is not None and result.model == "incremental"
        assert result.records < 0.8 * ws.counts()["person_records"] + ws.counts()["events"]
        incremental = _partition(ws)
        ltv = dict(ws.engine.fetchall("SELECT profile_id, lifetime_value FROM profile_traits"))
        members = ws.engine.fetchall("SELECT profile_id, record_id FROM profile_members")
        ws.resolve()
        rebuilt = _partition(ws)
    assert incremental == rebuilt
    by_record = dict((rid, pid) for pid, rid in members)
    orders = [rid for rid in by_record if rid.startswith("SO")]
    assert orders and all(ltv.get(by_record[o]) for o in orders), "new orders count in LTV"


def test_second_run_with_nothing_changed_processes_waiting_events(tmp_path: Path) -> None:
    folder = tmp_path / "demo"
    generate_workspace(folder, persons=60, seed=3)

    def run() -> str:
        done = subprocess.run(
            [sys.executable, "-m", "tessera.cli.main", "run", "-w", str(folder)],
            capture_output=True,
            text=True,
            check=True,
        )
        return done.stdout

    run()
    assert "Nothing changed since the last run" in run()
    with Workspace.open(folder) as ws:  # stored by the event API, no server running since
        store(
            ws.engine,
            [
                {"type": "identify", "userId": "late-1", "traits": {"email": "late@mail.pt"}},
                {"type": "track", "userId": "late-1", "event": "Order Completed"},
            ],
        )
    output = run()
    assert "Nothing changed since the last run" in output
    assert "2 event-API messages processed into profiles" in output
    with Workspace.open(folder) as ws:
        assert ws.profile("email:late@mail.pt")["traits"]["order_count"] == 1


def test_changed_record_leaving_its_profile_splits_it_as_a_rebuild_does(
    make_workspace: MakeWorkspace, tmp_path: Path
) -> None:
    """Records 1-3 share one e-mail (one profile). Record 2 is re-imported with another
    e-mail and phone: it lost what tied it to the others, whose edges are unchanged. The
    incremental run must take the profile's other members into its scope (they are reached
    from record 2 by no edge now) and split exactly as a full run does."""
    src = {
        "format": "csv",
        "path": "c.csv",
        "id": "id",
        "country": "PT",
        "mapping": {"first": "given_name", "last": "family_name", "email": "email"},
    }
    v1 = (
        "id,first,last,email\n"
        "1,Ana,Silva,ana.silva@x.pt\n"
        "2,Ana,Silva,ana.silva@x.pt\n"
        "3,Ana,Silva,ana.silva@x.pt\n"
        "4,Rui,Costa,rui@y.pt\n"
    )
    ws = make_workspace({"crm": src}, {"c.csv": v1})
    ws.import_sources()
    ws.resolve()
    ws.unify()
    assert len({p for p, _, _ in ws.engine.fetchall("SELECT * FROM profile_members")}) == 2
    (tmp_path / "c.csv").write_text(
        v1.replace("2,Ana,Silva,ana.silva@x.pt", "2,Zé,Moura,ze.moura@z.pt"), encoding="utf-8"
    )
    results, failures = ws.import_sources()
    assert not failures and results[0].updated == 1
    result = ws.resolve_changes([results[0].import_id])
    assert result is not None and result.model in ("incremental", "skipped")
    incremental = _partition(ws)
    ws.resolve()
    rebuilt = _partition(ws)
    assert incremental == rebuilt
    assert frozenset({("crm", "2")}) in rebuilt
    assert frozenset({("crm", "1"), ("crm", "3")}) in rebuilt
