"""A second, independent test-data generator with ground truth ("crosscheck").

Written without :mod:`tessera.demo` (neither imported nor copied), to measure identity
resolution on data it was not tuned on. People live in Italy, Portugal, Brazil, Poland, Iran,
the UK and the US, with realistic name frequencies (many Ana Silvas and Mohammad Hosseinis,
several in one city), households, couples, twins and movers; six sources describe them with
the noise of real exports.

* :func:`write_crosscheck` — a workspace: ``tessera.yaml``, ``data/*`` (CRM CSV, shop CSV,
  help-desk CSV, fair leads .xlsx, loyalty JSON, Segment NDJSON) and ``truth/`` (records,
  persons, traps). Deterministic for ``(persons, seed)``.
* :func:`write_person_file` — one labelled person CSV (the CRM's format), optionally without
  e-mail, phone or birth-date columns; :func:`person_file_source` maps it.

    python -m bench.crosscheck FOLDER --persons 200000 --seed 1
"""

from __future__ import annotations

import gc
import math
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.crosscheck import profiles
from bench.crosscheck.contacts import add_contacts
from bench.crosscheck.event_sources import write_shop, write_tickets
from bench.crosscheck.person_sources import CrmWriter, write_crm, write_fair, write_loyalty
from bench.crosscheck.plan import plan_sources
from bench.crosscheck.population import Person, build_people
from bench.crosscheck.rand import Rng
from bench.crosscheck.render import Noise
from bench.crosscheck.truth import Truth, confirmed_traps, write_persons, write_traps
from bench.crosscheck.web import write_web
from bench.crosscheck.workspace_config import crm_source, crosscheck_sources, workspace_yaml

__all__ = [
    "CrosscheckSummary",
    "crosscheck_sources",
    "person_file_source",
    "write_crosscheck",
    "write_person_file",
]

CONFIG_FILE = "tessera.yaml"
_NOISE = {
    "heavy": profiles.HEAVY,
    "light": profiles.CRM,
    "none": Noise(
        typo=0,
        email_typo=0,
        phone_typo=0,
        accents=0,
        upper=0,
        swap=0,
        nickname=0,
        variant=0,
        short=0,
        pad=0,
        junk=0,
        date_swap=0,
        alias=0,
    ),
}


@dataclass(frozen=True)
class CrosscheckSummary:
    """What :func:`write_crosscheck` wrote."""

    folder: Path
    persons: int
    seed: int
    records: dict[str, int]
    """Source name -> records written."""
    traps: dict[str, int]
    """Trap name -> instances listed in truth/traps.csv."""


@contextmanager
def _gc_paused() -> Iterator[None]:
    # millions of small objects, none of them cyclic garbage: the collector's passes would
    # cost a third of the run
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def write_crosscheck(folder: Path, persons: int, seed: int = 1) -> CrosscheckSummary:
    """Write a crosscheck workspace for ``persons`` people into ``folder``.

    The folder may exist but must not hold a ``tessera.yaml`` yet (:class:`FileExistsError`).
    """
    folder = Path(folder)
    if (folder / CONFIG_FILE).exists():
        raise FileExistsError(f"{folder / CONFIG_FILE} already exists")
    if persons < 2:
        raise ValueError("a crosscheck workspace needs at least 2 persons")
    data, truth_dir = folder / "data", folder / "truth"
    data.mkdir(parents=True, exist_ok=True)
    truth_dir.mkdir(parents=True, exist_ok=True)
    with _gc_paused():
        population = build_people(persons, seed)
        add_contacts(population, seed)
        plan = plan_sources(population, seed)
        people = population.people
        truth = Truth(truth_dir / "records.csv")
        try:
            write_crm(data / "crm_contacts.csv", people, Rng(seed, "crm"), truth)
            write_shop(data / "shop_orders.csv", plan.orders, Rng(seed, "shop"), truth)
            write_tickets(
                data / "helpdesk_tickets.csv", people, plan.orders, Rng(seed, "tickets"), truth
            )
            write_fair(data / "trade_fair_leads.xlsx", people, Rng(seed, "fair"), truth)
            write_loyalty(data / "loyalty_members.json", people, Rng(seed, "loyalty"), truth)
            write_web(data / "web_events.ndjson", people, plan.orders, Rng(seed, "web"), truth)
        finally:
            truth.close()
        write_persons(truth_dir / "persons.csv", population)
        traps = write_traps(truth_dir / "traps.csv", confirmed_traps(population, truth))
    (folder / CONFIG_FILE).write_text(workspace_yaml(persons, seed), encoding="utf-8", newline="\n")
    records = {name: truth.counts.get(name, 0) for name in crosscheck_sources()}
    return CrosscheckSummary(folder, persons, seed, records, dict(traps))


def write_person_file(
    path: Path,
    persons: int,
    seed: int,
    *,
    email: bool = True,
    phone: bool = True,
    dob: bool = True,
    noise: str = "heavy",
) -> dict[str, str]:
    """Write one labelled person CSV of ``persons`` rows; returns record id -> person id.

    The rows are CRM contacts (the CRM export's columns, less the e-mail, phone or birth-date
    columns when switched off) describing about ``persons / 1.4`` people: the others are the
    same people registered again. ``noise``: ``"heavy"`` (typos and variants in every field,
    often), ``"light"`` (the CRM's realistic rates) or ``"none"``.
    """
    if noise not in _NOISE:
        raise ValueError(f"noise must be one of {', '.join(_NOISE)}")
    if persons < 1:
        raise ValueError("persons must be at least 1")
    with _gc_paused():
        population = build_people(math.ceil(persons / 1.4), seed)
        add_contacts(population, seed)
        people = population.people
        _spread_rows(people, persons, Rng(seed, "person-file"))
        truth = Truth(None)
        write_crm(
            Path(path),
            people,
            Rng(seed, "person-file-rows"),
            truth,
            "person_file",
            _NOISE[noise],
            email=email,
            phone=phone,
            dob=dob,
        )
    return truth.mapping


def _spread_rows(people: list[Person], rows: int, rng: Rng) -> None:
    """One row per person, the rest as second or third registrations of random people."""
    for p in people:
        p.crm = 1
    extra = rows - len(people)
    if extra < 0:
        for p in people[rows:]:
            p.crm = 0
        return
    while extra > 0:
        p = rng.pick(people)
        if p.crm < 3:
            p.crm += 1
            extra -= 1


def person_file_source(
    path: str, *, email: bool = True, phone: bool = True, dob: bool = True
) -> dict[str, Any]:
    """The ``tessera.yaml`` source entry mapping a file written by :func:`write_person_file`."""
    columns = CrmWriter(Rng(0, "columns"), profiles.CRM, email=email, phone=phone, dob=dob).columns
    return crm_source(path, columns)
