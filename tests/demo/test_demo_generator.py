"""The demo workspace generator: determinism, complete ground truth, traps, a valid config."""

from __future__ import annotations

import csv
import json
import os
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import openpyxl
import phonenumbers
import pytest
import yaml

from tessera.config import load_config
from tessera.demo.generator import (
    DemoSummary,
    demo_person_source_config,
    demo_sources,
    generate_workspace,
)

PERSONS = 300
SEED = 11
FILES = {
    "crm": "data/crm_contacts.csv",
    "loyalty": "data/loyalty_members.json",
    "shop": "data/shop_orders.csv",
    "tickets": "data/support_tickets.csv",
    "web": "data/web_events.ndjson",
    "fair": "data/trade_fair.xlsx",
}
TRAPS = {"shared_email", "twins", "shared_device", "namesakes", "reassigned_phone",
         "shared_junk_id"}  # fmt: skip


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> DemoSummary:
    return generate_workspace(tmp_path_factory.mktemp("demo"), persons=PERSONS, seed=SEED)


def _csv(path: Path, delimiter: str = ",") -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh, delimiter=delimiter))


def _xlsx(path: Path) -> list[dict[str, Any]]:
    book = openpyxl.load_workbook(path, read_only=True)
    values = list(book["Leads"].iter_rows(values_only=True))
    book.close()
    header = [str(h) for h in values[0]]
    return [dict(zip(header, row, strict=True)) for row in values[1:]]


def _rows(folder: Path, source: str) -> list[dict[str, Any]]:
    path = folder / FILES[source]
    if source == "crm":
        return _csv(path, ";")
    if source == "loyalty":
        members: list[dict[str, Any]] = json.loads(path.read_text(encoding="utf-8"))
        return members
    if source == "web":
        return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    if source == "fair":
        return _xlsx(path)
    return _csv(path)


def _paths(obj: dict[str, Any], prefix: str = "") -> set[str]:
    out: set[str] = set()
    for key, value in obj.items():
        out.add(prefix + key)
        if isinstance(value, dict):
            out |= _paths(value, f"{prefix}{key}.")
    return out


def _truth(folder: Path) -> dict[str, dict[str, str]]:
    by_source: dict[str, dict[str, str]] = {}
    for row in _csv(folder / "truth" / "records.csv"):
        by_source.setdefault(row["source"], {})[row["record_id"]] = row["person_id"]
    return by_source


def _digits(text: Any) -> str:
    return re.sub(r"\D", "", str(text or ""))


def test_summary_and_layout(demo: DemoSummary) -> None:
    assert demo.persons == PERSONS
    assert set(demo.files) == set(FILES)
    for source, rel in FILES.items():
        assert (demo.folder / rel).is_file()
        assert demo.files[source] == len(_rows(demo.folder, source)) > 0
    for name in ("persons.csv", "records.csv", "traps.csv"):
        assert (demo.folder / "truth" / name).is_file()


def test_same_seed_same_bytes_even_in_another_process(demo: DemoSummary, tmp_path: Path) -> None:
    again = generate_workspace(tmp_path / "again", persons=PERSONS, seed=SEED)
    code = (
        "import sys; from pathlib import Path; from tessera.demo.generator import "
        f"generate_workspace; generate_workspace(Path(sys.argv[1]), {PERSONS}, {SEED})"
    )
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    subprocess.run([sys.executable, "-c", code, str(tmp_path / "other")], check=True, env=env)
    files = sorted(p.relative_to(demo.folder) for p in demo.folder.rglob("*") if p.is_file())
    assert len(files) == 10
    for rel in files:
        original = (demo.folder / rel).read_bytes()
        assert (again.folder / rel).read_bytes() == original, rel
        assert (tmp_path / "other" / rel).read_bytes() == original, rel


def test_other_seed_other_data(demo: DemoSummary, tmp_path: Path) -> None:
    other = generate_workspace(tmp_path, persons=PERSONS, seed=SEED + 1)
    assert (other.folder / FILES["crm"]).read_bytes() != (demo.folder / FILES["crm"]).read_bytes()


