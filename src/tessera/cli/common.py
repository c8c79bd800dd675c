"""What every command shares: the consoles and the workspace option."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

out = Console()
err = Console(stderr=True)

WorkspaceOpt = Annotated[
    Path,
    typer.Option(
        "--workspace",
        "-w",
        envvar="TESSERA_WORKSPACE",
        help="Workspace folder.",
        show_default=False,
    ),
]
