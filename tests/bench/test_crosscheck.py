"""The crosscheck generator: deterministic, importable, truthful, with every trap present."""

from __future__ import annotations

import csv
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from bench.crosscheck import (
    CrosscheckSummary,
    person_file_source,
    write_crosscheck,
    write_person_file,
)
from bench.crosscheck.names import draw_family, draw_given
from bench.crosscheck.rand import Rng
from bench.crosscheck.truth import TRAP_NAMES
from tests.conftest import MakeWorkspace, rows

from tessera.config import load_config
from tessera.workspace import Workspace

PERSONS = 300


@dataclass(frozen=True)
class Imported:
    folder: Path
    summary: CrosscheckSummary
    truth: dict[tuple[str, str], str]
    persons: dict[str, dict[str, str]]
    traps: list[tuple[str, list[str]]]
    records: set[tuple[str, str]]
    identifiers: list[dict[str, str]]
    rows_read: dict[str, int]
    rejected: int
    failures: list[str]


def _csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Imported]:
    folder = tmp_path_factory.mktemp("crosscheck")
    summary = write_crosscheck(folder, PERSONS, seed=7)
    truth = {
        (r["source"], r["record_id"]): r["person_id"]
        for r in _csv(folder / "truth" / "records.csv")
    }
    persons = {r["person_id"]: r for r in _csv(folder / "truth" / "persons.csv")}
    traps = [(r["trap"], r["person_ids"].split()) for r in _csv(folder / "truth" / "traps.csv")]
    with Workspace.open(folder) as ws:
        results, failures = ws.import_sources()
        records = {
            (r["source"], r["record_id"]) for r in rows(ws, "SELECT source, record_id FROM records")
        }
        identifiers = rows(
            ws, "SELECT source, record_id, namespace, raw_value, match_key FROM identifiers"
        )
    yield Imported(
        folder,
        summary,
        truth,
        persons,
        traps,
        records,
        identifiers,
        {r.source: r.rows_read for r in results},
        sum(r.rejected for r in results),
        [f"{f.source}: {f.message}" for f in failures],
    )


def test_same_bytes_for_the_same_seed(imported: Imported, tmp_path: Path) -> None:
    again = tmp_path / "again"
    write_crosscheck(again, PERSONS, seed=7)
    written = sorted(p.relative_to(again) for p in again.rglob("*") if p.is_file())
    assert len(written) == 10  # tessera.yaml, six data files, three truth files
    for rel in written:
        assert (again / rel).read_bytes() == (imported.folder / rel).read_bytes(), rel
    other = tmp_path / "other"
    write_crosscheck(other, PERSONS, seed=8)
    assert (other / "truth/records.csv").read_bytes() != (again / "truth/records.csv").read_bytes()


def test_refuses_an_existing_workspace(imported: Imported) -> None:
    with pytest.raises(FileExistsError):
        write_crosscheck(imported.folder, PERSONS, seed=7)


def test_config_is_valid_and_every_source_imports(imported: Imported) -> None:
    config = load_config(imported.folder)
    assert set(config.file_sources()) == {"crm", "shop", "tickets", "fair", "loyalty", "web"}
    assert config.sources["crm"].country == "IT"  # one default for an international CRM
    assert imported.failures == []
    assert imported.rejected == 0
    assert imported.rows_read == imported.summary.records
    assert all(n > 0 for n in imported.summary.records.values())


def test_truth_covers_every_record(imported: Imported) -> None:
    assert imported.records == set(imported.truth)
    assert set(imported.truth.values()) <= set(imported.persons)
    assert len(imported.persons) == PERSONS
    # people appear in several sources and several times: there is something to resolve
    per_person = Counter(imported.truth.values())
    assert sum(1 for n in per_person.values() if n > 1) > PERSONS / 2


def test_each_trap_is_listed_and_present(imported: Imported) -> None:
    listed = {name for name, _ in imported.traps}
    assert listed == set(TRAP_NAMES)
    assert imported.summary.traps == dict(Counter(name for name, _ in imported.traps))
    owner = imported.truth
    by_key: defaultdict[tuple[str, str], set[str]] = defaultdict(set)
    by_digits: defaultdict[str, set[str]] = defaultdict(set)
    ids_of: defaultdict[tuple[str, str], set[str]] = defaultdict(set)
    for i in imported.identifiers:
        person = owner[(i["source"], i["record_id"])]
        if i["match_key"] is not None:
            by_key[(i["namespace"], i["match_key"])].add(person)
        if i["namespace"] == "phone":
            digits = "".join(ch for ch in i["raw_value"] if ch.isdigit())
            by_digits[digits[-8:]].add(person)
        if i["namespace"] in ("crm_id", "user_id"):
            ids_of[(person, i["namespace"])].add(i["raw_value"])
    for name, ids in imported.traps:
        people = [imported.persons[p] for p in ids]
        if name == "twins":
            a, b = people
            assert (a["household_id"], a["family"], a["birth_date"]) == (
                b["household_id"],
                b["family"],
                b["birth_date"],
            )
            assert a["given"] != b["given"]
        elif name == "namesakes":
            assert len({p["given"].split()[0] for p in people}) == 1
            assert len({p["family"].split()[-1] for p in people}) == 1
            assert len({p["city"] for p in people}) == 1
            assert len({p["birth_date"] for p in people}) == len(people)
        elif name in ("couple_shared_email", "shared_device"):
            namespace = "email" if name == "couple_shared_email" else "device_id"
            assert any(set(ids) <= who for (ns, _), who in by_key.items() if ns == namespace)
        elif name == "household_shared_phone":
            assert len({p["household_id"] for p in people}) == 1
            assert any(set(ids) <= who for who in by_digits.values())
        else:
            (person,) = ids
            assert max(len(ids_of[(person, "crm_id")]), len(ids_of[(person, "user_id")])) >= 2


def test_common_names_are_common() -> None:
    rng = Rng(1, "test-names")
    brazil = Counter(
        (draw_given(rng, "BR", "F", 1980).split()[0], draw_family(rng, "BR").split()[-1])
        for _ in range(20_000)
    )
    assert brazil[("Ana", "Silva")] >= 30
    assert brazil.most_common(1)[0][0] == ("Maria", "Silva")
    italy = Counter(draw_family(rng, "IT", "south") for _ in range(20_000))
    assert {"Esposito", "Russo"} <= {n for n, _ in italy.most_common(3)}
    iran = Counter(draw_given(rng, "IR", "M", 1980) for _ in range(5_000))
    assert iran.most_common(1)[0][0] == "Mohammad"


def test_person_file(tmp_path: Path, make_workspace: MakeWorkspace) -> None:
    path = tmp_path / "people.csv"
    truth = write_person_file(path, 1000, seed=3)
    with path.open(encoding="utf-8", newline="") as fh:
        data = list(csv.DictReader(fh))
    assert len(data) == 1000 == len(truth)
    assert {r["Contact ID"] for r in data} == set(truth)
    assert 600 < len(set(truth.values())) < 800  # duplicates of the same people
    again = tmp_path / "again.csv"
    write_person_file(again, 1000, seed=3)
    assert again.read_bytes() == path.read_bytes()

    no_email = tmp_path / "no_email.csv"
    write_person_file(no_email, 500, seed=3, email=False, noise="light")
    header = no_email.read_text(encoding="utf-8").splitlines()[0].split(",")
    assert "Email" not in header and "Mobile" in header
    ws = make_workspace({"people": person_file_source(str(no_email), email=False)})
    results, failures = ws.import_sources()
    assert failures == [] and results[0].inserted == 500
