"""Benchmark: accuracy of identity resolution, Tessera against Splink alone.

For each data set (the generated demo, FEBRL 3, FEBRL 4) a workspace is built in a temporary
folder and resolved by Tessera (import + resolve + identities), then the raw person files are
resolved by Splink 5 alone (see ``bench/splink_baseline.py`` for the exact models). Both are
scored with :func:`tessera.evaluation.cluster_metrics` against the ground truth:

* Tessera over all records (events included) and over person records only;
* Splink alone over the same person records (it cannot use events).

Prints one JSON line per (data set, system, scope) and writes bench/results/resolve_accuracy.json
(a JSON list).

    python bench/resolve_accuracy.py [--persons 2000] [--big 200000] [--datasets demo,febrl3,febrl4]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

# `python bench/resolve_accuracy.py` puts bench/ on the path, not the repository root
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.datasets import (
    BenchDataset,
    demo_workspace,
    febrl1_workspace,
    febrl2_workspace,
    febrl3_workspace,
    febrl4_workspace,
    rldata_workspace,
)
from bench.import_persons import machine
from bench.splink_baseline import SplinkRun, models_for, run_splink_alone

from tessera.evaluation import ClusterMetrics, as_dict, cluster_metrics
from tessera.workspace import Workspace

RESULTS = Path(__file__).parent / "results"
Key = tuple[str, str]
SYSTEMS = ("tessera", "splink", "splink_tutorial")


def build(name: str, folder: Path, persons: int) -> BenchDataset:
    """Write the named data set's workspace into ``folder``."""
    builders = {
        "febrl1": febrl1_workspace,
        "febrl2": febrl2_workspace,
        "febrl3": febrl3_workspace,
        "febrl4": febrl4_workspace,
        "rldata500": lambda f: rldata_workspace(f, 500),
        "rldata10000": lambda f: rldata_workspace(f, 10000),
    }
    if name in builders:
        return builders[name](folder)
    if name == "demo":
        return demo_workspace(folder, persons)
    raise SystemExit(f"unknown data set '{name}' (demo, {', '.join(builders)})")


def person_truth(ds: BenchDataset) -> dict[Key, str]:
    """The truth restricted to person records (what Splink alone can see)."""
    return {k: v for k, v in ds.truth.items() if k[0] in ds.person_sources}


def _scores(m: ClusterMetrics, expected: int) -> dict[str, Any]:
    return {"truth_records": expected, "unscored": expected - m.records, **as_dict(m)}


#: Events no method could attribute: every identifier they carry is an anonymous id that
#: never appears together with any other identifier (a device that never logged in).
UNLINKABLE_SQL = """
WITH anon_only AS (
  SELECT match_key FROM identifiers WHERE namespace = 'anonymous_id' AND status = 'valid'
  EXCEPT
  SELECT i.match_key FROM identifiers i JOIN identifiers j
    ON i.source = j.source AND i.record_id = j.record_id AND j.namespace <> 'anonymous_id'
  WHERE i.namespace = 'anonymous_id')
SELECT r.source, r.record_id FROM records r
WHERE r.kind = 'event' AND r.given_name IS NULL AND NOT EXISTS (
  SELECT 1 FROM identifiers i WHERE i.source = r.source AND i.record_id = r.record_id
  AND i.status = 'valid'
  AND NOT (i.namespace = 'anonymous_id' AND i.match_key IN (SELECT match_key FROM anon_only)))
"""


