"""Benchmark: golden-record + traits rebuild at N profiles / M events, and profile lookups.

The stage under test starts from resolved data, so the workspace is filled directly with
synthetic resolved records (set-based SQL: N person records with names, birth dates and
addresses, M events — orders, tickets, page views — with amounts, categories and times, one
e-mail per person, every record a member of its person's profile). Then it times
``build_golden`` + ``build_traits`` (full rebuild, including the lookup tables and their
indexes) and three lookups by e-mail (``email:p123@example.org``, standardized as typed):
the identifier -> profile id step; the profile document the profile API serves (golden
attributes, identifiers, household, traits and events per type: ``profile_view(...,
mode="summary")``); and the whole 360° view (``Workspace.profile``, which also reads the
profile's records for recent events, address history and person records). Documents are
timed twice: the first ``--lookups`` right after the rebuild (cold: index nodes and blocks
are read in as they are first touched), then another ``--lookups`` on other profiles (warm,
as in a serving process).
Prints one JSON line and writes bench/results/profiles_speed.json.
Targets (issue 4): 1,000,000 profiles / 10,000,000 events rebuilt in <= 180 s; lookup of one
profile by any identifier p99 <= 10 ms.

    python bench/profiles_speed.py --profiles 1000000 --events 10000000
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import shutil
import tempfile
import time
from pathlib import Path

import yaml
from import_persons import PeakMemory, latency, machine, save_results

from tessera.pipeline.unify.golden import build_golden
from tessera.pipeline.unify.traits import build_traits
from tessera.pipeline.unify.view import profile_id_for, profile_view
from tessera.workspace import Workspace

CONFIG = {
    "name": "bench",
    "sources": {
        "crm": {"format": "csv", "path": "crm.csv", "id": "id"},
        "shop": {
            "kind": "event",
            "event_type": "order",
            "format": "csv",
            "path": "o.csv",
            "id": "id",
        },
    },
}


def fill(ws: Workspace, profiles: int, events: int) -> None:
    """Synthetic resolved data, written set-based."""
    e = ws.engine
    e.execute(
        "INSERT INTO records (source, record_id, kind, version, row_hash, import_id, "
        "first_seen_at, updated_at, given_name, given_name_key, family_name, family_name_key, "
        "birth_date, address_line1, postcode, city, country, occurred_at) "
        "SELECT 'crm', 'C' || i, 'person', 1, md5(i::VARCHAR), 1, now(), now(), "
        "'Given' || (i % 5000), 'given' || (i % 5000), 'Family' || (i % 40000), "
        "'family' || (i % 40000), DATE '1940-01-01' + (i % 25000)::INT, "
        "'Street ' || (i % 9000) || ' ' || (i % 97), lpad((i % 99999)::VARCHAR, 5, '0'), "
        "'City' || (i % 700), 'IT', TIMESTAMPTZ '2024-01-01' + INTERVAL (i % 600) DAY "
        f"FROM range({profiles}) t(i)"
    )
    e.execute(
        "INSERT INTO records (source, record_id, kind, version, row_hash, import_id, "
        "first_seen_at, updated_at, event_type, channel, status, amount, currency, category, "
        "occurred_at) SELECT 'shop', 'E' || j, 'event', 1, md5(j::VARCHAR), 1, now(), now(), "
        "CASE j % 10 WHEN 0 THEN 'ticket' WHEN 1 THEN 'order' WHEN 2 THEN 'order' "
        "ELSE 'page' END, CASE j % 3 WHEN 0 THEN 'email' WHEN 1 THEN 'web' ELSE 'phone' END, "
        "CASE j % 4 WHEN 0 THEN 'open' ELSE 'closed' END, "
        "CASE WHEN j % 10 IN (1, 2) THEN ((j * 7919) % 20000) / 100.0 END, 'EUR', "
        "'cat' || (j % 12), TIMESTAMPTZ '2024-11-01' + INTERVAL (j % 63000000) SECOND "
        f"FROM range({events}) t(j)"
    )
    e.execute(
        "INSERT INTO identifiers SELECT 'crm', 'C' || i, 'email', 'E-mail', "
        "'p' || i || '@example.org', 'p' || i || '@example.org', 'p' || i || '@example.org', "
        f"'valid', 1 FROM range({profiles}) t(i)"
    )
    e.execute(
        f"INSERT INTO profile_members SELECT 'p_' || i, 'crm', 'C' || i FROM range({profiles}) t(i)"
    )
    e.execute(
        f"INSERT INTO profile_members SELECT 'p_' || (j % {profiles}), 'shop', 'E' || j "
        f"FROM range({events}) t(j)"
    )
    e.execute(
        "INSERT INTO profiles SELECT 'p_' || i, now(), now(), 1, 1, NULL "
        f"FROM range({profiles}) t(i)"
    )


def run(profiles: int, events: int, lookups: int) -> dict[str, object]:
    folder = Path(tempfile.mkdtemp(prefix="tessera-profiles-"))
    (folder / "tessera.yaml").write_text(yaml.safe_dump(CONFIG))
    try:
        with Workspace.open(folder) as ws:
            t0 = time.perf_counter()
            fill(ws, profiles, events)
            filled = time.perf_counter() - t0
            with PeakMemory() as mem:
                t1 = time.perf_counter()
                golden = build_golden(ws.engine, ws.config)
                t2 = time.perf_counter()
                traits = build_traits(ws.engine, ws.config.profiles.all_traits())
                t3 = time.perf_counter()
            rng = random.Random(1)
            ids, cold, docs, views = [], [], [], []
            engine, config = ws.engine, ws.config

            def documents(into: list[float]) -> None:
                for _ in range(lookups):
                    email = f"email:p{rng.randrange(profiles)}@example.org"
                    s = time.perf_counter()
                    doc = profile_view(engine, config, email, mode="summary")
                    into.append((time.perf_counter() - s) * 1000)
                    assert doc["golden"] and doc["identifiers"] and doc["traits"]

            documents(cold)
            for _ in range(lookups):
                email = f"email:p{rng.randrange(profiles)}@example.org"
                s = time.perf_counter()
                profile_id_for(engine, config, email)
                ids.append((time.perf_counter() - s) * 1000)
            documents(docs)
            for _ in range(max(5, lookups // 20)):
                email = f"email:p{rng.randrange(profiles)}@example.org"
                s = time.perf_counter()
                ws.profile(email)
                views.append((time.perf_counter() - s) * 1000)
        return {
            "benchmark": "profiles_rebuild_and_lookup",
            "date": dt.date.today().isoformat(),
            "profiles": profiles,
            "events": events,
            "rebuild_seconds": round(t3 - t1, 1),
            "golden_seconds": round(t2 - t1, 1),
            "traits_seconds": round(t3 - t2, 1),
            "golden_attributes": golden.attributes,
            "trait_rows": traits,
            "peak_rss_mb": round(mem.peak / 2**20),
            "identifier_lookup_ms": latency(ids, 2),
            "profile_document_cold_ms": latency(cold, 2),
            "profile_document_ms": latency(docs, 2),
            "full_view_ms": latency(views, 1),
            "fill_seconds": round(filled, 1),
            "lookups": lookups,
            "full_views": len(views),
            "target": "rebuild <= 180 s; lookup of one profile by any identifier p99 <= 10 ms",
            "machine": machine(),
        }
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--profiles", type=int, default=1_000_000)
    parser.add_argument("--events", type=int, default=10_000_000)
    parser.add_argument("--lookups", type=int, default=200)
    args = parser.parse_args()
    save_results("profiles_speed", [run(args.profiles, args.events, args.lookups)])


if __name__ == "__main__":
    main()
