"""Profile commands: the 360° view in a terminal, search, export."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.panel import Panel
from rich.table import Table

from tessera.cli.common import WorkspaceOpt, out
from tessera.errors import AmbiguousReference
from tessera.workspace import Workspace


def _fmt(value: Any) -> str:
    if value is None:
        return "—"
    if hasattr(value, "strftime"):
        return str(value.strftime("%Y-%m-%d %H:%M") if hasattr(value, "hour") else value)
    return str(value)


def profile(
    ref: Annotated[str, typer.Argument(help="A profile id, source:record_id or namespace:value.")],
    workspace: WorkspaceOpt = Path("."),
    as_json: Annotated[bool, typer.Option("--json", help="The complete view as JSON.")] = False,
) -> None:
    """The 360° view of one person: golden attributes with sources, identifiers, household,
    traits, timeline, history. An identifier several profiles carry lists them instead
    (exit code 3: use one of their ids)."""
    with Workspace.open(workspace) as ws:
        try:
            view = ws.profile(ref)
        except AmbiguousReference as exc:
            print_candidates(exc, as_json)
            raise  # main() says the one line and exits with 3
    if as_json:
        out.print_json(json.dumps(view, default=str))
        return
    title = f"Profile {view['profile_id']}"
    if view["redirected_from"]:
        title += f" (was {view['redirected_from']})"
    golden = Table(title="Golden record", show_header=True)
    for col in ("attribute", "value", "source", "observed", "rule", "also seen"):
        golden.add_column(col, overflow="fold")
    for g in view["golden"]:
        alts = json.loads(g["alternatives"]) if g["alternatives"] else []
        golden.add_row(
            g["attribute"],
            g["value"],
            f"{g['source']}:{g['record_id']}",
            _fmt(g["observed_at"]),
            g["rule"],
            "; ".join(a["value"] for a in alts[:3]),
        )
    ids = Table(title="Identifiers")
    for col in ("namespace", "value", "", "sources", "last seen"):
        ids.add_column(col, overflow="fold")
    for i in view["identifiers"]:
        flags = ", ".join(
            f
            for f, on in (
                ("primary", i["primary"]),
                ("shared", i["shared"]),
                (i["status"], i["status"] != "valid"),
            )
            if on
        )
        ids.add_row(
            i["namespace"], i["value"], flags, ", ".join(i["sources"]), _fmt(i["last_seen"])
        )
    traits = Table(title="Traits")
    traits.add_column("trait")
    traits.add_column("value", justify="right")
    for k, v in view["traits"].items():
        if k not in ("computed_at", "events"):
            traits.add_row(k, _fmt(v))
    events = Table(title="Recent events")
    for col in ("when", "channel", "type", "what", "amount"):
        events.add_column(col, overflow="fold")
    for e in view["recent_events"]:
        what = e["event_name"] or e["subject"] or e["category"] or e["url"] or ""
        amount = f"{e['amount']:.2f} {e['currency'] or ''}" if e["amount"] is not None else ""
        events.add_row(
            _fmt(e["occurred_at"]), e["channel"] or "", e["event_type"] or "", str(what), amount
        )
    out.print(Panel.fit(title))
    out.print(golden)
    out.print(ids)
    household = view["household"]
    if household["members"]:
        names = ", ".join(f"{m['name'] or '?'} ({m['profile_id']})" for m in household["members"])
        out.print(f"Household {household['household_id']}: {names}")
    out.print(traits)
    summary = ", ".join(f"{s['events']} {s['event_type']}" for s in view["timeline_summary"])
    out.print(f"Timeline: {summary or 'no events'}")
    out.print(events)
    for a in view["addresses"][1:]:
        out.print(f"Earlier address: {a['address']} (until {_fmt(a['until'])})")
    for h in view["history"]:
        out.print(f"History: {_fmt(h['happened_at'])} {h['event']} {h['other'] or ''}")


def print_candidates(exc: AmbiguousReference, as_json: bool) -> None:
    """The profiles an ambiguous reference designates, as a table (or JSON) on stdout."""
    if as_json:
        payload = {"ambiguous": True, "ref": exc.ref, "count": len(exc.profile_ids)}
        payload["candidates"] = exc.candidates
        out.print_json(json.dumps(payload, default=str))
        return
    table = Table(title=f"{exc.ref} is carried by {len(exc.profile_ids)} profiles")
    for col in ("profile", "name", "city", "born", "records", f"records carrying {exc.ref}"):
        table.add_column(col, overflow="fold")
    table.add_column("shared identifier")
    for c in exc.candidates:
        table.add_row(
            c["profile_id"],
            _fmt(c.get("name")),
            _fmt(c.get("city")),
            _fmt(c.get("birth_year")),
            _fmt(c.get("profile_records")),
            ", ".join(c.get("carried_by") or []) or "—",
            "yes" if c.get("shared") else "no",
        )
    out.print(table)
    if len(exc.candidates) < len(exc.profile_ids):
        out.print(f"(the first {len(exc.candidates)} of {len(exc.profile_ids)} profiles)")


def search(
    query: Annotated[str, typer.Argument(help="A name, e-mail or phone number.")],
    workspace: WorkspaceOpt = Path("."),
    limit: Annotated[int, typer.Option(help="At most this many profiles.")] = 20,
) -> None:
    """Find profiles by name (typo-tolerant), e-mail or phone."""
    with Workspace.open(workspace) as ws:
        rows = ws.search(query, limit)
    if not rows:
        out.print(f"No profile matches {query!r}.")
        raise typer.Exit(1)
    table = Table()
    for col in ("profile_id", "name", "score"):
        table.add_column(col)
    for r in rows:
        table.add_row(r["profile_id"], r["name"] or "—", str(r["score"]))
    out.print(table)


def export_profiles(
    out_file: Annotated[Path, typer.Option("--out", help="File to write.")],
    fmt: Annotated[str, typer.Option("--format", help="csv, parquet or json.")] = "csv",
    attributes: Annotated[
        str | None, typer.Option(help="Comma-separated golden attributes.")
    ] = None,
    traits: Annotated[str | None, typer.Option(help="Comma-separated traits.")] = None,
    workspace: WorkspaceOpt = Path("."),
) -> None:
    """Every profile as one row: golden attributes, primary e-mail and phone, traits."""
    from tessera.pipeline.unify.export import export_profiles as run_export

    def split(text: str | None) -> list[str] | None:
        return [x.strip() for x in text.split(",") if x.strip()] if text else None

    with Workspace.open(workspace) as ws:
        n = run_export(ws.engine, out_file, fmt, split(attributes), split(traits))
    out.print(f"Wrote {n:,} profiles to {out_file}")