def test_every_row_is_in_the_truth_exactly_once(demo: DemoSummary) -> None:
    truth = _truth(demo.folder)
    records = Counter(
        (r["source"], r["record_id"]) for r in _csv(demo.folder / "truth" / "records.csv")
    )
    assert max(records.values()) == 1
    persons = {r["person_id"] for r in _csv(demo.folder / "truth" / "persons.csv")}
    assert len(persons) == PERSONS
    ids = {"crm": "ID Contatto", "loyalty": "card_number", "shop": "order_id",
           "tickets": "Protocolo", "web": "messageId", "fair": "Lp."}  # fmt: skip
    covered: set[str] = set()
    for source, column in ids.items():
        seen = [str(row[column]) for row in _rows(demo.folder, source)]
        assert len(seen) == len(set(seen)), source
        assert set(seen) == set(truth[source]), source
        covered |= set(truth[source].values())
    assert set(truth) == set(FILES)
    assert covered == persons  # everybody shows up somewhere


def test_truth_people_are_valid(demo: DemoSummary) -> None:
    people = _csv(demo.folder / "truth" / "persons.csv")
    assert list(people[0]) == ["person_id", "household_id", "given_name", "family_name",
                               "birth_date", "country", "email", "phone", "address",
                               "postcode", "city"]  # fmt: skip
    assert {p["country"] for p in people} == {"IT", "BR", "PT", "PL", "IR", "GB", "US"}
    for p in people:
        assert phonenumbers.is_valid_number(phonenumbers.parse(p["phone"])), p
        assert re.fullmatch(r"[a-z0-9._+]+@[a-z0-9.]+\.[a-z]+", p["email"]), p
        assert "1940-01-01" < p["birth_date"] < "2008-11-01"


def test_all_traps_are_planted(demo: DemoSummary) -> None:
    traps = _csv(demo.folder / "truth" / "traps.csv")
    assert {t["trap"] for t in traps} == TRAPS
    people = {p["person_id"]: p for p in _csv(demo.folder / "truth" / "persons.csv")}
    truth = _truth(demo.folder)
    crm = _rows(demo.folder, "crm")
    crm_by_person: dict[str, list[dict[str, Any]]] = {}
    for row in crm:
        crm_by_person.setdefault(truth["crm"][row["ID Contatto"]], []).append(row)
    for trap in traps:
        ids = trap["person_ids"].split()
        group = [people[i] for i in ids]
        a, b = group[0], group[1]
        name = trap["trap"]
        if name == "shared_email":
            assert a["email"] == b["email"] and a["household_id"] == b["household_id"]
            assert a["given_name"] != b["given_name"] and a["birth_date"] != b["birth_date"]
            assert all(any(r["E-mail"] == a["email"] for r in crm_by_person[i]) for i in ids)
        elif name == "twins":
            assert a["family_name"] == b["family_name"] and a["birth_date"] == b["birth_date"]
            assert a["address"] == b["address"] and a["postcode"] == b["postcode"]
            assert a["given_name"] != b["given_name"] and a["email"] != b["email"]
        elif name == "namesakes":
            assert (a["given_name"], a["family_name"]) == (b["given_name"], b["family_name"])
            assert a["birth_date"] != b["birth_date"] and a["city"] != b["city"]
        elif name == "shared_device":
            anonymous_id = trap["note"].split()[-1]
            owners = {truth["web"][e["messageId"]] for e in _rows(demo.folder, "web")
                      if e["anonymousId"] == anonymous_id}  # fmt: skip
            assert owners == set(ids)
        elif name == "reassigned_phone":
            number = _digits(trap["note"])
            for i in ids:
                assert any(_digits(r["Cellulare"]).endswith(number[-9:]) for r in crm_by_person[i])
            assert people[ids[0]]["phone"] != people[ids[1]]["phone"]
        elif name == "shared_junk_id":
            assert len(ids) >= 2
            assert all(any(r["E-mail"] == "test@test.com" for r in crm_by_person[i]) for i in ids)
            assert len({people[i]["household_id"] for i in ids}) == len(ids)


