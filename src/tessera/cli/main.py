"""The ``tessera`` command line: a thin layer over :class:`tessera.workspace.Workspace`.

Errors become one line on stderr here, in :func:`main`, and nowhere else.
"""

from __future__ import annotations

import os
import shutil
import sys
import time
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from tessera import __version__
from tessera.cli import allocator, events, identity, profiles, serve
from tessera.cli.common import WorkspaceOpt, err, out
from tessera.errors import AmbiguousReference, TesseraError, WorkspaceError
from tessera.pipeline.ingest import STAGES, ImportResult
from tessera.workspace import ImportFailure, Workspace

app = typer.Typer(
    name="tessera",
    help="Tessera: one accurate, always-current profile per real person.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
app.command()(identity.resolve)
app.command()(identity.explain)
app.command()(identity.link)
app.command()(identity.unlink)
app.command()(profiles.profile)
app.command()(profiles.search)
identity.export_app.command("profiles")(profiles.export_profiles)
app.add_typer(identity.export_app, name="export")
app.command()(serve.serve)
app.add_typer(serve.keys_app, name="keys")
app.add_typer(events.events_app, name="events")
DEMO_MARKER = ".tessera-demo"


def _version(value: bool) -> None:
    if value:
        out.print(f"tessera {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show version.")
    ] = False,
) -> None:
    """Tessera: one accurate, always-current profile per real person."""


@app.command()
def init(
    folder: Annotated[Path, typer.Argument(help="Folder to create the workspace in.")],
    name: Annotated[str | None, typer.Option(help="Workspace name.")] = None,
) -> None:
    """Scaffold a workspace folder with a commented tessera.yaml."""
    path = Workspace.init(folder, name)
    out.print(f"Created [bold]{path}[/]. Declare your sources in it, then run 'tessera import'.")


@app.command("import")
def import_(
    sources: Annotated[list[str] | None, typer.Argument(help="Sources (all by default).")] = None,
    workspace: WorkspaceOpt = Path("."),
    force: Annotated[bool, typer.Option(help="Re-import files even if unchanged.")] = False,
) -> None:
    """Import declared sources: read, standardize and store them, with progress bars."""
    with Workspace.open(workspace) as ws:
        results, failures = _run_imports(ws, sources or None, force)
    _print_imports(results, failures)
    if failures:
        raise typer.Exit(1)


def _run_imports(
    ws: Workspace, names: list[str] | None, force: bool
) -> tuple[list[ImportResult], list[ImportFailure]]:
    chosen = names or ws.config.file_sources()
    columns = (
        SpinnerColumn(),
        TextColumn("{task.description:<18}"),
        BarColumn(),
        TextColumn("{task.fields[stage]:<12}"),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=err, transient=False, disable=not err.is_terminal) as bar:
        tasks = {n: bar.add_task(n, total=len(STAGES), stage="waiting") for n in chosen}

        def progress(source: str, stage: str, index: int) -> None:
            if source in tasks:
                bar.update(tasks[source], completed=index, stage=stage)

        results, failures = ws.import_sources(names, force=force, progress=progress)
        for r in results:
            bar.update(tasks[r.source], completed=len(STAGES), stage=r.status)
        for f in failures:
            bar.update(tasks[f.source], stage="failed")
    return results, failures


def _print_imports(results: list[ImportResult], failures: list[ImportFailure]) -> None:
    table = Table(title="Import", show_lines=False)
    for col in (
        "source",
        "status",
        "read",
        "inserted",
        "updated",
        "unchanged",
        "rejected",
        "quality issues",
        "seconds",
    ):
        table.add_column(col, justify="left" if col in ("source", "status") else "right")
    for r in results:
        table.add_row(
            r.source,
            r.status,
            f"{r.rows_read:,}",
            f"{r.inserted:,}",
            f"{r.updated:,}",
            f"{r.unchanged:,}",
            f"{r.rejected:,}",
            f"{r.quality_issues:,}",
            f"{r.seconds:.1f}",
        )
    for f in failures:
        table.add_row(f.source, "[red]failed[/]", *([""] * 7))
    out.print(table)
    for f in failures:
        err.print(f"[red]error:[/] {f.message}", highlight=False, soft_wrap=True)


