"""The fast flat person CSV for benchmarks."""

from __future__ import annotations

import csv
from pathlib import Path

from tessera.config import parse_config
from tessera.demo.generator import demo_person_source_config, write_person_csv


def test_rows_columns_and_determinism(tmp_path: Path) -> None:
    path = tmp_path / "people.csv"
    write_person_csv(path, 5000, seed=3)
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh, delimiter=";"))
    assert len(rows) == 5000
    config = demo_person_source_config()
    assert set(config["mapping"]) <= set(rows[0])
    assert len({r["ID Contatto"] for r in rows}) == 5000
    emails = [r["E-mail"].strip().lower() for r in rows if "@" in r["E-mail"]]
    assert len(emails) > len(set(emails))  # duplicates of the same person
    assert any(r["E-mail"] != r["E-mail"].strip() for r in rows)  # padded
    again = tmp_path / "again.csv"
    write_person_csv(again, 5000, seed=3)
    assert again.read_bytes() == path.read_bytes()
    write_person_csv(again, 5000, seed=4)
    assert again.read_bytes() != path.read_bytes()


def test_source_config_is_valid() -> None:
    config = parse_config({"sources": {"crm": demo_person_source_config("people.csv")}})
    assert config.sources["crm"].path == "people.csv"
    assert config.sources["crm"].mapping["E-mail"] == "email"


def test_zero_rows(tmp_path: Path) -> None:
    path = tmp_path / "empty.csv"
    write_person_csv(path, 0)
    assert path.read_text(encoding="utf-8").count("\n") == 1