def test_config_loads_and_maps_existing_columns(demo: DemoSummary) -> None:
    config = load_config(demo.folder)
    assert config.file_sources() == ["crm", "loyalty", "shop", "tickets", "web", "fair"]
    assert [config.sources[s].trust for s in config.file_sources()] == [1, 2, 3, 4, 5, 6]
    assert config.stream_sources() == ["api"], "the event API writes to 'api' by default"
    assert config.sources["shop"].event_type == "order"
    assert config.sources["tickets"].event_type == "ticket"
    text = (demo.folder / "tessera.yaml").read_text(encoding="utf-8")
    assert text.count("#") > 20  # commented
    for name in config.file_sources():
        source = config.sources[name]
        assert source.path == FILES[name]
        rows = _rows(demo.folder, name)
        columns: set[str] = set()
        for row in rows if name in ("loyalty", "web") else rows[:1]:
            columns |= _paths(row)
        missing = (set(source.mapping) | set(source.id_columns)) - columns
        assert not missing, (name, missing)


def test_yaml_text_is_the_source_definitions(demo: DemoSummary) -> None:
    data = yaml.safe_load((demo.folder / "tessera.yaml").read_text(encoding="utf-8"))
    assert data["sources"] == demo_sources()
    assert "country" not in data["defaults"]


def test_crm_entry_is_the_benchmark_mapping(demo: DemoSummary) -> None:
    config = load_config(demo.folder)
    expected = demo_person_source_config()
    crm = config.sources["crm"]
    assert crm.mapping == expected["mapping"] and crm.id == expected["id"]
    assert crm.delimiter == expected["delimiter"] and crm.country == "IT"


def test_existing_config_is_refused(demo: DemoSummary) -> None:
    with pytest.raises(FileExistsError):
        generate_workspace(demo.folder, persons=10)


def test_volumes_and_time_window(demo: DemoSummary) -> None:
    per_person = {s: n / PERSONS for s, n in demo.files.items()}
    assert 2.0 < per_person["shop"] < 4.5
    assert 0.6 < per_person["tickets"] < 1.6
    assert 7.0 < per_person["web"] < 14.0
    orders = _rows(demo.folder, "shop")
    assert all("2024-11-01" <= o["order_date"] < "2026-11-01" for o in orders)
    events = _rows(demo.folder, "web")
    stamps = [e["timestamp"] for e in events]
    assert stamps == sorted(stamps) and stamps[0] >= "2024-11-01" and stamps[-1] < "2026-11-01"
    assert {e["type"] for e in events} == {"identify", "page", "track"}
    assert any(e["userId"] is None for e in events) and any(e["userId"] for e in events)


def test_noise_is_there(demo: DemoSummary) -> None:
    crm = _rows(demo.folder, "crm")
    assert any(r["Cellulare"].startswith(("+", "00")) for r in crm)
    assert any(r["Cellulare"] and r["Cellulare"][0] == "3" for r in crm)  # Italian, national
    assert any(r["E-mail"] != r["E-mail"].strip() for r in crm)
    assert any(r["E-mail"] == "" for r in crm)
    shop = _rows(demo.folder, "shop")
    assert any(", " in r["customer_name"] for r in shop)  # 'Rossi, Mario'
    assert all(json.loads(r["items"]) for r in shop)
    leads = _rows(demo.folder, "fair")
    assert any(isinstance(r["Telefon"], int) for r in leads)
    assert any(str(r["Imię"]).isupper() for r in leads)
    assert any(r["E-mail"] == "test@test.com" for r in leads) or len(leads) < 40
    tickets = _rows(demo.folder, "tickets")
    assert all(r["E-mail do cliente"] or r["Telefone"] for r in tickets)
    assert all(re.fullmatch(r"\d\d/\d\d/\d{4} \d\d:\d\d", r["Aberto em"]) for r in tickets)


def test_tiny_workspace(tmp_path: Path) -> None:
    summary = generate_workspace(tmp_path, persons=5, seed=1)
    assert summary.persons == 5
    assert (tmp_path / "truth" / "traps.csv").read_text(encoding="utf-8").count("\n") == 1
    load_config(tmp_path)
