"""Identity commands: resolve, run, explain, link, unlink, export identities."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from tessera.cli.common import WorkspaceOpt, err, out
from tessera.pipeline.resolve.resolver import STAGES, ResolveResult
from tessera.workspace import Workspace

export_app = typer.Typer(help="Export data from the workspace.", no_args_is_help=True)


def run_resolve(ws: Workspace, retrain: bool) -> ResolveResult:
    """Resolve with a progress bar over the stages."""
    columns = (
        SpinnerColumn(),
        TextColumn("{task.description:<18}"),
        BarColumn(),
        TextColumn("{task.fields[stage]:<10}"),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=err, disable=not err.is_terminal) as bar:
        task = bar.add_task("resolve", total=len(STAGES), stage="")

        def progress(stage: str, index: int) -> None:
            bar.update(task, completed=index, stage=stage)

        result = ws.resolve(retrain=retrain, progress=progress)
        bar.update(task, completed=len(STAGES), stage="golden")
        ws.unify()
        bar.update(task, completed=len(STAGES), stage="done")
    return result


def print_resolve(r: ResolveResult) -> None:
    """The run's summary table."""
    table = Table(title=f"Resolution run {r.run_id}")
    table.add_column("")
    table.add_column("", justify="right")
    rows = [
        ("records and events", r.records),
        ("identifier links", r.identifier_links),
        ("probabilistic links", r.probabilistic_links),
        ("links refused (limits, birth dates, unlinks)", r.refused_links),
        ("shared identifiers (not merging)", r.shared_identifiers),
        ("profiles", r.profiles),
        ("  new / merged away / split off", f"{r.created} / {r.merged} / {r.split}"),
        ("households", r.households),
        ("model", r.model),
        ("seconds", round(sum(r.seconds.values()), 1)),
    ]
    for label, value in rows:
        table.add_row(label, f"{value:,}" if isinstance(value, int) else str(value))
    out.print(table)


def resolve(
    workspace: WorkspaceOpt = Path("."),
    retrain: Annotated[bool, typer.Option(help="Train the matching model again.")] = False,
) -> None:
    """(Re)build the identity graph and profile membership."""
    with Workspace.open(workspace) as ws:
        print_resolve(run_resolve(ws, retrain))


def explain(
    ref_a: Annotated[
        str | None, typer.Argument(help="source:record_id, namespace:value or a profile id.")
    ] = None,
    ref_b: Annotated[str | None, typer.Argument(help="The other reference.")] = None,
    workspace: WorkspaceOpt = Path("."),
    model: Annotated[bool, typer.Option(help="Export the model's match-weights chart.")] = False,
    out_file: Annotated[Path | None, typer.Option("--out", help="Chart file (HTML).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Why two records are (or are not) the same person; or the model chart (--model)."""
    with Workspace.open(workspace) as ws:
        if model:
            target = out_file or Path("model.html")
            ws.model_chart(target)
            out.print(f"Wrote the model's match-weights chart to {target}")
            return
        if ref_a is None or ref_b is None:
            raise typer.BadParameter("give two references, or --model")
        e = ws.explain(ref_a, ref_b)
    if as_json:
        payload: dict[str, Any] = {
            "a": {"ref": e.a.ref, "profile_id": e.a.profile_id, "records": e.a.records},
            "b": {"ref": e.b.ref, "profile_id": e.b.profile_id, "records": e.b.records},
            "same_profile": e.same_profile,
            "path": e.path,
            "refused": e.refused,
            "shared_identifiers": e.shared_identifiers,
            "manual": e.manual,
            "score": e.score,
        }
        out.print_json(json.dumps(payload, default=str))
        return
    verdict = "[green]the same person[/]" if e.same_profile else "[yellow]different profiles[/]"
    out.print(f"{e.a.ref} ({e.a.profile_id}) and {e.b.ref} ({e.b.profile_id}): {verdict}")
    if e.path:
        out.print("Chain of accepted links:")
        for step in e.path:
            why = (
                f"same {step['namespace']} {step['match_key']}"
                if step["kind"] == "identifier"
                else f"match weight {step['match_weight']:.1f}"
                if step["kind"] == "probabilistic"
                else "manual link"
            )
            out.print(
                f"  {step['a_source']}:{step['a_record_id']} — "
                f"{step['b_source']}:{step['b_record_id']}  ({why})"
            )
    for r in e.refused:
        out.print(
            f"Refused link {r['a_source']}:{r['a_record_id']} — {r['b_source']}:"
            f"{r['b_record_id']} ({r['kind']}): {r['reason']}"
        )
    for s in e.shared_identifiers:
        out.print(f"Shared identifier {s['namespace']} {s['value']}: {s['reason']}")
    for m in e.manual:
        out.print(
            f"Manual {m['decision']}: {m['a_source']}:{m['a_record_id']} — "
            f"{m['b_source']}:{m['b_record_id']}"
        )
    if e.score:
        s = e.score
        table = Table(
            title=f"Model score of {s['left']} vs {s['right']}: match weight "
            f"{s['match_weight']} (probability {s['match_probability']})"
        )
        table.add_column("comparison")
        table.add_column("contribution", justify="right")
        for name, value in s["contributions"].items():
            table.add_row(name, f"{value:+.2f}")
        out.print(table)


def _decide(
    decision: str, ref_a: str, ref_b: str, workspace: Path, apply: bool, note: str | None
) -> None:
    with Workspace.open(workspace) as ws:
        ws.decide(ref_a, ref_b, decision, note)
        out.print(f"Stored: {decision} {ref_a} {ref_b}.")
        if apply:
            print_resolve(run_resolve(ws, False))
        else:
            out.print("It applies from the next 'tessera resolve'.")


# The arguments of link / unlink (Typer reads each command's own signature).
RefA = Annotated[str, typer.Argument(help="A record, identifier or profile.")]
RefB = Annotated[str, typer.Argument(help="Another one.")]
ResolveNow = Annotated[bool, typer.Option("--resolve/--no-resolve", help="Re-resolve right away.")]
DecisionNote = Annotated[str | None, typer.Option(help="Why (kept with the decision).")]


def link(
    ref_a: RefA,
    ref_b: RefB,
    workspace: WorkspaceOpt = Path("."),
    resolve_now: ResolveNow = True,
    note: DecisionNote = None,
) -> None:
    """Manual must-link: these two are the same person (survives every re-run)."""
    _decide("link", ref_a, ref_b, workspace, resolve_now, note)


def unlink(
    ref_a: RefA,
    ref_b: RefB,
    workspace: WorkspaceOpt = Path("."),
    resolve_now: ResolveNow = True,
    note: DecisionNote = None,
) -> None:
    """Manual cannot-link: these two are different people (survives every re-run)."""
    _decide("unlink", ref_a, ref_b, workspace, resolve_now, note)


@export_app.command("identities")
def export_identities(
    out_file: Annotated[Path, typer.Option("--out", help="CSV file to write.")],
    workspace: WorkspaceOpt = Path("."),
) -> None:
    """Every record and event with its profile: source, source_record_id, profile_id."""
    with Workspace.open(workspace) as ws:
        table = ws.identities()
    with out_file.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["source", "source_record_id", "profile_id"])
        for batch in table.to_batches(100_000):
            cols = [batch.column(i).to_pylist() for i in range(3)]
            writer.writerows(zip(*cols, strict=True))
    out.print(f"Wrote {table.num_rows:,} rows to {out_file}")
