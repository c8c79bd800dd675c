"""Messy real-world inputs, each handled from configuration alone."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from tests.conftest import MakeWorkspace, rows

IT_CRM = """\
ID Contatto;Nome;Cognome;E-mail;Cellulare;Data di nascita;Sesso;Città;Paese
C1;Łukasz;Kowalski;  Lukasz.K@Example.PL ;+48 601 234 567;01/02/1990;M;Kraków;Polonia
C2;JOÃO;DA SILVA;joao@gmail.com;0039 333 1234567;31/12/1985;maschio;São Paulo;Brasile
C3;Maria;Ferrà;n/a;333-1234567;-;F;Milano;Italia
C4;Anna;Rossi;;(619) 236-0200;;donna;;
"""


def _crm(**extra: object) -> dict[str, object]:
    src: dict[str, object] = {
        "format": "csv",
        "path": "data/crm.csv",
        "delimiter": ";",
        "id": "ID Contatto",
        "country": "IT",
        "date_formats": ["%d/%m/%Y"],
        "mapping": {
            "Nome": "given_name",
            "Cognome": "family_name",
            "E-mail": "email",
            "Cellulare": "phone",
            "Data di nascita": "birth_date",
            "Sesso": "gender",
            "Città": "city",
            "Paese": "country",
        },
    }
    src.update(extra)
    return src


def test_italian_headers_diacritics_phones_emails_dates(make_workspace: MakeWorkspace) -> None:
    ws = make_workspace({"crm": _crm()}, {"data/crm.csv": IT_CRM})
    results, failures = ws.import_sources()
    assert failures == []
    assert (results[0].inserted, results[0].rejected) == (4, 0)
    recs = {
        r["record_id"]: r
        for r in rows(ws, "SELECT * FROM records WHERE source = 'crm' ORDER BY record_id")
    }
    c1, c2, c3, c4 = (recs[k] for k in ("C1", "C2", "C3", "C4"))
    # diacritics survive in the value, not in the matching key
    assert (c1["given_name"], c1["given_name_key"]) == ("Łukasz", "lukasz")
    assert c2["given_name"] == "João" and c2["given_name_raw"] == "JOÃO"
    assert c2["family_name"] == "da Silva" and c2["family_name_key"] == "da silva"
    assert c3["family_name"] == "Ferrà" and c3["family_name_key"] == "ferra"
    assert c1["birth_date"] == dt.date(1990, 2, 1)  # DD/MM/YYYY, not MM/DD
    assert c2["birth_date"] == dt.date(1985, 12, 31)
    assert c3["birth_date"] is None and c3["birth_date_raw"] == "-"
    assert (c1["gender"], c2["gender"], c3["gender"], c4["gender"]) == (
        "male",
        "male",
        "female",
        "female",
    )
    assert (c1["country"], c2["country"], c3["country"]) == ("PL", "BR", "IT")
    assert c1["city"] == "Kraków" and c1["city_key"] == "krakow"
    ids = {
        (r["record_id"], r["namespace"]): r
        for r in rows(ws, "SELECT * FROM identifiers WHERE source = 'crm'")
    }
    assert ids[("C1", "email")]["value"] == "lukasz.k@example.pl"
    assert ids[("C1", "email")]["raw_value"] == "  Lukasz.K@Example.PL "
    assert ids[("C1", "phone")]["value"] == "+48601234567"
    assert ids[("C2", "phone")]["value"] == "+393331234567"  # 0039 prefix
    assert ids[("C3", "phone")]["value"] == "+393331234567"  # national with default IT
    assert ("C3", "email") not in ids  # "n/a" is missing, not an identifier
    # a US number in an Italian source without +1 is not a valid Italian number: flagged
    assert ids[("C4", "phone")]["status"] == "invalid"
    issues = rows(ws, "SELECT * FROM quality_issues WHERE record_id = 'C4'")
    assert [(i["field"], i["column_name"], i["raw_value"]) for i in issues] == [
        ("phone", "Cellulare", "(619) 236-0200")
    ]


def test_us_phone_with_us_default_country(make_workspace: MakeWorkspace) -> None:
    ws = make_workspace({"crm": _crm(country="US")}, {"data/crm.csv": IT_CRM})
    ws.import_sources()
    phones = dict(
        (r["record_id"], r["value"])
        for r in rows(ws, "SELECT * FROM identifiers WHERE namespace = 'phone'")
    )
    assert phones["C4"] == "+16192360200"
    assert phones["C1"] == "+48601234567"  # international numbers ignore the default


def test_full_name_column_split_and_last_first(make_workspace: MakeWorkspace) -> None:
    csv = (
        "id,Nome completo,email\n"
        '1,"ROSSI, Mario",m@x.it\n'
        "2,João Pedro da Silva Santos,j@x.br\n"
        "3,Dott. Giuseppe Verdi,g@x.it\n"
        "4,Ludwig van Beethoven,l@x.de\n"
    )
    ws = make_workspace(
        {
            "c": {
                "format": "csv",
                "path": "c.csv",
                "id": "id",
                "mapping": {"Nome completo": "full_name", "email": "email"},
            }
        },
        {"c.csv": csv},
    )
    ws.import_sources()
    got = {
        r["record_id"]: (r["given_name"], r["middle_name"], r["family_name"], r["full_name_raw"])
        for r in rows(ws, "SELECT * FROM records")
    }
    assert got["1"] == ("Mario", None, "Rossi", "ROSSI, Mario")
    assert got["2"][0] == "João" and got["2"][2].startswith("da Silva")
    assert got["3"][:3] == ("Giuseppe", None, "Verdi")
    assert got["4"][2] == "van Beethoven"


def test_portuguese_and_polish_headers_and_date_orders(make_workspace: MakeWorkspace) -> None:
    pt = (
        "Código,Nome,Sobrenome,Data de nascimento,Telefone\n"
        "P1,Ana,Ferreira,1980-07-04,(11) 91234-5678\n"
    )
    pl = "Nr,Imię,Nazwisko,Data urodzenia,Telefon\nL1,Kasia,Wiśniewska,07/04/1980,601-234-567\n"
    us = "cid,first,last,dob\nU1,Bill,Smith,07/04/1980\n"
    ws = make_workspace(
        {
            "pt": {
                "format": "csv",
                "path": "pt.csv",
                "id": "Código",
                "country": "BR",
                "mapping": {
                    "Nome": "given_name",
                    "Sobrenome": "family_name",
                    "Data de nascimento": "birth_date",
                    "Telefone": "phone",
                },
            },
            "pl": {
                "format": "csv",
                "path": "pl.csv",
                "id": "Nr",
                "country": "PL",
                "date_formats": ["%d/%m/%Y"],
                "mapping": {
                    "Imię": "given_name",
                    "Nazwisko": "family_name",
                    "Data urodzenia": "birth_date",
                    "Telefon": "phone",
                },
            },
            "us": {
                "format": "csv",
                "path": "us.csv",
                "id": "cid",
                "date_formats": ["%m/%d/%Y"],
                "mapping": {"first": "given_name", "last": "family_name", "dob": "birth_date"},
            },
        },
        {"pt.csv": pt, "pl.csv": pl, "us.csv": us},
    )
    _, failures = ws.import_sources()
    assert failures == []
    got = {r["record_id"]: r["birth_date"] for r in rows(ws, "SELECT * FROM records")}
    assert got == {"P1": dt.date(1980, 7, 4), "L1": dt.date(1980, 4, 7), "U1": dt.date(1980, 7, 4)}
    phones = {r["record_id"]: r["value"] for r in rows(ws, "SELECT * FROM identifiers")}
    assert phones == {"P1": "+5511912345678", "L1": "+48601234567"}


def test_other_encoding_and_delimiter_sniffed(make_workspace: MakeWorkspace) -> None:
    text = "id|nome|città\n1|Niccolò|Forlì\n2|José|Alcântara\n"
    ws = make_workspace(
        {
            "legacy": {
                "format": "csv",
                "path": "l.csv",
                "id": "id",
                "encoding": "cp1252",
                "mapping": {"nome": "given_name", "città": "city"},
            }
        },
        {"l.csv": text.encode("cp1252")},
    )
    results, failures = ws.import_sources()
    assert failures == [] and results[0].inserted == 2
    got = {r["record_id"]: (r["given_name"], r["city"]) for r in rows(ws, "SELECT * FROM records")}
    assert got == {"1": ("Niccolò", "Forlì"), "2": ("José", "Alcântara")}


def test_missing_markers_and_emails_padding_case(make_workspace: MakeWorkspace) -> None:
    csv = (
        "id,email,given\n1,  ANA.Silva@Gmail.com ,N/A\n2,-,unknown\n"
        "3,a.n.a.silva+promo@gmail.com,Ana\n"
    )
    ws = make_workspace(
        {
            "s": {
                "format": "csv",
                "path": "s.csv",
                "id": "id",
                "mapping": {"email": "email", "given": "given_name"},
            }
        },
        {"s.csv": csv},
    )
    ws.import_sources()
    ids = {r["record_id"]: r for r in rows(ws, "SELECT * FROM identifiers")}
    assert ids["1"]["value"] == "ana.silva@gmail.com"
    assert ids["3"]["value"] == "a.n.a.silva+promo@gmail.com"  # shown as typed (lower-cased)
    assert ids["1"]["match_key"] == ids["3"]["match_key"] == "anasilva@gmail.com"
    assert "2" not in ids
    given = {r["record_id"]: r["given_name"] for r in rows(ws, "SELECT * FROM records")}
    assert given == {"1": None, "2": None, "3": "Ana"}


def test_junk_identifiers_kept_but_flagged(make_workspace: MakeWorkspace) -> None:
    csv = "id,email,phone\n1,test@test.com,0000000000\n2,noemail@shop.it,+39 333 1234567\n"
    ws = make_workspace(
        {
            "s": {
                "format": "csv",
                "path": "s.csv",
                "id": "id",
                "country": "IT",
                "mapping": {"email": "email", "phone": "phone"},
            }
        },
        {"s.csv": csv},
        junk={"email": ["*@shop.it"]},
    )
    ws.import_sources()
    status = {
        (r["record_id"], r["namespace"]): r["status"] for r in rows(ws, "SELECT * FROM identifiers")
    }
    assert status[("1", "email")] == "junk"
    assert status[("2", "email")] == "junk"  # workspace-specific pattern
    assert status[("2", "phone")] == "valid"
    assert status[("1", "phone")] in ("junk", "invalid")  # either way never used to link


def test_event_source_amounts_currency_items_timestamps(make_workspace: MakeWorkspace) -> None:
    csv = (
        "ordine;cliente;totale;valuta;data;articoli\n"
        'O1;a@x.it;1.234,50;€;2025-03-01 10:15:00;"[{""sku"": ""B1""}]"\n'
        "O2;b@x.it;12,00;EUR;02/03/2025 08:00;[]\n"
        "O3;c@x.it;dodici;eur;ieri;[broken\n"
    )
    ws = make_workspace(
        {
            "orders": {
                "kind": "event",
                "event_type": "order",
                "format": "csv",
                "path": "o.csv",
                "id": "ordine",
                "decimal": ",",
                "date_formats": ["%d/%m/%Y"],
                "mapping": {
                    "cliente": "email",
                    "totale": "amount",
                    "valuta": "currency",
                    "data": "timestamp",
                    "articoli": "items",
                },
            }
        },
        {"o.csv": csv},
    )
    results, failures = ws.import_sources()
    assert failures == []
    assert results[0].inserted == 3
    got = {r["record_id"]: r for r in rows(ws, "SELECT * FROM records")}
    assert got["O1"]["amount"] == Decimal("1234.5") and got["O1"]["currency"] == "EUR"
    assert got["O1"]["event_type"] == "order" and got["O1"]["kind"] == "event"
    assert got["O1"]["occurred_at"].replace(tzinfo=None) == dt.datetime(2025, 3, 1, 10, 15)
    assert got["O2"]["occurred_at"].replace(tzinfo=None) == dt.datetime(2025, 3, 2, 8, 0)
    assert got["O2"]["amount"] == Decimal("12")
    assert got["O3"]["amount"] is None and got["O3"]["currency"] == "EUR"
    fields = sorted(
        (r["field"], r["raw_value"])
        for r in rows(ws, "SELECT * FROM quality_issues WHERE record_id = 'O3'")
    )
    assert fields == [("amount", "dodici"), ("items", "[broken"), ("timestamp", "ieri")]


def test_phone_formats_of_several_countries_in_one_source(make_workspace: MakeWorkspace) -> None:
    cases = {
        "1": ("+39 333 1234567", "+393331234567"),
        "2": ("0039 333 1234567", "+393331234567"),
        "3": ("333-1234567", "+393331234567"),
        "4": ("+1 (619) 236-0200", "+16192360200"),
        "5": ("+98 912 345 6789", "+989123456789"),
        "6": ("0098 912 345 6789", "+989123456789"),
        "7": ("+55 11 91234-5678", "+5511912345678"),
        "8": ("+48 601-234-567", "+48601234567"),
        "9": ("+44 7911 123456", "+447911123456"),
        "10": ("02 1234 5678", "+390212345678"),  # an Italian landline
    }
    csv = "id,tel\n" + "".join(f"{k},{raw}\n" for k, (raw, _) in cases.items())
    ws = make_workspace(
        {
            "s": {
                "format": "csv",
                "path": "s.csv",
                "id": "id",
                "country": "IT",
                "mapping": {"tel": "phone"},
            }
        },
        {"s.csv": csv},
    )
    ws.import_sources()
    got = {
        r["record_id"]: (r["raw_value"], r["value"]) for r in rows(ws, "SELECT * FROM identifiers")
    }
    assert got == cases
