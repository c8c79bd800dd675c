"""Benchmark: resolve N generated person records end to end on this machine.

Generates a CRM-like CSV (tessera.demo.generator.write_person_csv), imports it (timed apart),
then times ``Workspace.resolve()`` (graph, model training, Splink prediction, constrained
clustering, profiles) and samples peak memory of the process and its workers.
Prints one JSON line and writes bench/results/resolve_speed.json.
Target (issue 3): 1,000,000 records in <= 5 minutes and <= 8 GB.

    python bench/resolve_speed.py --rows 1000000
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import tempfile
import time
from pathlib import Path

from import_persons import PeakMemory, machine, person_workspace, save_results

from tessera.pipeline.resolve import graph, matching
from tessera.workspace import Workspace


def run(rows: int, memory_limit: str | None, keep: Path | None) -> dict[str, object]:
    folder = Path(tempfile.mkdtemp(prefix="tessera-resolve-")) if keep is None else keep
    person_workspace(folder, rows, memory_limit)
    try:
        with Workspace.open(folder) as ws:
            t0 = time.perf_counter()
            ws.import_sources()
            imported = time.perf_counter() - t0
            with PeakMemory() as mem:
                t1 = time.perf_counter()
                result = ws.resolve(retrain=True)
                seconds = time.perf_counter() - t1
            graph.build_nodes(ws.engine)
            priorities = {ns: c.priority for ns, c in ws.config.namespaces().items()}
            graph.build_identifier_edges(
                ws.engine, priorities, ws.config.resolution.max_identifier_group
            )
            matching.build_input(ws.engine)
            pairs = matching.count_candidate_pairs(ws.engine, sample=1.0)
        return {
            "benchmark": "resolve_persons",
            "date": dt.date.today().isoformat(),
            "records": rows,
            "seconds": round(seconds, 1),
            "stages_seconds": result.seconds,
            "candidate_pairs": pairs,
            "identifier_links": result.identifier_links,
            "probabilistic_links": result.probabilistic_links,
            "refused_links": result.refused_links,
            "profiles": result.profiles,
            "peak_rss_mb": round(mem.peak / 2**20),
            "import_seconds": round(imported, 1),
            "memory_limit": memory_limit or "default (1GB)",
            "target": "<= 300 s and <= 8192 MB for 1,000,000 records",
            "machine": machine(),
        }
    finally:
        if keep is None:
            shutil.rmtree(folder, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--memory-limit", default=None)
    parser.add_argument("--keep", type=Path, default=None)
    args = parser.parse_args()
    result = run(args.rows, args.memory_limit, args.keep)
    save_results("resolve_speed", [result])


if __name__ == "__main__":
    main()
