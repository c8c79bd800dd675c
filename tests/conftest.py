"""Shared fixtures: real workspaces in temporary folders, real DuckDB files."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from tessera.workspace import Workspace

MakeWorkspace = Callable[..., Workspace]


@pytest.fixture
def make_workspace(tmp_path: Path) -> Iterator[MakeWorkspace]:
    """Write files and a tessera.yaml into a fresh folder and open it as a workspace."""
    opened: list[Workspace] = []

    def make(
        sources: dict[str, Any],
        files: dict[str, str | bytes] | None = None,
        **top: Any,
    ) -> Workspace:
        for rel, content in (files or {}).items():
            path = tmp_path / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text(content, encoding="utf-8")
        config = {"name": "test", "sources": sources, **top}
        (tmp_path / "tessera.yaml").write_text(
            yaml.safe_dump(config, allow_unicode=True, sort_keys=False)
        )
        ws = Workspace.open(tmp_path)
        opened.append(ws)
        return ws

    yield make
    for ws in opened:
        ws.close()


def rows(ws: Workspace, sql: str, params: list[Any] | None = None) -> list[dict[str, Any]]:
    """Query the workspace's engine, returning dicts."""
    return ws.engine.fetch_arrow(sql, params).to_pylist()  # type: ignore[no-any-return]


def resolved_demo(folder: Path, persons: int, seed: int, *, unify: bool = False) -> str:
    """Generate a demo workspace in ``folder``, import it (no failures), resolve it (and
    unify it); returns the resolution's model state."""
    from tessera.demo.generator import generate_workspace

    generate_workspace(folder, persons=persons, seed=seed)
    with Workspace.open(folder) as ws:
        _, failures = ws.import_sources()
        assert not failures
        model = ws.resolve().model
        if unify:
            ws.unify()
    return model
