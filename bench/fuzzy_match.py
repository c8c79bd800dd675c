"""Benchmark: real-time fuzzy match of new person records against N person records.

Builds a realistic workspace the way bench/resolve_speed.py does: N generated CRM-like person
rows (tessera.demo.generator, ~8% noisy duplicates), imported and standardized, then
``Workspace.resolve(retrain=True)`` — which trains and saves the Splink model and writes the
persistent ``match_input`` table (every person record in Splink's input shape).
Then, in the same process and on the same 1M-row ``match_input``:

- ``tessera``: the real-time scorer (:mod:`tessera.pipeline.resolve.live_scorer`) for one
  person record already in Splink's input shape (prepared outside the clock, as for Splink
  below): candidate lookup through the model's blocking keys, Splink's scoring SQL, guards;
- ``tessera_incremental``: :func:`tessera.pipeline.resolve.live_match.match_new_persons` for
  one record — what an incremental run does for a new record: its nodes, identifiers and
  input row built from the stored record first, then the scorer;
- ``tessera_batch``: ``match_new_persons`` for ``--batch`` records at once, time per record;
- ``splink``: Splink's own ``linker.inference.predict_between`` alone for one record (linker
  and term-frequency tables built once, outside the clock; the record's input row prepared
  outside the clock), same model, same table.

A sampled record is an existing one standing in for a new one: ``match_new_persons`` compares
it with every *other* record, exactly the work a brand-new record costs.
Prints one JSON line per result and writes bench/results/fuzzy_match.json.
Target (issue 5): one new record against 1,000,000 profiles, p99 <= 5 ms.

    python bench/fuzzy_match.py --rows 1000000 --samples 50 --batch 100
"""

from __future__ import annotations

import argparse
import datetime as dt
import logging
import random
import shutil
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

import psutil
from import_persons import latency, machine, person_workspace, save_results

from tessera.pipeline.resolve import live_match, matching
from tessera.workspace import Workspace

CHANGED = "fm_changed"


def _left(e: Any, cols: str, rid: str) -> None:
    """Table fm_left: the CRM record ``rid``'s row of match_input (Splink's input shape)."""
    e.execute(
        f"CREATE OR REPLACE TABLE fm_left AS SELECT {cols} FROM "
        f"{live_match.MATCH_INPUT} WHERE unique_id = 'crm' || chr(31) || ?",
        [rid],
    )


def _score_each(
    e: Any, cfg: Any, scorer: Any, cols: str, ids: list[str]
) -> tuple[list[float], list[int]]:
    """Milliseconds and links found of the scorer for each CRM record (row prepared first)."""
    ms, found = [], []
    for rid in ids:
        _left(e, cols, rid)
        s = time.perf_counter()
        found.append(len(scorer.score(e, live_match.MATCH_INPUT, "fm_left", cfg)))
        ms.append((time.perf_counter() - s) * 1000)
    return ms, found