def run_tessera(
    ds: BenchDataset, resolution: dict[str, Any] | None = None, system: str = "tessera"
) -> list[dict[str, Any]]:
    """Import, resolve and score with Tessera (optionally with ``resolution`` settings)."""
    base: dict[str, Any] = {"dataset": ds.name, "system": system}
    if resolution:
        config = yaml.safe_load((ds.folder / "tessera.yaml").read_text(encoding="utf-8"))
        config["resolution"] = {**(config.get("resolution") or {}), **resolution}
        (ds.folder / "tessera.yaml").write_text(yaml.safe_dump(config, sort_keys=False))
        base["resolution"] = resolution
    if not all(hasattr(Workspace, m) for m in ("resolve", "identities")):
        return [{**base, "tessera": "not available"}]
    try:
        with Workspace.open(ds.folder) as ws:
            start = time.perf_counter()
            _, failures = ws.import_sources()
            if failures:
                raise RuntimeError(f"import failed: {failures[0].source}: {failures[0].message}")
            imported = time.perf_counter()
            ws.resolve(retrain=True)
            resolved = time.perf_counter()
            table = ws.identities()
            unlinkable = {tuple(r) for r in ws.engine.fetchall(UNLINKABLE_SQL)}
    except AttributeError as exc:  # the API is being written: resolve()/identities() missing
        return [{**base, "tessera": "not available", "error": str(exc)}]
    except Exception as exc:  # keep the Splink half of the benchmark alive
        return [{**base, "tessera": f"failed: {type(exc).__name__}: {exc}"}]
    predicted: dict[Key, Any] = {}
    unresolved = 0
    for source, record_id, profile_id in zip(
        table.column("source").to_pylist(),
        table.column("record_id").to_pylist(),
        table.column("profile_id").to_pylist(),
        strict=True,
    ):
        if profile_id is None:  # in no profile: score it as a profile of its own
            unresolved += 1
            profile_id = ("unresolved", source, record_id)
        predicted[(source, record_id)] = profile_id
    timing = {
        "seconds": round(resolved - start, 2),
        "import_seconds": round(imported - start, 2),
        "resolve_seconds": round(resolved - imported, 2),
        "unresolved_records": unresolved,
    }
    out = []
    linkable = {k: v for k, v in ds.truth.items() if k not in unlinkable}
    scopes = [("all", ds.truth), ("persons", person_truth(ds))]
    if unlinkable:
        scopes.append(("linkable", linkable))
    for scope, truth in scopes:
        m = cluster_metrics(predicted, truth)
        out.append({**base, "scope": scope, **timing, **_scores(m, len(truth))})
    return out


def run_splink(ds: BenchDataset, systems: set[str]) -> list[dict[str, Any]]:
    """Splink alone on the person records, once per applicable model."""
    truth = person_truth(ds)
    out = []
    for system, make in models_for(ds).items():
        if system not in systems:
            continue
        model = make()
        try:
            run: SplinkRun = run_splink_alone(ds, model)
        except Exception as exc:  # a recipe that fails on a data set is a result too
            out.append({"dataset": ds.name, "system": system, "scope": "persons",
                        "splink": f"failed: {type(exc).__name__}: {exc}"})  # fmt: skip
            continue
        m = cluster_metrics(run.predicted, truth)
        sweep = {}
        for threshold, predicted in run.sweep.items():
            s = cluster_metrics(predicted, truth)
            sweep[str(threshold)] = {
                "precision": round(s.precision, 6),
                "recall": round(s.recall, 6),
                "f1": round(s.f1, 6),
                "profiles": s.profiles,
            }
        out.append(
            {
                "dataset": ds.name,
                "system": system,
                "scope": "persons",
                "seconds": round(run.seconds, 2),
                "scored_pairs": run.scored_pairs,
                **_scores(m, len(truth)),
                "threshold_sweep": sweep,
                "settings": model.describe(),
            }
        )
    return out


def run(
    names: list[str],
    persons: int,
    big: int,
    systems: set[str],
    keep: Path | None,
    emit: Callable[[dict[str, Any]], None],
) -> list[dict[str, Any]]:
    """Build, resolve and score every requested data set; ``emit`` each result as it comes."""
    plan = [(n, persons) for n in names] + ([("demo", big)] if big else [])
    common = {"benchmark": "resolve_accuracy", "date": dt.date.today().isoformat()}
    env = machine()
    results = []
    for name, size in plan:
        root = Path(tempfile.mkdtemp(prefix=f"tessera-acc-{name}-"))
        folder = (keep / f"{name}-{size}" if name == "demo" else keep / name) if keep else root
        try:
            ds = build(name, folder, size)
            rows = []
            if "tessera" in systems:
                rows += run_tessera(ds)
            rows += run_splink(ds, systems)
            for row in rows:
                row = {**common, **row, "machine": env}
                emit(row)
                results.append(row)
        finally:
            shutil.rmtree(root, ignore_errors=True)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--persons", type=int, default=2000, help="people in the demo data set")
    parser.add_argument("--big", type=int, default=0, help="also a demo of this many people")
    parser.add_argument(
        "--datasets", default="demo,febrl1,febrl2,febrl3,febrl4,rldata500,rldata10000"
    )
    parser.add_argument("--systems", default=",".join(SYSTEMS))
    parser.add_argument("--keep", type=Path, default=None, help="keep the workspaces here")
    parser.add_argument("--out", type=Path, default=RESULTS / "resolve_accuracy.json")
    args = parser.parse_args()
    names = [n.strip() for n in args.datasets.split(",") if n.strip()]
    systems = {s.strip() for s in args.systems.split(",") if s.strip()}

    def emit(row: dict[str, Any]) -> None:
        print(json.dumps(row), flush=True)

    results = run(names, args.persons, args.big, systems, args.keep, emit)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
