"""The demo workspace: six messy sources about the same people, plus the ground truth.

``generate_workspace`` writes ``tessera.yaml``, ``data/*`` and ``truth/*.csv``; the output is
byte-for-byte the same for a given ``(persons, seed)`` (no clock, no hash-order dependence).
"""

from __future__ import annotations

import csv
import random
import tempfile
from dataclasses import dataclass
from pathlib import Path

from tessera.demo.event_sources import write_shop, write_tickets
from tessera.demo.flat import write_person_csv
from tessera.demo.people import Population
from tessera.demo.person_sources import write_crm, write_fair, write_loyalty
from tessera.demo.pools import DIAL, DemoRandom
from tessera.demo.population import build_population
from tessera.demo.web import write_web
from tessera.demo.workspace_config import demo_person_source_config, demo_sources, workspace_yaml
from tessera.demo.writers import Truth, gc_paused

__all__ = [
    "DemoSummary",
    "demo_person_source_config",
    "demo_sources",
    "generate_workspace",
    "write_person_csv",
]

CONFIG_FILE = "tessera.yaml"
PERSON_COLUMNS = ["person_id", "household_id", "given_name", "family_name", "birth_date",
                  "country", "email", "phone", "address", "postcode", "city"]  # fmt: skip


@dataclass(frozen=True)
class DemoSummary:
    """What :func:`generate_workspace` wrote."""

    folder: Path
    persons: int
    files: dict[str, int]
    """Source name -> rows written."""


def generate_workspace(folder: Path, persons: int = 2000, seed: int = 42) -> DemoSummary:
    """Write a demo workspace for ``persons`` people into ``folder``.

    The folder may exist but must not hold a ``tessera.yaml`` yet (:class:`FileExistsError`).
    """
    folder = Path(folder)
    if (folder / CONFIG_FILE).exists():
        raise FileExistsError(f"{folder / CONFIG_FILE} already exists")
    if persons < 0:
        raise ValueError("persons must be zero or more")
    with gc_paused():
        files = _generate(folder, persons, seed)
    (folder / CONFIG_FILE).write_text(workspace_yaml(), encoding="utf-8", newline="\n")
    return DemoSummary(folder=folder, persons=persons, files=files)


def _generate(folder: Path, persons: int, seed: int) -> dict[str, int]:
    data, truth_dir = folder / "data", folder / "truth"
    data.mkdir(parents=True, exist_ok=True)
    truth_dir.mkdir(parents=True, exist_ok=True)
    population = build_population(persons, seed)
    people = population.people

    def rng(source: str) -> random.Random:
        return DemoRandom(f"tessera-demo:{seed}:{source}")

    truth = Truth(truth_dir / "records.csv")
    try:
        with tempfile.TemporaryDirectory(prefix=".scratch-", dir=folder) as scratch:
            tmp = Path(scratch)
            write_crm(data / "crm_contacts.csv", people, rng("crm"), truth)
            write_loyalty(data / "loyalty_members.json", people, rng("loyalty"), truth)
            _, web_orders = write_shop(data / "shop_orders.csv", people, rng("shop"), truth, tmp)
            write_tickets(data / "support_tickets.csv", people, rng("tickets"), truth, tmp)
            write_web(data / "web_events.ndjson", people, web_orders, rng("web"), truth, tmp)
            write_fair(data / "trade_fair.xlsx", people, rng("fair"), truth)
    finally:
        truth.close()
    _write_truth(truth_dir, population)
    return {name: truth.counts.get(name, 0) for name in demo_sources()}


def _write_truth(truth_dir: Path, population: Population) -> None:
    people = sorted(population.people, key=lambda p: p.person_id)
    with (truth_dir / "persons.csv").open("w", encoding="utf-8", newline="") as fh:
        out = csv.writer(fh, lineterminator="\n")
        out.writerow(PERSON_COLUMNS)
        for p in people:
            out.writerow([
                p.person_id, p.household_id, p.given, p.family, p.birth.isoformat(), p.country,
                p.email, f"+{DIAL[p.country]}{p.phone}", p.address, p.postcode, p.city,
            ])  # fmt: skip
    with (truth_dir / "traps.csv").open("w", encoding="utf-8", newline="") as fh:
        out = csv.writer(fh, lineterminator="\n")
        out.writerow(["trap", "person_ids", "note"])
        for trap in population.traps:
            ids = " ".join(sorted(p.person_id for p in trap.people))
            out.writerow([trap.name, ids, trap.note])
