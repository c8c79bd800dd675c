"""``python -m bench.crosscheck FOLDER [--persons N] [--seed S]``: write a workspace, print
what was written and how long it took."""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from bench.crosscheck import write_crosscheck


def main() -> None:
    """Parse the command line and write the workspace."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("folder", type=Path)
    parser.add_argument("--persons", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    started = time.perf_counter()
    summary = write_crosscheck(args.folder, args.persons, args.seed)
    seconds = time.perf_counter() - started
    print(
        json.dumps(
            {
                "folder": str(summary.folder),
                "persons": summary.persons,
                "seed": summary.seed,
                "seconds": round(seconds, 1),
                "records": summary.records,
                "total": sum(summary.records.values()),
                "traps": summary.traps,
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
