"""ruff and mypy stay clean on src/ (they come with the dev extra)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _tool(name: str) -> str:
    path = shutil.which(name, path=str(Path(sys.executable).parent))
    if path is None:
        pytest.skip(f"{name} is not installed (pip install '.[dev]')")
    return path


def test_ruff_clean() -> None:
    r = subprocess.run(
        [_tool("ruff"), "check", "src", "tests", "bench"], cwd=ROOT, capture_output=True, text=True
    )
    assert r.returncode == 0, r.stdout + r.stderr


def test_mypy_clean() -> None:
    r = subprocess.run([_tool("mypy"), "src/tessera"], cwd=ROOT, capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr


def test_only_engines_import_database_drivers() -> None:
    offenders = []
    for path in (ROOT / "src" / "tessera").rglob("*.py"):
        if "engines" in path.parts:
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            stripped = line.strip()
            if stripped.startswith(
                (
                    "import duckdb",
                    "from duckdb",
                    "import psycopg",
                    "from psycopg",
                    "import pyspark",
                    "from pyspark",
                )
            ):
                offenders.append(f"{path.relative_to(ROOT)}: {stripped}")
    assert offenders == []
