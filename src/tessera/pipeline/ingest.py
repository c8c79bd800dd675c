"""Import one source: read -> stage -> standardize -> upsert, recorded in ``imports``.

A file that cannot be read, or whose mapping names a missing column, fails before anything is
written. Bad rows never abort an import: they are rejected (no usable id) or imported with the
failing field flagged. Re-importing an unchanged file is recorded as ``skipped`` and changes
nothing.
"""

from __future__ import annotations

import hashlib
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa

from tessera.config import SourceConfig, WorkspaceConfig
from tessera.connectors import open_source
from tessera.connectors.sources import describe_url, source_path
from tessera.engines.base import Engine, FileScan, StagedTable
from tessera.errors import TesseraError
from tessera.pipeline import staging
from tessera.pipeline.cleaning import FIELD_ISSUES, STD, standardize_fields
from tessera.pipeline.identifiers import IDS, standardize_identifiers
from tessera.pipeline.staging import Canonical
from tessera.pipeline.standardize import JunkMatcher
from tessera.pipeline.store import store_rejects, upsert

#: Stages reported to a progress callback, in order.
STAGES = ("read", "check", "standardize", "store")

ProgressCallback = Callable[[str, str, int], None]
"""Called as ``progress(source, stage, stage_index)`` when a stage starts."""

_RAW = "tessera_raw"


@dataclass(frozen=True, slots=True)
class ImportResult:
    """What importing one source did."""

    source: str
    import_id: int
    status: str  # ok | skipped
    rows_read: int
    inserted: int
    updated: int
    unchanged: int
    rejected: int
    quality_issues: int
    seconds: float
    message: str = ""


def file_fingerprint(path: Path, config_hash: str) -> str:
    """sha256 of the file's bytes and the source declaration (a changed mapping re-imports)."""
    h = hashlib.sha256(config_hash.encode())
    with path.open("rb") as f:
        while chunk := f.read(1 << 20):
            h.update(chunk)
    return h.hexdigest()


def import_source(
    engine: Engine,
    config: WorkspaceConfig,
    folder: Path,
    name: str,
    *,
    force: bool = False,
    progress: ProgressCallback | None = None,
) -> ImportResult:
    """Import the source called ``name`` from ``config`` into the engine."""
    src = config.sources[name]
    started = time.perf_counter()
    tell = progress or (lambda _s, _st, _i: None)
    tell(name, "read", 0)
    location, fingerprint = _identify(src, folder)
    if not force and fingerprint:
        last = engine.fetchall(
            "SELECT import_id FROM imports WHERE source = ? AND status = 'ok' "
            "ORDER BY import_id DESC LIMIT 1",
            [name],
        )
        if last:
            same = engine.fetchall(
                "SELECT fingerprint = ? FROM imports WHERE import_id = ?", [fingerprint, last[0][0]]
            )
            if same and same[0][0]:
                return _record_skip(engine, name, location, fingerprint, last[0][0], started)

    with tempfile.TemporaryDirectory(prefix="tessera-") as scratch:
        reader = open_source(src, folder, Path(scratch))
        staged = _stage(engine, reader)
    where = location
    tell(name, "check", 1)
    staging.check_mapping(engine, staged, src, where)

    import_id = int(engine.fetchall("SELECT nextval('import_seq')")[0][0])
    engine.execute(
        "INSERT INTO imports (import_id, source, location, fingerprint, started_at, status, "
        "rows_read) VALUES (?, ?, ?, ?, now(), 'running', ?)",
        [import_id, name, location, fingerprint, staged.rows + len(staged.rejected)],
    )
    try:
        tell(name, "standardize", 2)
        standardize(engine, config, staged, src, JunkMatcher.with_defaults(config.junk))
        tell(name, "store", 3)
        with engine.transaction():
            counts = upsert(engine, name, import_id)
            rejected = store_rejects(engine, name, import_id, staged.rejected)
            engine.execute(
                "UPDATE imports SET finished_at = now(), status = 'ok', inserted = ?, "
                "updated = ?, unchanged = ?, rejected = ?, quality_issues = ? "
                "WHERE import_id = ?",
                [
                    counts.inserted,
                    counts.updated,
                    counts.unchanged,
                    rejected,
                    counts.quality_issues,
                    import_id,
                ],
            )
    except BaseException as exc:
        message = str(exc) if isinstance(exc, TesseraError) else f"{type(exc).__name__}: {exc}"
        engine.execute(
            "UPDATE imports SET finished_at = now(), status = 'failed', message = ? "
            "WHERE import_id = ?",
            [message.splitlines()[0] if message else "", import_id],
        )
        raise
    finally:
        engine.drop_tables(_RAW, *STAGE_TABLES)
    return ImportResult(
        source=name,
        import_id=import_id,
        status="ok",
        rows_read=staged.rows + len(staged.rejected),
        inserted=counts.inserted,
        updated=counts.updated,
        unchanged=counts.unchanged,
        rejected=rejected,
        quality_issues=counts.quality_issues,
        seconds=time.perf_counter() - started,
    )


#: The work tables staging and standardizing one source leaves (drop them when stored).
STAGE_TABLES = (staging.CANON, staging.REJECTS, STD, IDS, FIELD_ISSUES)


def standardize(
    engine: Engine,
    config: WorkspaceConfig,
    staged: StagedTable,
    src: SourceConfig,
    junk: JunkMatcher,
) -> Canonical:
    """Stages one and two for a staged table: canonical inputs, then standardized identifiers
    (:data:`IDS`) and fields (:data:`STD`, :data:`FIELD_ISSUES`), ready for :func:`upsert`."""
    missing = config.defaults.missing_values
    canon = staging.build_canonical(engine, staged, src, missing)
    region = src.country or config.defaults.country
    formats = src.date_formats or config.defaults.date_formats
    standardize_identifiers(engine, canon, config.namespaces(), region, missing, junk)
    standardize_fields(engine, canon, src, formats, missing)
    return canon


def _identify(src: SourceConfig, folder: Path) -> tuple[str, str | None]:
    """(where the data comes from, its fingerprint or None when it cannot be fingerprinted)."""
    config_hash = staging.config_fingerprint(src)
    if src.format == "sql":
        return describe_url(src.url or ""), None
    path = source_path(src, folder)
    return str(path), file_fingerprint(path, config_hash)


def _stage(engine: Engine, reader: FileScan | pa.Table) -> StagedTable:
    if isinstance(reader, FileScan):
        return engine.stage_file(_RAW, reader)
    return engine.stage_arrow(_RAW, reader)


def _record_skip(
    engine: Engine, name: str, location: str, fingerprint: str, previous: int, started: float
) -> ImportResult:
    import_id = int(engine.fetchall("SELECT nextval('import_seq')")[0][0])
    message = f"unchanged since import {previous}"
    engine.execute(
        "INSERT INTO imports VALUES (?, ?, ?, ?, now(), now(), 'skipped', 0, 0, 0, 0, 0, 0, ?)",
        [import_id, name, location, fingerprint, message],
    )
    return ImportResult(
        name, import_id, "skipped", 0, 0, 0, 0, 0, 0, time.perf_counter() - started, message
    )
