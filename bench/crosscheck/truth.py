"""The ground truth: who every written record is, who everyone is, and the traps.

``records.csv`` is streamed while the sources are written (millions of rows never sit in
memory). Traps that depend on what the sources actually hold — a shared landline written on
two people's records, one device used by two logged-in people — are confirmed from the values
the writers report here, not assumed from the population.
"""

from __future__ import annotations

import csv
from collections import Counter, defaultdict
from pathlib import Path
from typing import IO

from bench.crosscheck.places import DIAL
from bench.crosscheck.population import Person, Population, Trap

PERSON_COLUMNS = (
    "person_id",
    "household_id",
    "given",
    "family",
    "gender",
    "birth_date",
    "country",
    "culture",
    "city",
    "postcode",
    "address",
    "email",
    "phone",
    "landline",
    "moved_to",
)
TRAP_NAMES = (
    "twins",
    "couple_shared_email",
    "household_shared_phone",
    "namesakes",
    "shared_device",
    "reregistered",
)


class Truth:
    """Streams ``truth/records.csv`` and collects the evidence of traps."""

    def __init__(self, path: Path | None) -> None:
        """Stream to ``path``; with ``None``, keep ``record_id -> person_id`` in :attr:`mapping`."""
        self._fh: IO[str] | None = None
        if path is not None:
            self._fh = path.open("w", encoding="utf-8", newline="")
            self._out = csv.writer(self._fh, lineterminator="\n")
            self._out.writerow(("source", "record_id", "person_id"))
        self.mapping: dict[str, str] = {}
        self.counts: Counter[str] = Counter()
        self.landlines: defaultdict[str, set[int]] = defaultdict(set)
        self.emails: defaultdict[str, set[int]] = defaultdict(set)
        self.devices: defaultdict[str, set[int]] = defaultdict(set)
        self.registrations: defaultdict[int, set[str]] = defaultdict(set)
        """person index -> the CRM ids and web user ids they registered under."""

    def record(self, source: str, record_id: str, person: Person) -> None:
        """One written record of ``person``."""
        if self._fh is None:
            self.mapping[record_id] = person.person_id
        else:
            self._out.writerow((source, record_id, person.person_id))
        self.counts[source] += 1

    def close(self) -> None:
        """Flush and close records.csv."""
        if self._fh is not None:
            self._fh.close()


def write_persons(path: Path, population: Population) -> None:
    """``truth/persons.csv``: one row per person, canonical values."""
    with path.open("w", encoding="utf-8", newline="") as fh:
        out = csv.writer(fh, lineterminator="\n")
        out.writerow(PERSON_COLUMNS)
        for p in population.people:
            assert p.home is not None
            phone = f"+{DIAL[p.mobile_country]}{p.mobile}" if p.mobile else ""
            landline = f"+{DIAL[p.country]}{p.landline}" if p.landline else ""
            moved = p.new_home.line() + ", " + p.new_home.city.name if p.new_home else ""
            out.writerow(
                (
                    p.person_id,
                    p.household_id,
                    p.given,
                    p.family,
                    p.gender,
                    p.birth.isoformat(),
                    p.country,
                    p.culture,
                    p.home.city.name,
                    p.home.postcode,
                    p.home.line(),
                    p.email,
                    phone,
                    landline,
                    moved,
                )
            )


def confirmed_traps(population: Population, truth: Truth) -> list[Trap]:
    """The population's traps plus those the written records confirm."""
    people = population.people
    traps = list(population.traps)
    for landline, idx in sorted(truth.landlines.items()):
        if len(idx) >= 2:
            members = tuple(people[i] for i in sorted(idx))
            if len({p.household_id for p in members}) == 1:
                traps.append(
                    Trap(
                        "household_shared_phone",
                        members,
                        f"landline {landline} of household {members[0].household_id}",
                    )
                )
    for email, idx in sorted(truth.emails.items()):
        if len(idx) >= 2:
            a, b = (people[i] for i in sorted(idx)[:2])
            if a.partner is b:
                traps.append(Trap("couple_shared_email", (a, b), f"a couple sharing {email}"))
    for device, idx in sorted(truth.devices.items()):
        if len(idx) >= 2:
            members = tuple(people[i] for i in sorted(idx))
            traps.append(
                Trap(
                    "shared_device",
                    members,
                    f"device {device} used by {len(members)} logged-in people",
                )
            )
    for i, ids in sorted(truth.registrations.items()):
        crm = sorted(x for x in ids if x.startswith("003"))
        web = sorted(x for x in ids if not x.startswith("003"))
        if len(crm) >= 2:
            traps.append(Trap("reregistered", (people[i],), f"CRM contacts {' '.join(crm)}"))
        if len(web) >= 2:
            traps.append(Trap("reregistered", (people[i],), f"web accounts {' '.join(web)}"))
    return traps


def write_traps(path: Path, traps: list[Trap]) -> Counter[str]:
    """``truth/traps.csv`` (``trap,person_ids,note``); returns the count of each trap."""
    order = {name: i for i, name in enumerate(TRAP_NAMES)}
    rows = sorted(
        ((t.name, " ".join(p.person_id for p in t.people), t.note) for t in traps),
        key=lambda r: (order.get(r[0], 99), r[1], r[2]),
    )
    with path.open("w", encoding="utf-8", newline="") as fh:
        out = csv.writer(fh, lineterminator="\n")
        out.writerow(("trap", "person_ids", "note"))
        out.writerows(rows)
    return Counter(r[0] for r in rows)
