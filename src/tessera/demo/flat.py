"""A fast flat CRM-like person CSV for benchmarks (a million rows in seconds, not minutes).

Faker runs only to fill the per-country pools once; rows combine pool values with
``random.Random`` draws and get the same noise as the demo CRM, duplicates included.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from tessera.demo.people import NOW, Builder, Person, rand_time
from tessera.demo.person_sources import CRM_COLUMNS, crm_row
from tessera.demo.pools import COUNTRIES, COUNTRY_CUM, DemoRandom, locale_pools, weighted
from tessera.demo.writers import csv_writer, gc_paused

_HOMES_PER_COUNTRY = 3000
_DUPLICATE_RATE = 0.08


def write_person_csv(path: Path, rows: int, seed: int = 7) -> None:
    """Write ``rows`` CRM-like person rows (``;``, Italian headers) with noise and duplicates.

    Maps with :func:`tessera.demo.demo_person_source_config`. Roughly 8% of the rows are a
    second, noisier record of a person already written.
    """
    rng = DemoRandom(f"tessera-demo:{seed}:flat")
    builder = Builder(rng, locale_pools(seed), keep=False)
    homes = {c: [builder.home(c) for _ in range(_HOMES_PER_COUNTRY)] for c in COUNTRIES}
    pending: list[tuple[Person, datetime]] = []
    start = datetime(2019, 1, 1)
    with gc_paused(), Path(path).open("w", encoding="utf-8", newline="") as fh:
        out = csv_writer(fh, ";")
        out.writerow(CRM_COLUMNS)
        batch: list[list[str]] = []
        for n in range(1, rows + 1):
            cid = f"C{n + 100000:07d}"
            if pending and (len(pending) > 2000 or rng.random() < _DUPLICATE_RATE):
                i = rng.randrange(len(pending))
                p, when = pending[i]
                pending[i] = pending[-1]
                pending.pop()
                batch.append(crm_row(rng, p, when, cid, older=True))
            else:
                country = weighted(rng, COUNTRIES, COUNTRY_CUM)
                p = builder.person(country, rng.choice(homes[country]), "")
                when = rand_time(rng, start, NOW)
                if rng.random() < _DUPLICATE_RATE:
                    pending.append((p, rand_time(rng, start, NOW)))
                batch.append(crm_row(rng, p, when, cid))
            if len(batch) >= 10_000:
                out.writerows(batch)
                batch.clear()
        out.writerows(batch)
