"""Bad rows, bad files, idempotent re-imports, upserts with history, import records."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from tests.conftest import MakeWorkspace, rows

SRC = {
    "format": "csv",
    "path": "c.csv",
    "id": "id",
    "country": "IT",
    "date_formats": ["%d/%m/%Y"],
    "mapping": {
        "name": "given_name",
        "email": "email",
        "phone": "phone",
        "born": "birth_date",
        "street": "address",
        "city": "city",
    },
}
V1 = (
    "id,name,email,phone,born,street,city,notes\n"
    "1,Ana,ana@x.pt,+351 912 345 678,01/02/1990,Rua A 1,Lisboa,vip\n"
    "2,Bob,not-an-email,12,32/13/1990,Via B 2,Roma,\n"
    ",Nobody,no@id.it,,,,,\n"
    "3,Cy,cy@x.it,,,Via C 3,Milano,\n"
    "3,Cy2,cy2@x.it,,,Via C 4,Milano,\n"
)


def test_bad_rows_are_imported_flagged_or_rejected(make_workspace: MakeWorkspace) -> None:
    ws = make_workspace({"crm": SRC}, {"c.csv": V1})
    results, failures = ws.import_sources()
    assert failures == []
    r = results[0]
    assert (r.rows_read, r.inserted, r.rejected) == (5, 3, 2)
    assert r.rows_read == r.inserted + r.updated + r.unchanged + r.rejected
    issues = {(i["record_id"], i["field"]): i for i in rows(ws, "SELECT * FROM quality_issues")}
    assert set(issues) == {("2", "email"), ("2", "phone"), ("2", "birth_date")}
    assert issues[("2", "birth_date")]["row_number"] == 3  # file line, header is line 1
    assert "32/13/1990" in issues[("2", "birth_date")]["reason"]
    rejected = rows(ws, "SELECT * FROM rejected_rows ORDER BY row_number")
    assert [(x["row_number"], x["reason"].split(" (")[0]) for x in rejected] == [
        (4, "missing record id"),
        (5, "duplicate record id '3'"),
    ]
    assert "Nobody" in rejected[0]["raw"]
    # the last row with a repeated id is the one kept
    kept = rows(ws, "SELECT given_name, attributes FROM records WHERE record_id = '3'")[0]
    assert kept["given_name"] == "Cy2"
    # unmapped columns are kept as source attributes; the raw row is kept whole
    one = rows(
        ws,
        "SELECT attributes->>'notes' AS notes, raw->>'name' AS name FROM records "
        "WHERE record_id = '1'",
    )[0]
    assert one == {"notes": "vip", "name": "Ana"}


def test_reimport_same_file_changes_nothing(make_workspace: MakeWorkspace) -> None:
    ws = make_workspace({"crm": SRC}, {"c.csv": V1})
    ws.import_sources()
    before = rows(ws, "SELECT * FROM records ORDER BY record_id")
    ids_before = rows(ws, "SELECT * FROM identifiers ORDER BY record_id, namespace")
    results, _ = ws.import_sources()
    assert results[0].status == "skipped"
    forced, _ = ws.import_sources(force=True)
    assert (forced[0].inserted, forced[0].updated, forced[0].unchanged) == (0, 0, 3)
    assert rows(ws, "SELECT * FROM records ORDER BY record_id") == before
    assert rows(ws, "SELECT * FROM identifiers ORDER BY record_id, namespace") == ids_before
    assert rows(ws, "SELECT count(*) AS n FROM record_history") == [{"n": 0}]
    assert rows(ws, "SELECT count(*) AS n FROM quality_issues") == [{"n": 3}]


def test_changed_file_upserts_and_keeps_history(
    make_workspace: MakeWorkspace, tmp_path: Path
) -> None:
    ws = make_workspace({"crm": SRC}, {"c.csv": V1})
    ws.import_sources()
    v2 = (
        V1.replace("Rua A 1,Lisboa", "Avenida Nova 9,Porto").replace(
            "2,Bob,not-an-email", "2,Bob,bob@x.it"
        )
        + "4,Dee,dee@x.it,,,,,\n"
    )
    (tmp_path / "c.csv").write_text(v2)
    results, _ = ws.import_sources()
    r = results[0]
    assert (r.inserted, r.updated, r.unchanged) == (1, 2, 1)
    ana = rows(ws, "SELECT * FROM records WHERE record_id = '1'")[0]
    assert (ana["address_line1"], ana["city"], ana["version"]) == ("Avenida Nova 9", "Porto", 2)
    hist = rows(ws, "SELECT * FROM record_history WHERE record_id = '1'")
    assert len(hist) == 1
    assert (hist[0]["address_line1"], hist[0]["city"], hist[0]["version"]) == (
        "Rua A 1",
        "Lisboa",
        1,
    )
    assert hist[0]["superseded_at"] >= hist[0]["updated_at"]
    assert ana["first_seen_at"] == hist[0]["first_seen_at"]
    assert '"ana@x.pt"' in hist[0]["identifiers"]
    # the fixed e-mail's quality issue is gone with the version that had it
    bob_issues = {i["field"] for i in rows(ws, "SELECT * FROM quality_issues WHERE record_id='2'")}
    assert bob_issues == {"phone", "birth_date"}
    bob_ids = rows(
        ws, "SELECT value, status FROM identifiers WHERE record_id='2' AND namespace='email'"
    )
    assert bob_ids == [{"value": "bob@x.it", "status": "valid"}]
    imports = rows(ws, "SELECT * FROM imports ORDER BY import_id")
    assert [i["status"] for i in imports] == ["ok", "ok"]
    assert imports[1]["fingerprint"] != imports[0]["fingerprint"]
    assert isinstance(imports[1]["finished_at"], dt.datetime)


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        ({}, "c.csv: file not found"),
        ({"c.csv": "id,nome,email\n1,A,a@x.it\n"}, "column 'name' not found"),
    ],
)
def test_unreadable_file_or_missing_column_fails_before_writing(
    make_workspace: MakeWorkspace, files: dict[str, str], expected: str
) -> None:
    ws = make_workspace({"crm": SRC}, files)
    results, failures = ws.import_sources()
    assert results == []
    assert len(failures) == 1 and expected in failures[0].message
    assert "\n" not in failures[0].message
    assert rows(ws, "SELECT count(*) AS n FROM records") == [{"n": 0}]
    assert rows(ws, "SELECT count(*) AS n FROM imports WHERE status = 'ok'") == [{"n": 0}]


def test_undecodable_file_names_the_byte(make_workspace: MakeWorkspace) -> None:
    src = {**SRC, "encoding": "ascii"}
    ws = make_workspace({"crm": src}, {"c.csv": V1.replace("Ana", "Anà")})
    _, failures = ws.import_sources()
    assert "not valid ascii at byte" in failures[0].message


def test_structurally_broken_csv_lines_are_rejected_not_lost(make_workspace: MakeWorkspace) -> None:
    csv = "id,name\n1,Ana\n2,Bob,extra,cells\n3\n4,Dee\n"
    ws = make_workspace(
        {"s": {"format": "csv", "path": "s.csv", "id": "id", "mapping": {"name": "given_name"}}},
        {"s.csv": csv},
    )
    results, _ = ws.import_sources()
    r = results[0]
    assert r.rows_read == r.inserted + r.rejected
    kept = {x["record_id"]: x["row_number"] for x in rows(ws, "SELECT * FROM records")}
    assert kept == {"1": 2, "4": 5}
    rejected = rows(ws, "SELECT row_number, raw, reason FROM rejected_rows ORDER BY row_number")
    assert [(x["row_number"], x["raw"]) for x in rejected] == [(3, "2,Bob,extra,cells"), (4, "3")]
    assert rejected[0]["reason"].startswith("too many columns")


def test_status_reports_per_source(make_workspace: MakeWorkspace) -> None:
    ws = make_workspace({"crm": SRC, "other": {**SRC, "path": "missing.csv"}}, {"c.csv": V1})
    ws.import_sources()
    st = {s.source: s for s in ws.status()}
    assert (st["crm"].records, st["crm"].last_rejected, st["crm"].quality_issues) == (3, 2, 3)
    assert st["crm"].last_status == "ok"
    assert st["other"].last_import is None and st["other"].records == 0
