"""Benchmark: import + standardize N generated person rows from CSV into a fresh workspace.

Prints one JSON line per result and writes bench/results/import_persons.json.
Target (issue 2): 1,000,000 rows in <= 60 s with <= 2 GB peak memory on a 2-core machine.

    python bench/import_persons.py --rows 1000000
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import platform
import shutil
import statistics
import tempfile
import threading
import time
from pathlib import Path

import psutil
import yaml

from tessera.demo.generator import demo_person_source_config, write_person_csv
from tessera.workspace import Workspace

RESULTS = Path(__file__).parent / "results"


def percentile(values: list[float], q: float) -> float:
    """The ``q`` quantile of ``values`` (nearest rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def latency(
    values: list[float], digits: int | None = 1, *, with_max: bool = False
) -> dict[str, float]:
    """p50 and p99 (and max) of ``values``, rounded to ``digits``."""
    out = {
        "p50": round(statistics.median(values), digits),
        "p99": round(percentile(values, 0.99), digits),
    }
    if with_max:
        out["max"] = round(max(values), digits)
    return out


def save_results(name: str, lines: list[dict[str, object]], *, echo: bool = True) -> None:
    """Print each result as one JSON line (unless already printed) and write
    ``bench/results/<name>.json``."""
    text = "".join(json.dumps(line) + "\n" for line in lines)
    if echo:
        print(text, end="")
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / f"{name}.json").write_text(text)


class PeakMemory:
    """Samples the resident memory of this process plus its workers, keeping the peak."""

    def __init__(self, interval: float = 0.05) -> None:
        self.interval = interval
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        me = psutil.Process()
        while not self._stop.is_set():
            total = me.memory_info().rss
            for child in me.children(recursive=True):
                with contextlib.suppress(psutil.NoSuchProcess):
                    total += child.memory_info().rss
            self.peak = max(self.peak, total)
            time.sleep(self.interval)

    def __enter__(self) -> PeakMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.machine()


def machine() -> dict[str, object]:
    """What the numbers were measured on."""
    return {
        "cpus": os.cpu_count(),
        "memory_gb": round(psutil.virtual_memory().total / 2**30, 1),
        "cpu_model": _cpu_model(),
        "python": platform.python_version(),
    }


def person_workspace(folder: Path, rows: int, memory_limit: str | None) -> Path:
    """A workspace of ``rows`` generated CRM rows (the demo's crm source); returns the file."""
    folder.mkdir(parents=True, exist_ok=True)
    src = demo_person_source_config()
    data = folder / str(src["path"])
    data.parent.mkdir(exist_ok=True)
    write_person_csv(data, rows)
    config: dict[str, object] = {"name": "bench", "sources": {"crm": src}}
    if memory_limit:
        config["storage"] = {"memory_limit": memory_limit}
    (folder / "tessera.yaml").write_text(yaml.safe_dump(config))
    return data


def run(rows: int, keep: Path | None, memory_limit: str | None) -> dict[str, object]:
    """Generate, import, measure; return the result record."""
    folder = Path(tempfile.mkdtemp(prefix="tessera-bench-")) if keep is None else keep
    t0 = time.perf_counter()
    data = person_workspace(folder, rows, memory_limit)
    generated = time.perf_counter() - t0
    stages: dict[str, float] = {}
    last = [time.perf_counter(), ""]

    def progress(_source: str, stage: str, _index: int) -> None:
        now = time.perf_counter()
        if last[1]:
            stages[str(last[1])] = round(now - float(last[0]), 2)
        last[0], last[1] = now, stage

    try:
        with PeakMemory() as mem, Workspace.open(folder) as ws:
            start = time.perf_counter()
            results, failures = ws.import_sources(progress=progress)
            seconds = time.perf_counter() - start
            stages[str(last[1])] = round(time.perf_counter() - float(last[0]), 2)
        if failures:
            raise SystemExit(failures[0].message)
        r = results[0]
        return {
            "benchmark": "import_persons_csv",
            "date": dt.date.today().isoformat(),
            "rows": rows,
            "file_mb": round(data.stat().st_size / 2**20, 1),
            "seconds": round(seconds, 2),
            "rows_per_second": round(rows / seconds),
            "peak_rss_mb": round(mem.peak / 2**20),
            "stages_seconds": stages,
            "inserted": r.inserted,
            "rejected": r.rejected,
            "quality_issues": r.quality_issues,
            "generate_seconds": round(generated, 2),
            "memory_limit": memory_limit or "default (1GB)",
            "target": "<= 60 s and <= 2048 MB for 1,000,000 rows",
            "machine": machine(),
        }
    finally:
        if keep is None:
            shutil.rmtree(folder, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--keep", type=Path, default=None, help="keep the workspace here")
    parser.add_argument("--memory-limit", default=None, help="storage.memory_limit, e.g. 1GB")
    args = parser.parse_args()
    result = run(args.rows, args.keep, args.memory_limit)
    save_results("import_persons", [result])


if __name__ == "__main__":
    main()
