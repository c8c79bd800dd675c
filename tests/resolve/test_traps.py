"""Identity traps from the demo generator, each a named test, plus accuracy floors.

The demo data knows who is who (truth/records.csv) and where the traps are (truth/traps.csv).
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

import pytest

from tessera.demo.generator import generate_workspace
from tessera.evaluation import cluster_metrics
from tessera.workspace import Workspace

PERSON_SOURCES = ("crm", "loyalty", "fair")


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Workspace, Path]]:
    folder = tmp_path_factory.mktemp("demo")
    generate_workspace(folder, persons=1000, seed=7)
    ws = Workspace.open(folder)
    _, failures = ws.import_sources()
    assert failures == []
    ws.resolve()
    yield ws, folder
    ws.close()


def _truth(folder: Path) -> dict[tuple[str, str], str]:
    with (folder / "truth" / "records.csv").open() as fh:
        return {(r["source"], r["record_id"]): r["person_id"] for r in csv.DictReader(fh)}


def _profiles(ws: Workspace) -> dict[tuple[str, str], str]:
    return {(r["source"], r["record_id"]): r["profile_id"] for r in ws.identities().to_pylist()}


def _trap(folder: Path, name: str) -> list[list[str]]:
    with (folder / "truth" / "traps.csv").open() as fh:
        return [r["person_ids"].split() for r in csv.DictReader(fh) if r["trap"] == name]


def _profiles_of(ws: Workspace, folder: Path, person: str, sources: tuple[str, ...]) -> set[str]:
    truth, prof = _truth(folder), _profiles(ws)
    return {prof[k] for k, p in truth.items() if p == person and k[0] in sources}


def _assert_kept_apart(
    ws: Workspace, folder: Path, trap: str, sources: tuple[str, ...] = PERSON_SOURCES
) -> None:
    cases = _trap(folder, trap)
    assert cases, f"the demo has no {trap} trap"
    for people in cases:
        seen = [_profiles_of(ws, folder, p, sources) for p in people]
        for i in range(len(seen)):
            for j in range(i + 1, len(seen)):
                assert not (seen[i] & seen[j]), f"{trap}: {people[i]} and {people[j]} merged"


def test_couple_sharing_an_email_is_not_merged(demo: tuple[Workspace, Path]) -> None:
    _assert_kept_apart(*demo, "shared_email")


def test_twins_are_not_merged(demo: tuple[Workspace, Path]) -> None:
    _assert_kept_apart(*demo, "twins")


def test_family_tablet_does_not_merge_its_users(demo: tuple[Workspace, Path]) -> None:
    _assert_kept_apart(*demo, "shared_device", ("crm", "loyalty", "fair", "shop", "web"))


def test_junk_identifier_links_nothing(demo: tuple[Workspace, Path]) -> None:
    _assert_kept_apart(*demo, "shared_junk_id")


def test_namesakes_with_different_birth_dates_are_not_merged(
    demo: tuple[Workspace, Path],
) -> None:
    _assert_kept_apart(*demo, "namesakes")


def test_reassigned_phone_number_does_not_merge_old_and_new_owner(
    demo: tuple[Workspace, Path],
) -> None:
    _assert_kept_apart(*demo, "reassigned_phone", ("crm", "loyalty", "fair", "shop", "tickets"))


def test_accuracy_floors_on_known_truth(demo: tuple[Workspace, Path]) -> None:
    ws, folder = demo
    truth, prof = _truth(folder), _profiles(ws)
    persons = {k: v for k, v in prof.items() if k[0] in PERSON_SOURCES}
    m = cluster_metrics(persons, truth)
    assert m.precision >= 0.995 and m.f1 >= 0.97, m
    everything = cluster_metrics(prof, truth)
    assert everything.precision >= 0.995 and everything.recall >= 0.9, everything
    assert everything.mixed_profile_share <= 0.005


def test_anonymous_browsing_joins_the_person_after_login(demo: tuple[Workspace, Path]) -> None:
    ws, folder = demo
    # page views carrying only an anonymousId that an identify event later tied to a user
    rows = ws.engine.fetchall(
        "WITH anon AS (SELECT i.record_id, i.match_key FROM identifiers i JOIN records r "
        "USING (source, record_id) WHERE r.source = 'web' AND r.event_type = 'page' "
        "AND i.namespace = 'anonymous_id' AND NOT EXISTS (SELECT 1 FROM identifiers j "
        "WHERE j.source = i.source AND j.record_id = i.record_id AND j.namespace <> "
        "'anonymous_id')), "
        "ident AS (SELECT i.match_key, i.record_id FROM identifiers i JOIN records r "
        "USING (source, record_id) WHERE r.event_type = 'identify' "
        "AND i.namespace = 'anonymous_id') "
        "SELECT a.record_id, d.record_id FROM anon a JOIN ident d USING (match_key) "
        "WHERE a.match_key NOT IN (SELECT match_key FROM shared_identifiers)"
    )
    assert len(rows) > 50
    prof, truth = _profiles(ws), _truth(folder)
    joined = [prof[("web", a)] == prof[("web", b)] for a, b in rows]
    assert all(joined)
    assert all(truth[("web", a)] == truth[("web", b)] for a, b in rows)


def test_profiles_match_the_generators_truth(demo: tuple[Workspace, Path]) -> None:
    """LTV is the sum of the person's orders; the newest address wins under most_recent."""
    import datetime as dt
    from decimal import Decimal

    ws, folder = demo
    ws.unify(as_of=dt.datetime(2026, 11, 1, tzinfo=dt.UTC))
    truth, prof = _truth(folder), _profiles(ws)
    members: dict[str, set[str]] = {}
    for key, person in truth.items():
        members.setdefault(prof[key], set()).add(person)
    owner = {p: next(iter(people)) for p, people in members.items() if len(people) == 1}
    with (folder / "data" / "shop_orders.csv").open() as fh:
        spent: dict[str, Decimal] = {}
        for row in csv.DictReader(fh):
            person = truth[("shop", row["order_id"])]
            spent[person] = spent.get(person, Decimal(0)) + Decimal(row["total"])
    # every order of the person sits in one pure profile: its LTV is their spend
    order_profiles: dict[str, set[str]] = {}
    for (source, rid), person in truth.items():
        if source == "shop":
            order_profiles.setdefault(person, set()).add(prof[(source, rid)])
    checked = 0
    ltv = dict(ws.engine.fetchall("SELECT profile_id, lifetime_value FROM profile_traits"))
    for person, profiles in order_profiles.items():
        if len(profiles) == 1 and owner.get(next(iter(profiles))) == person:
            assert ltv[next(iter(profiles))] == spent[person], person
            checked += 1
    assert checked >= 0.95 * len(order_profiles)
    # the golden address (most recent) is the person's current address
    with (folder / "truth" / "persons.csv").open() as fh:
        current = {r["person_id"]: (r["postcode"], r["city"]) for r in csv.DictReader(fh)}
    golden = ws.engine.fetch_arrow(
        "SELECT profile_id, parts->>'postcode' AS postcode, parts->>'city' AS city "
        "FROM golden_attributes WHERE attribute = 'address'"
    ).to_pylist()
    agree = [
        (g["postcode"], g["city"]) == current[owner[g["profile_id"]]]
        for g in golden
        if g["profile_id"] in owner
    ]
    assert len(agree) > 500 and sum(agree) / len(agree) >= 0.95