def run(rows: int, samples: int, batch: int, keep: Path | None) -> list[dict[str, Any]]:
    folder = Path(tempfile.mkdtemp(prefix="tessera-fuzzy-")) if keep is None else keep
    reuse = keep is not None and (keep / "tessera.duckdb").exists()
    try:
        if not reuse:
            person_workspace(folder, rows, None)
        with Workspace.open(folder) as ws:
            e, cfg = ws.engine, ws.config.resolution
            t0 = time.perf_counter()
            if not reuse:
                ws.import_sources()
                ws.resolve(retrain=True)
            prepared = time.perf_counter() - t0
            model = matching.load_model(e)
            assert model is not None
            size = int(e.fetchall(f"SELECT count(*) FROM {live_match.MATCH_INPUT}")[0][0])
            ids = [
                str(r[0])
                for r in e.fetchall(
                    "SELECT record_id FROM records WHERE kind = 'person' AND source = 'crm' "
                    f"USING SAMPLE reservoir({int(samples + batch + 5)} ROWS) REPEATABLE (7)"
                )
            ]
            rng = random.Random(3)
            rng.shuffle(ids)
            scorer = live_match.scorer(e, model)  # keys, term frequencies, SQL: once
            cols = ", ".join(live_match.input_columns(e))
            core, core_found = _score_each(e, cfg, scorer, cols, ids[:samples])
            # the same with the in-memory candidate index (what `tessera serve` uses)
            rss = psutil.Process().memory_info().rss
            s = time.perf_counter()
            mirrored = scorer.use_index(e, live_match.MATCH_INPUT)
            index_seconds = time.perf_counter() - s
            index_mb = (psutil.Process().memory_info().rss - rss) / 2**20
            indexed, indexed_found = _score_each(e, cfg, scorer, cols, ids[:samples])
            scorer.index = None
            single, found = [], []
            for rid in ids[:samples]:
                e.execute(
                    f"CREATE OR REPLACE TEMP TABLE {CHANGED} AS "
                    "SELECT 'crm' AS source, ? AS record_id",
                    [rid],
                )
                s = time.perf_counter()
                found.append(live_match.match_new_persons(e, cfg, model, CHANGED))
                single.append((time.perf_counter() - s) * 1000)
            e.execute(
                f"CREATE OR REPLACE TEMP TABLE {CHANGED} AS SELECT 'crm' AS source, "
                "unnest(?::VARCHAR[]) AS record_id",
                [ids[samples : samples + batch]],
            )
            batch_runs = []
            for _ in range(3):
                s = time.perf_counter()
                live_match.match_new_persons(e, cfg, model, CHANGED)
                batch_runs.append((time.perf_counter() - s) * 1000)

            # Splink alone: the linker and TF tables once, predict_between per record.
            from splink import Linker

            logging.getLogger("splink").setLevel(logging.ERROR)
            db_api = e.splink_api()
            e.execute(
                f"CREATE OR REPLACE TABLE fm_right AS SELECT {cols} FROM {live_match.MATCH_INPUT}"
            )
            right = db_api.register("fm_right")
            linker = Linker(right, model, log_level=None)
            for column in ("given", "family", "city"):
                linker.table_management.compute_tf_table(column)
            splink_ms, splink_pairs = [], []
            for rid in ids[:samples]:
                _left(e, cols, rid)
                left = db_api.register("fm_left")
                s = time.perf_counter()
                df = linker.inference.predict_between(
                    left, right, threshold_match_weight=cfg.match_weight_threshold
                )
                splink_ms.append((time.perf_counter() - s) * 1000)
                splink_pairs.append(
                    int(e.fetchall(f"SELECT count(*) FROM {df.physical_name}")[0][0])
                )
                df.drop_table_from_database_and_remove_from_cache()
            e.execute("DROP TABLE IF EXISTS fm_left")
            e.execute("DROP TABLE IF EXISTS fm_right")
        base = {
            "benchmark": "fuzzy_match_new_person",
            "date": dt.date.today().isoformat(),
            "persons": size,
            "target": "one new record against 1,000,000 profiles: p99 <= 5 ms",
            "machine": machine(),
        }
        return [
            {
                **base,
                "system": "tessera",
                "records_per_call": 1,
                "samples": len(core),
                "ms": latency(core, with_max=True),
                "links_found_mean": round(statistics.mean(core_found), 2),
                "note": "real-time scorer on a record in Splink's input shape",
            },
            {
                **base,
                "system": "tessera_index",
                "records_per_call": 1,
                "samples": len(indexed),
                "ms": latency(indexed, with_max=True),
                "links_found_mean": round(statistics.mean(indexed_found), 2),
                "index_records": mirrored,
                "index_build_seconds": round(index_seconds, 1),
                "index_rss_growth_mb": round(index_mb),
                "note": "real-time scorer with the in-memory candidate index (tessera serve)",
            },
            {
                **base,
                "system": "tessera_incremental",
                "records_per_call": 1,
                "samples": len(single),
                "ms": latency(single, with_max=True),
                "links_found_mean": round(statistics.mean(found), 2),
                "workspace_seconds": round(prepared, 1),
            },
            {
                **base,
                "system": "tessera_batch",
                "records_per_call": batch,
                "samples": len(batch_runs),
                "ms_per_call": round(statistics.median(batch_runs), 1),
                "ms_per_record": round(statistics.median(batch_runs) / batch, 2),
            },
            {
                **base,
                "system": "splink",
                "records_per_call": 1,
                "samples": len(splink_ms),
                "ms": latency(splink_ms, with_max=True),
                "pairs_over_threshold_mean": round(statistics.mean(splink_pairs), 2),
                "note": "linker.inference.predict_between alone; linker and TF tables "
                "built once outside the clock",
            },
        ]
    finally:
        if keep is None:
            shutil.rmtree(folder, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--samples", type=int, default=50)
    parser.add_argument("--batch", type=int, default=100)
    parser.add_argument("--keep", type=Path, default=None, help="reuse/keep this workspace")
    args = parser.parse_args()
    save_results("fuzzy_match", run(args.rows, args.samples, args.batch, args.keep))


if __name__ == "__main__":
    main()