@app.command()
def run(
    workspace: WorkspaceOpt = Path("."),
    retrain: Annotated[bool, typer.Option(help="Train the matching model again.")] = False,
    full: Annotated[
        bool, typer.Option("--full", help="Resolve everything again, not only what changed.")
    ] = False,
) -> None:
    """The whole job: import every source, resolve identities (after the first run, only the
    records that changed and the profiles they touch), then process event-API messages left
    waiting (when no server ran)."""
    with Workspace.open(workspace) as ws:
        results, failures = _run_imports(ws, None, False)
        _print_imports(results, failures)
        changed = [r.import_id for r in results if r.status == "ok" and (r.inserted or r.updated)]
        if full or retrain or not ws.resolved_before():
            identity.print_resolve(identity.run_resolve(ws, retrain))
        elif not changed:
            out.print("Nothing changed since the last run: profiles are up to date.")
        else:
            result = ws.resolve_changes(changed)
            if result is not None:
                identity.print_resolve(result)
        if events := ws.process_events():
            out.print(f"{events:,} event-API messages processed into profiles.")
    if failures:
        raise typer.Exit(1)


@app.command()
def status(workspace: WorkspaceOpt = Path(".")) -> None:
    """Per source: records, last import, rejected rows, quality issues."""
    with Workspace.open(workspace) as ws:
        rows = ws.status()
        counts = ws.counts()
    table = Table(title=f"Workspace {workspace.resolve().name}")
    for col in ("source", "kind", "records", "last import", "status", "rejected", "quality issues"):
        table.add_column(
            col, justify="right" if col in ("records", "rejected", "quality issues") else "left"
        )
    for s in rows:
        when = s.last_import.strftime("%Y-%m-%d %H:%M:%S") if s.last_import else "never"
        table.add_row(
            s.source,
            s.kind,
            f"{s.records:,}",
            when,
            s.last_status or "-",
            f"{s.last_rejected:,}",
            f"{s.quality_issues:,}",
        )
    out.print(table)
    out.print(
        f"{counts['person_records']:,} person records, {counts['events']:,} events, "
        f"{counts['identifiers']:,} identifiers ({counts['distinct_identifiers']:,} distinct)."
    )


@app.command()
def quality(
    source: Annotated[str | None, typer.Argument(help="Only this source.")] = None,
    workspace: WorkspaceOpt = Path("."),
    limit: Annotated[int, typer.Option(help="At most this many rows.")] = 50,
    rejected: Annotated[bool, typer.Option(help="Show rejected rows instead.")] = False,
) -> None:
    """List data-quality issues (or rejected rows) with file row, field and reason."""
    with Workspace.open(workspace) as ws:
        rows = ws.rejected_rows(source, limit) if rejected else ws.quality_issues(source, limit)
    if not rows:
        out.print("No rejected rows." if rejected else "No quality issues.")
        return
    table = Table()
    for col in rows[0]:
        table.add_column(col, overflow="fold")
    for r in rows:
        table.add_row(*("" if v is None else str(v) for v in r.values()))
    out.print(table)


