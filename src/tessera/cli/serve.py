"""``tessera serve`` (the HTTP API) and ``tessera keys`` (its API keys)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from tessera.cli.common import WorkspaceOpt, err, out
from tessera.workspace import Workspace

keys_app = typer.Typer(help="API keys: write keys for collection, read keys for profiles.")


def serve(
    workspace: WorkspaceOpt = Path("."),
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="TCP port.")] = 8080,
    log_level: Annotated[str, typer.Option(help="debug | info | warning | error.")] = "info",
    threads: Annotated[
        int,
        typer.Option(
            min=1,
            help="Database worker threads while serving. 1 (default) leaves the other cores "
            "to requests; real-time micro-batches are too small to gain from more.",
        ),
    ] = 1,
    allocator: Annotated[
        str,
        typer.Option(
            help="Memory allocator: auto (jemalloc when the system has libjemalloc.so.2, "
            "about 20 % faster micro-batches), jemalloc, or system. Also TESSERA_ALLOCATOR.",
        ),
    ] = "auto",
    profile_mirror: Annotated[
        bool,
        typer.Option(
            help="Answer profile lookups from a copy of the stored documents in a SQLite file "
            "(in the workspace's .serving/ while serving, built at start) instead of the "
            "database: steady latency under ingest.",
        ),
    ] = True,
    background_nice: Annotated[
        int,
        typer.Option(
            min=0,
            max=19,
            help="How much lower the CPU priority of the processing, staging and mirror threads "
            "is than the request threads' (Linux; 0: the same). Requests first when the cores "
            "are saturated; processing catches up after.",
        ),
    ] = 5,  # tessera.api.threads.DEFAULT_NICE (not imported: it would load the API stack)
) -> None:
    """Run the HTTP API (Segment-compatible collection, profile reads) on the workspace.

    While it runs, the server holds the workspace's database: other commands on the same
    workspace wait until it stops.
    """
    import logging

    import uvicorn

    from tessera.api import create_app

    logging.basicConfig(format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("tessera").setLevel(log_level.upper())

    from tessera.cli.allocator import CHOICES, active

    if allocator.lower() not in CHOICES:
        raise typer.BadParameter(f"expected one of {', '.join(CHOICES)}", param_hint="--allocator")
    app = create_app(
        workspace,
        engine_threads=threads,
        profile_mirror=profile_mirror,
        background_nice=background_nice,
    )
    logging.getLogger("tessera.serve").info("memory allocator: %s", active())
    err.print(f"Tessera API on http://{host}:{port} (docs at /docs); Ctrl+C stops it.")
    uvicorn.run(
        app, host=host, port=port, workers=1, log_level=log_level, access_log=False, lifespan="on"
    )


@keys_app.command("create")
def create_key(
    scope: Annotated[str, typer.Option(help="write | read | admin.")],
    source: Annotated[
        str | None, typer.Option(help="Write keys: the source their messages belong to (api).")
    ] = None,
    note: Annotated[str | None, typer.Option(help="What the key is for.")] = None,
    workspace: WorkspaceOpt = Path("."),
) -> None:
    """Create an API key; the key is printed once and cannot be shown again."""
    with Workspace.open(workspace) as ws:
        key, text = ws.create_api_key(scope, source, note)
    err.print(
        f"Created {key.scope} key [bold]{key.key_id}[/]"
        + (f" for source '{key.source}'" if key.source else "")
        + ". Store it now: it is not shown again."
    )
    out.print(text, highlight=False, soft_wrap=True)


@keys_app.command("list")
def list_keys(workspace: WorkspaceOpt = Path(".")) -> None:
    """Every API key (never its secret), revoked ones included."""
    with Workspace.open(workspace) as ws:
        keys = ws.api_keys()
    if not keys:
        out.print("No API keys (create one with 'tessera keys create --scope write').")
        return
    table = Table()
    for col in ("key id", "scope", "source", "created", "revoked", "note"):
        table.add_column(col, overflow="fold")
    for k in keys:
        table.add_row(
            k.key_id,
            k.scope,
            k.source or "",
            k.created_at.strftime("%Y-%m-%d %H:%M"),
            k.revoked_at.strftime("%Y-%m-%d %H:%M") if k.revoked_at else "",
            k.note or "",
        )
    out.print(table)


@keys_app.command("revoke")
def revoke_key(
    key_id: Annotated[str, typer.Argument(help="The key id shown by 'tessera keys list'.")],
    workspace: WorkspaceOpt = Path("."),
) -> None:
    """Revoke an API key: requests using it are refused from then on."""
    with Workspace.open(workspace) as ws:
        key = ws.revoke_api_key(key_id)
    out.print(f"Revoked {key.scope} key {key.key_id}.")
