"""``tessera events``: counts of collected messages, and the quarantine."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from tessera.cli.common import WorkspaceOpt, out
from tessera.workspace import Workspace

events_app = typer.Typer(help="Collected events: counts and the quarantine.")
quarantine_app = typer.Typer(help="Messages that failed validation, kept with the reason.")
events_app.add_typer(quarantine_app, name="quarantine")


@events_app.command("stats")
def stats(
    workspace: WorkspaceOpt = Path("."),
    as_json: Annotated[bool, typer.Option("--json", help="As JSON.")] = False,
) -> None:
    """Messages stored, duplicates, quarantined and rejected (by reason)."""
    with Workspace.open(workspace) as ws:
        s = ws.event_stats()
    if as_json:
        out.print_json(json.dumps(s, default=str))
        return
    out.print(
        f"{s['stored']:,} stored, {s['duplicates']:,} duplicates, "
        f"{s['pending_quarantine']:,} quarantined ({s['replayed']:,} more replayed), "
        f"{s['rejected_messages']:,} rejected in {s['rejected_requests']:,} requests."
    )
    for title, rows in (
        ("Stored", s["stored_by_source"]),
        ("Quarantined", s["quarantine_reasons"]),
        ("Rejected", s["rejected_by_reason"]),
    ):
        if rows:
            table = Table(title=title)
            for col in rows[0]:
                table.add_column(col, overflow="fold")
            for r in rows:
                table.add_row(*(str(v) for v in r.values()))
            out.print(table)


@quarantine_app.command("list")
def list_quarantine(
    workspace: WorkspaceOpt = Path("."),
    all_: Annotated[bool, typer.Option("--all", help="Replayed ones too.")] = False,
    limit: Annotated[int, typer.Option(help="At most this many.")] = 100,
    as_json: Annotated[bool, typer.Option("--json", help="As JSON lines.")] = False,
) -> None:
    """Quarantined messages: id, source, reason and the raw message."""
    with Workspace.open(workspace) as ws:
        rows = ws.quarantined_events(include_replayed=all_, limit=limit)
    if as_json:
        for r in rows:
            out.print(json.dumps(r, default=str), highlight=False, soft_wrap=True)
        return
    if not rows:
        out.print("No quarantined messages.")
        return
    table = Table()
    for col in ("id", "source", "received", "reason", "message", "replayed"):
        table.add_column(col, overflow="fold")
    for r in rows:
        table.add_row(
            str(r["quarantine_id"]),
            r["source"],
            r["received_at"].strftime("%Y-%m-%d %H:%M:%S"),
            r["reason"],
            r["payload"][:200],
            r["replayed_at"].strftime("%Y-%m-%d %H:%M") if r["replayed_at"] else "",
        )
    out.print(table)


@quarantine_app.command("replay")
def replay(
    ids: Annotated[list[int] | None, typer.Argument(help="Quarantine ids.")] = None,
    all_: Annotated[bool, typer.Option("--all", help="Every pending message.")] = False,
    workspace: WorkspaceOpt = Path("."),
) -> None:
    """Validate quarantined messages again; store those that pass now."""
    if not ids and not all_:
        raise typer.BadParameter("give quarantine ids or --all")
    with Workspace.open(workspace) as ws:
        outcomes = ws.replay_quarantine(None if all_ else ids)
    done = sum(o.replayed for o in outcomes)
    for o in outcomes:
        if not o.replayed:
            out.print(f"{o.quarantine_id}: still invalid: {o.reason}", highlight=False)
    out.print(f"Replayed {done:,} of {len(outcomes):,} messages.")