@app.command()
def demo(
    persons: Annotated[int, typer.Option(min=10, help="How many real people to simulate.")] = 2000,
    seed: Annotated[int, typer.Option(help="Random seed (same seed, same data).")] = 42,
    folder: Annotated[
        Path, typer.Option("--dir", help="Where to write the demo workspace.")
    ] = Path("tessera-demo"),
) -> None:
    """Generate a realistic multi-source demo workspace and run the pipeline on it."""
    from tessera.demo.generator import generate_workspace

    folder = folder.resolve()
    if folder.exists():
        if not (folder / DEMO_MARKER).exists():
            raise WorkspaceError(f"{folder}: exists and is not a Tessera demo; choose --dir")
        shutil.rmtree(folder)
    started = time.perf_counter()
    with err.status(f"Generating {persons:,} people and their records..."):
        summary = generate_workspace(folder, persons=persons, seed=seed)
    (folder / DEMO_MARKER).write_text("generated by 'tessera demo'; safe to delete\n")
    out.print(
        f"Demo workspace [bold]{folder}[/] ({sum(summary.files.values()):,} rows in "
        f"{len(summary.files)} sources)"
    )
    with Workspace.open(folder) as ws:
        results, failures = _run_imports(ws, None, False)
        _print_imports(results, failures)
        resolved = identity.run_resolve(ws, False)
        counts = ws.counts()
        accuracy = _demo_accuracy(ws, folder)
    identity.print_resolve(resolved)
    out.print(
        f"{counts['person_records']:,} person records and {counts['events']:,} events carrying "
        f"{counts['identifiers']:,} identifiers ({counts['distinct_identifiers']:,} distinct); "
        f"{counts['quality_issues']:,} quality issues flagged; "
        f"{resolved.profiles:,} profiles ({summary.persons:,} real people simulated). "
        f"Done in {time.perf_counter() - started:.1f} s."
    )
    out.print(accuracy)
    out.print(
        f"Next: tessera profile email:... -w {folder}  |  tessera explain REF_A REF_B  |  "
        f"tessera search NAME  |  tessera export identities --out ids.csv"
    )
    if failures:
        raise typer.Exit(1)


def _demo_accuracy(ws: Workspace, folder: Path) -> str:
    """How the resolution compares with the generator's ground truth (truth/records.csv)."""
    import csv

    from tessera.evaluation import cluster_metrics

    with (folder / "truth" / "records.csv").open(encoding="utf-8") as fh:
        truth = {(r["source"], r["record_id"]): r["person_id"] for r in csv.DictReader(fh)}
    table = ws.identities()
    predicted = {
        (s, r): p for s, r, p in zip(*(table.column(i).to_pylist() for i in range(3)), strict=True)
    }
    kinds = dict(
        ((s, r), k) for s, r, k in ws.engine.fetchall("SELECT source, record_id, kind FROM records")
    )
    persons = {k: v for k, v in predicted.items() if kinds.get(k) == "person"}
    m_all, m_persons = cluster_metrics(predicted, truth), cluster_metrics(persons, truth)
    return (
        "Against the generator's ground truth — person records: precision "
        f"{m_persons.precision:.4f}, recall {m_persons.recall:.4f}; all records and events: "
        f"precision {m_all.precision:.4f}, recall {m_all.recall:.4f} (anonymous devices that "
        "never logged in cannot be attributed)."
    )


def main() -> None:
    """Console entry point: run the app, turning every expected error into one line.

    Typer itself reports usage errors; anything Tessera raises on purpose is a
    :class:`TesseraError` whose text is the whole message (exit code 1; 3 for a reference
    that several profiles carry, so that scripts can tell "pick one" from "not found").
    """
    try:
        allocator.reexec_under_jemalloc()  # `tessera serve` only; returns when not applicable
        app()
    except AmbiguousReference as exc:
        err.print(f"[red]error:[/] {exc}", highlight=False, soft_wrap=True)
        sys.exit(3)
    except TesseraError as exc:
        err.print(f"[red]error:[/] {exc}", highlight=False, soft_wrap=True)
        sys.exit(1)
    except KeyboardInterrupt:
        sys.exit(130)
    except Exception as exc:  # a bug, not bad input: still one line unless debugging
        if os.environ.get("TESSERA_DEBUG"):
            raise
        first = (str(exc).strip().splitlines() or [""])[0]
        err.print(
            f"[red]internal error:[/] {type(exc).__name__}: {first} "
            "(set TESSERA_DEBUG=1 for the traceback, and please report it)",
            highlight=False,
            soft_wrap=True,
        )
        sys.exit(2)


if __name__ == "__main__":
    main()
