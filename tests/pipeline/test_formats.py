"""Every source format reaches the same tables: Excel, JSON, NDJSON, Parquet, SQL."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import xlsxwriter
from tests.conftest import MakeWorkspace, rows


def _xlsx(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    wb = xlsxwriter.Workbook(str(path))
    wb.add_worksheet("Notes").write_row(0, 0, ["nothing here"])
    ws = wb.add_worksheet("Leads")
    ws.write_row(0, 0, ["Lp.", "Imię", "Nazwisko", "Telefon", "E-mail", "Data"])
    ws.write_row(1, 0, [1, "ŁUKASZ", "NOWAK", 601234567, " L.Nowak@Firma.PL", "n/a"])
    ws.write_datetime(1, 5, dt.datetime(2024, 5, 1), wb.add_format({"num_format": "dd/mm/yyyy"}))
    ws.write_row(2, 0, [2, "kasia", "wiśniewska", "+48 502-111-222", "-", "03/05/2024"])
    ws.write_row(4, 0, [3, "Jan", "Kowalski", "", "jan@x.pl", ""])  # a blank line before it
    wb.close()


def test_excel_sheet_by_name_numbers_typed_as_numbers(
    make_workspace: MakeWorkspace, tmp_path: Path
) -> None:
    _xlsx(tmp_path / "fair.xlsx")
    ws = make_workspace(
        {
            "fair": {
                "format": "excel",
                "path": "fair.xlsx",
                "sheet": "Leads",
                "id": "Lp.",
                "country": "PL",
                "date_formats": ["%d/%m/%Y"],
                "mapping": {
                    "Imię": "given_name",
                    "Nazwisko": "family_name",
                    "Telefon": "phone",
                    "E-mail": "email",
                    "Data": "timestamp",
                },
            }
        }
    )
    results, failures = ws.import_sources()
    assert failures == [] and results[0].inserted == 3
    recs = {r["record_id"]: r for r in rows(ws, "SELECT * FROM records")}
    assert recs["1"]["given_name"] == "Łukasz" and recs["1"]["family_name"] == "Nowak"
    assert recs["2"]["given_name"] == "Kasia" and recs["2"]["family_name"] == "Wiśniewska"
    assert recs["1"]["occurred_at"].date() == dt.date(2024, 5, 1)
    assert recs["2"]["occurred_at"].date() == dt.date(2024, 5, 3)
    assert recs["3"]["row_number"] == 5  # the sheet's own row number
    ids = {
        (r["record_id"], r["namespace"]): r["value"] for r in rows(ws, "SELECT * FROM identifiers")
    }
    assert ids[("1", "phone")] == "+48601234567"
    assert ids[("2", "phone")] == "+48502111222"
    assert ids[("1", "email")] == "l.nowak@firma.pl"
    assert ("2", "email") not in ids


def test_excel_sheet_by_index_and_missing_sheet(
    make_workspace: MakeWorkspace, tmp_path: Path
) -> None:
    _xlsx(tmp_path / "fair.xlsx")
    ws = make_workspace(
        {
            "a": {
                "format": "excel",
                "path": "fair.xlsx",
                "sheet": 1,
                "id": "Lp.",
                "mapping": {"Imię": "given_name"},
            },
            "b": {"format": "excel", "path": "fair.xlsx", "sheet": "Kontakty", "id": "Lp."},
        }
    )
    results, failures = ws.import_sources()
    assert [r.inserted for r in results] == [3]
    assert failures[0].source == "b" and "no sheet 'Kontakty'" in failures[0].message


def test_json_array_with_nested_paths(make_workspace: MakeWorkspace) -> None:
    members = [
        {
            "card": "L-1",
            "name": "Ana Ferreira",
            "email": "ana@x.pt",
            "address": {"street": "Rua Augusta 10", "city": "Lisboa", "postcode": "1100-053"},
            "birth": "1990-02-01",
            "tier": "gold",
        },
        {
            "card": "L-2",
            "name": "Reza Karimi",
            "email": None,
            "address": {"street": "Valiasr St 5", "city": "Tehran", "postcode": "15"},
        },
    ]
    ws = make_workspace(
        {
            "loyalty": {
                "format": "json",
                "path": "m.json",
                "id": "card",
                "mapping": {
                    "card": "loyalty_card",
                    "name": "full_name",
                    "email": "email",
                    "address.street": "address",
                    "address.city": "city",
                    "address.postcode": "postcode",
                    "birth": "birth_date",
                    "tier": "attr:loyalty_tier",
                },
            }
        },
        {"m.json": json.dumps(members)},
    )
    results, failures = ws.import_sources()
    assert failures == [] and results[0].inserted == 2
    recs = {
        r["record_id"]: r
        for r in rows(ws, "SELECT *, attributes->>'loyalty_tier' AS tier FROM records")
    }
    assert recs["L-1"]["city"] == "Lisboa" and recs["L-1"]["address_line1"] == "Rua Augusta 10"
    assert recs["L-1"]["birth_date"] == dt.date(1990, 2, 1) and recs["L-1"]["tier"] == "gold"
    assert recs["L-2"]["family_name"] == "Karimi"
    assert json.loads(recs["L-2"]["raw"])["address"]["city"] == "Tehran"
    cards = {
        r["record_id"]: r["value"]
        for r in rows(ws, "SELECT * FROM identifiers WHERE namespace='loyalty_card'")
    }
    assert cards == {"L-1": "L-1", "L-2": "L-2"}


def test_ndjson_segment_messages(make_workspace: MakeWorkspace) -> None:
    msgs = [
        {
            "messageId": "m1",
            "type": "page",
            "anonymousId": "anon-1",
            "timestamp": "2025-01-01T10:00:00.000Z",
            "properties": {"url": "https://shop/x"},
        },
        {
            "messageId": "m2",
            "type": "identify",
            "anonymousId": "anon-1",
            "userId": "u_1",
            "timestamp": "2025-01-01T10:05:00Z",
            "context": {"traits": {"email": "Ana@X.pt"}},
        },
        {
            "messageId": "m3",
            "type": "track",
            "event": "Order Completed",
            "userId": "u_1",
            "timestamp": "2025-01-01T10:09:00+01:00",
            "properties": {"revenue": 19.9},
        },
    ]
    ws = make_workspace(
        {
            "web": {
                "kind": "event",
                "format": "ndjson",
                "path": "w.ndjson",
                "id": "messageId",
                "mapping": {
                    "type": "event_type",
                    "event": "event_name",
                    "userId": "user_id",
                    "anonymousId": "anonymous_id",
                    "context.traits.email": "email",
                    "timestamp": "timestamp",
                    "properties.url": "url",
                    "properties.revenue": "amount",
                },
            }
        },
        {"w.ndjson": "\n".join(json.dumps(m) for m in msgs) + "\n"},
    )
    results, failures = ws.import_sources()
    assert failures == [] and results[0].inserted == 3
    recs = {r["record_id"]: r for r in rows(ws, "SELECT * FROM records")}
    assert recs["m1"]["event_type"] == "page" and recs["m1"]["url"] == "https://shop/x"
    assert recs["m3"]["event_name"] == "Order Completed" and float(recs["m3"]["amount"]) == 19.9
    assert recs["m3"]["occurred_at"].astimezone(dt.UTC) == dt.datetime(
        2025, 1, 1, 9, 9, tzinfo=dt.UTC
    )
    assert recs["m2"]["row_number"] == 2
    ids = sorted(
        (r["record_id"], r["namespace"], r["value"]) for r in rows(ws, "SELECT * FROM identifiers")
    )
    assert ids == [
        ("m1", "anonymous_id", "anon-1"),
        ("m2", "anonymous_id", "anon-1"),
        ("m2", "email", "ana@x.pt"),
        ("m2", "user_id", "u_1"),
        ("m3", "user_id", "u_1"),
    ]


def test_parquet(make_workspace: MakeWorkspace, tmp_path: Path) -> None:
    table = pa.table({"id": [10, 11], "mail": ["A@B.it", "bad@"], "spent": [1.5, 2.0]})
    pq.write_table(table, tmp_path / "p.parquet")
    ws = make_workspace(
        {
            "p": {
                "kind": "event",
                "event_type": "order",
                "format": "parquet",
                "path": "p.parquet",
                "id": "id",
                "mapping": {"mail": "email", "spent": "amount"},
            }
        }
    )
    results, _ = ws.import_sources()
    assert results[0].inserted == 2
    recs = {r["record_id"]: r for r in rows(ws, "SELECT * FROM records")}
    assert recs["10"]["row_number"] == 1 and float(recs["11"]["amount"]) == 2.0
    st = {r["record_id"]: r["status"] for r in rows(ws, "SELECT * FROM identifiers")}
    assert st == {"10": "valid", "11": "invalid"}


def test_sql_source_with_composite_id(make_workspace: MakeWorkspace, tmp_path: Path) -> None:
    db = tmp_path / "legacy.db"
    con = sqlite3.connect(db)
    con.execute("CREATE TABLE clienti (filiale TEXT, codice INTEGER, nome TEXT, nato TEXT)")
    con.executemany(
        "INSERT INTO clienti VALUES (?, ?, ?, ?)",
        [("MI", 1, "Gianni Ferrà", "1970-05-06"), ("RM", 1, "Lucia Bianchi", None)],
    )
    con.commit()
    con.close()
    ws = make_workspace(
        {
            "legacy": {
                "format": "sql",
                "url": f"sqlite:///{db}",
                "query": "SELECT * FROM clienti",
                "id": ["filiale", "codice"],
                "mapping": {"nome": "full_name", "nato": "birth_date"},
            }
        }
    )
    results, failures = ws.import_sources()
    assert failures == [] and results[0].inserted == 2
    recs = {r["record_id"]: r for r in rows(ws, "SELECT * FROM records")}
    assert set(recs) == {"MI|1", "RM|1"}
    assert recs["MI|1"]["family_name"] == "Ferrà"
    assert recs["MI|1"]["birth_date"] == dt.date(1970, 5, 6)


def test_sql_source_bad_query_is_one_line(make_workspace: MakeWorkspace, tmp_path: Path) -> None:
    ws = make_workspace(
        {
            "legacy": {
                "format": "sql",
                "url": f"sqlite:///{tmp_path / 'none.db'}",
                "query": "SELECT * FROM nowhere",
                "id": "id",
            }
        }
    )
    _, failures = ws.import_sources()
    assert "query failed" in failures[0].message and "nowhere" in failures[0].message
