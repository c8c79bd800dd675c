"""File plumbing for the demo: time-sorted spilling, the ground-truth writer, CSV helpers."""

from __future__ import annotations

import csv
import gc
import json
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import IO, Any

from tessera.demo.people import WINDOW_START

_SEP = "\x1f"


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector: bulk generation makes millions of acyclic objects."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


class Spill:
    """Collects lines with a sort key in monthly bucket files; reads them back in key order.

    Keeps memory flat for large data sets (millions of web events): only one month is sorted
    in memory at a time. Keys must be unique so the order is fully deterministic.
    """

    def __init__(self, folder: Path, name: str) -> None:
        self.folder = folder
        self.name = name
        self._files: dict[int, IO[str]] = {}

    def add(self, when: datetime, key: str, payload: str) -> None:
        """Add ``payload`` (one line, no newline) to be emitted in ``key`` order."""
        bucket = max(-1, (when.year - WINDOW_START.year) * 12 + when.month)
        fh = self._files.get(bucket)
        if fh is None:
            path = self.folder / f"{self.name}.{bucket + 1:04d}.spill"
            fh = self._files[bucket] = path.open("w", encoding="utf-8", newline="\n")
        fh.write(f"{key}{_SEP}{payload}\n")

    def __iter__(self) -> Iterator[str]:
        for bucket in sorted(self._files):
            fh = self._files[bucket]
            fh.close()
            path = Path(fh.name)
            with path.open(encoding="utf-8", newline="\n") as reader:
                lines = reader.read().splitlines()
            path.unlink()
            lines.sort()
            for line in lines:
                yield line.split(_SEP, 1)[1]
        self._files.clear()


class Truth:
    """Streams ``truth/records.csv`` (source, record_id, person_id) and counts rows per source."""

    def __init__(self, path: Path) -> None:
        self._fh = path.open("w", encoding="utf-8", newline="")
        self._csv = csv.writer(self._fh, lineterminator="\n")
        self._csv.writerow(["source", "record_id", "person_id"])
        self.counts: dict[str, int] = {}

    def add(self, source: str, record_id: str, person_id: str) -> None:
        """Record that row ``record_id`` of ``source`` belongs to ``person_id``."""
        self._csv.writerow([source, record_id, person_id])
        self.counts[source] = self.counts.get(source, 0) + 1

    def close(self) -> None:
        """Flush and close the file."""
        self._fh.close()


def csv_writer(fh: IO[str], delimiter: str = ",") -> Any:
    """A CSV writer with ``\\n`` line endings (identical bytes on every platform)."""
    return csv.writer(fh, delimiter=delimiter, lineterminator="\n")


def row_payload(row: list[str]) -> str:
    """A CSV row as one spill line."""
    return json.dumps(row, ensure_ascii=False)


def row_from_payload(payload: str) -> list[str]:
    """The CSV row back from a spill line."""
    row: list[str] = json.loads(payload)
    return row


def iso_z(when: datetime, millis: int = 0) -> str:
    """``2026-03-14T18:22:05.123Z`` (UTC, Segment style)."""
    return (
        f"{when.year:04d}-{when.month:02d}-{when.day:02d}T"
        f"{when.hour:02d}:{when.minute:02d}:{when.second:02d}.{millis:03d}Z"
    )
