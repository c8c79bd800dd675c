"""Storage settings in tessera.yaml reach the engine."""

from __future__ import annotations

from pathlib import Path

from tessera.workspace import Workspace


def test_storage_settings_reach_the_engine(tmp_path: Path) -> None:
    """memory_limit and checkpoint_threshold from tessera.yaml are the engine's settings."""
    Workspace.init(tmp_path)
    with (tmp_path / "tessera.yaml").open("a", encoding="utf-8") as f:
        f.write("storage:\n  memory_limit: 2GB\n  checkpoint_threshold: 64MB\n")
    with Workspace.open(tmp_path) as ws:
        got = dict(
            ws.engine.fetchall(
                "SELECT name, value FROM duckdb_settings() "
                "WHERE name IN ('memory_limit', 'checkpoint_threshold')"
            )
        )
    assert got == {"checkpoint_threshold": "61.0 MiB", "memory_limit": "1.8 GiB"}  # 10^6 B
