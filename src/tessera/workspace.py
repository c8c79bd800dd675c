"""The one façade: a workspace folder (``tessera.yaml`` + one DuckDB file) and its use-cases.

The CLI, the HTTP API and the web UI are thin layers over :class:`Workspace`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from importlib import resources
from pathlib import Path
from types import TracebackType
from typing import Any

import pyarrow as pa

from tessera.config import CONFIG_FILE, WorkspaceConfig, load_config
from tessera.engines.base import Engine
from tessera.errors import ConfigError, ReferenceNotFound, TesseraError, WorkspaceError
from tessera.pipeline.collect import inbox as collect_inbox
from tessera.pipeline.collect import keys as collect_keys
from tessera.pipeline.ingest import ImportResult, ProgressCallback, import_source
from tessera.pipeline.resolve.explain import Explanation, explain
from tessera.pipeline.resolve.refs import resolve_ref
from tessera.pipeline.resolve.resolver import ResolveProgress, ResolveResult, resolve
from tessera.pipeline.unify.documents import catch_up_documents, write_documents
from tessera.pipeline.unify.golden import (
    GoldenResult,
    build_golden,
    changed_profiles,
    mark_unified,
)
from tessera.pipeline.unify.incremental import unify_profiles
from tessera.pipeline.unify.lookups import drop_deltas
from tessera.pipeline.unify.traits import build_traits
from tessera.pipeline.unify.view import profile_id_for, profile_view, search, timeline


@dataclass(frozen=True, slots=True)
class SourceStatus:
    """The state of one declared source."""

    source: str
    kind: str
    records: int
    last_import: datetime | None
    last_status: str | None
    last_rejected: int
    quality_issues: int
    message: str | None


@dataclass(frozen=True, slots=True)
class ImportFailure:
    """A source that could not be imported, and the one-line reason."""

    source: str
    message: str


def _open_engine(folder: Path, config: WorkspaceConfig, threads: int | None = None) -> Engine:
    from tessera.engines.duckdb import DuckDBEngine

    return DuckDBEngine(
        folder / config.storage.path,
        memory_limit=config.storage.memory_limit,
        threads=threads or config.storage.threads,
        checkpoint_threshold=config.storage.checkpoint_threshold,
    )


class Workspace:
    """An opened workspace. Use as a context manager, or call :meth:`close`."""

    def __init__(self, folder: Path, config: WorkspaceConfig, engine: Engine) -> None:
        self.folder = folder
        self.config = config
        self.engine = engine

    # -- lifecycle ---------------------------------------------------------------------------
    @classmethod
    def open(cls, folder: Path | str = ".", *, threads: int | None = None) -> Workspace:
        """Open the workspace in ``folder`` (its ``tessera.yaml`` is validated first);
        ``threads`` overrides ``storage.threads`` for this process."""
        path = Path(folder).resolve()
        if not (path / CONFIG_FILE).is_file():
            raise WorkspaceError(
                f"{path}: no {CONFIG_FILE} here (create one with 'tessera init' or pass -w)"
            )
        config = load_config(path)
        return cls(path, config, _open_engine(path, config, threads))

    @staticmethod
    def init(folder: Path | str, name: str | None = None) -> Path:
        """Create a workspace folder with a commented ``tessera.yaml``; return its path."""
        path = Path(folder).resolve()
        target = path / CONFIG_FILE
        if target.exists():
            raise WorkspaceError(f"{target}: already exists")
        path.mkdir(parents=True, exist_ok=True)
        (path / "data").mkdir(exist_ok=True)
        template = resources.files("tessera").joinpath("templates/tessera.yaml").read_text("utf-8")
        target.write_text(template.replace("{name}", name or path.name), encoding="utf-8")
        return target

    def close(self) -> None:
        """Release the database file."""
        self.engine.close()

    def __enter__(self) -> Workspace:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    # -- use-cases -----------------------------------------------------------------------------
    def import_sources(
        self,
        names: list[str] | None = None,
        *,
        force: bool = False,
        progress: ProgressCallback | None = None,
    ) -> tuple[list[ImportResult], list[ImportFailure]]:
        """Import the named sources (all by default); a failing source does not stop the rest."""
        chosen = names or self.config.file_sources()
        unknown = [n for n in chosen if n not in self.config.file_sources()]
        if unknown:
            if unknown[0] in self.config.sources:
                raise ConfigError(
                    f"source '{unknown[0]}' is fed by the event API ('tessera serve'), not imported"
                )
            known = ", ".join(self.config.file_sources()) or "none declared"
            raise ConfigError(f"unknown source '{unknown[0]}' (sources: {known})")
        results: list[ImportResult] = []
        failures: list[ImportFailure] = []
        for name in chosen:
            try:
                results.append(
                    import_source(
                        self.engine, self.config, self.folder, name, force=force, progress=progress
                    )
                )
            except TesseraError as exc:
                failures.append(ImportFailure(name, str(exc)))
        return results, failures

    def resolve(
        self, *, retrain: bool = False, progress: ResolveProgress | None = None
    ) -> ResolveResult:
        """(Re)build the identity graph and profile membership over every record and event."""
        return resolve(self.engine, self.config, retrain=retrain, progress=progress)

    def process_events(self) -> int:
        """Process the event-API messages stored and not processed yet (what ``tessera serve``
        does continuously); return how many."""
        from tessera.pipeline.realtime import InboxProcessor

        return sum(b.messages for b in InboxProcessor(self.engine, self.config).run_until_idle())

    def resolved_before(self) -> bool:
        """Whether identities were resolved at least once (incremental runs need a base)."""
        return bool(self.engine.fetchall("SELECT count(*) FROM resolution_runs")[0][0])

    def resolve_changes(self, import_ids: list[int]) -> ResolveResult | None:
        """Resolve incrementally the records these imports inserted or changed (only the
        identity-graph components holding them), then bring the golden records and traits of
        the affected profiles up to date. None when no resolution ran before (run a full
        :meth:`resolve` first) or nothing changed."""
        if not self.resolved_before():
            return None
        self.engine.register_arrow(
            "ws_import_ids", pa.table({"import_id": pa.array(import_ids, pa.int64())})
        )
        try:
            self.engine.execute(
                "CREATE OR REPLACE TEMP TABLE ws_changed AS SELECT source, record_id FROM records "
                "WHERE import_id IN (SELECT import_id FROM ws_import_ids)"
            )
        finally:
            self.engine.unregister("ws_import_ids")
        if not self.engine.fetchall("SELECT count(*) FROM ws_changed")[0][0]:
            return None
        result = resolve(self.engine, self.config, changed="ws_changed")
        unify_profiles(
            self.engine, self.config, result.profile_ids or [], members=result.members_table
        )
        catch_up_documents(self.engine)
        self.engine.execute("DROP TABLE IF EXISTS ws_changed")
        return result

    def identities(self) -> pa.Table:
        """Every record and event with its profile: columns source, record_id, profile_id."""
        return self.engine.fetch_arrow(
            "SELECT r.source, r.record_id, m.profile_id FROM records r "
            "LEFT JOIN profile_members m USING (source, record_id) "
            "ORDER BY r.source, r.record_id"
        )

    def unify(
        self, *, as_of: datetime | None = None, full: bool = False
    ) -> tuple[GoldenResult, int]:
        """Golden records (with lineage) and computed traits.

        Golden values are recomputed only for profiles whose records changed since the last
        run, or whose membership changed in a resolution since then (``full`` rebuilds all;
        a test holds both give the same table). Traits are recomputed for every profile:
        windows such as "last 90 days" move with time.
        """
        changed = None if full else changed_profiles(self.engine)
        golden = build_golden(self.engine, self.config, changed)
        traits = build_traits(self.engine, self.config.profiles.all_traits(), as_of=as_of)
        drop_deltas(self.engine)  # an incremental golden run's rows: not needed here
        write_documents(self.engine)  # every profile: traits move with time
        mark_unified(self.engine)
        return golden, traits

    def profile(self, ref: str) -> dict[str, Any]:
        """The 360° view of the profile a reference designates (old merged ids redirect)."""
        return profile_view(self.engine, self.config, ref)

    def timeline(self, ref: str, **filters: Any) -> list[dict[str, Any]]:
        """A profile's events, newest first; filters: event_type, channel, since, until,
        limit, offset."""
        pid, _ = profile_id_for(self.engine, self.config, ref)
        return timeline(self.engine, pid, **filters)

    def search(self, query: str, limit: int = 20) -> list[dict[str, Any]]:
        """Profiles by e-mail, phone or name (typo-tolerant), best first."""
        return search(self.engine, self.config, query, limit)

    def explain(self, ref_a: str, ref_b: str) -> Explanation:
        """Why two records / identifiers / profiles are (or are not) the same person."""
        return explain(self.engine, self.config, ref_a, ref_b)

    def decide(self, ref_a: str, ref_b: str, decision: str, note: str | None = None) -> None:
        """Store a manual must-link (``link``) or cannot-link (``unlink``); it survives every
        re-run and replaces any earlier decision on the same pair."""
        if decision not in ("link", "unlink"):
            raise ValueError(f"decision must be 'link' or 'unlink', not {decision!r}")
        a = resolve_ref(self.engine, self.config, ref_a).records[0]
        b = resolve_ref(self.engine, self.config, ref_b).records[0]
        if a == b:
            raise ReferenceNotFound(f"{ref_a} and {ref_b} are the same record")
        with self.engine.transaction():
            self.engine.execute(
                "DELETE FROM manual_links WHERE (a_source = ? AND a_record_id = ? AND "
                "b_source = ? AND b_record_id = ?) OR (a_source = ? AND a_record_id = ? AND "
                "b_source = ? AND b_record_id = ?)",
                [*a, *b, *b, *a],
            )
            self.engine.execute(
                "INSERT INTO manual_links VALUES (?, ?, ?, ?, ?, now(), ?)",
                [*a, *b, decision, note],
            )

    # -- the event API: keys, quarantine, counts -------------------------------------------
    def create_api_key(
        self, scope: str, source: str | None = None, note: str | None = None
    ) -> tuple[collect_keys.ApiKey, str]:
        """Create an API key (write keys name their source, ``api`` by default); return it with
        the whole key text, which is shown once and never stored (only its sha256 is)."""
        if scope == "write" and source is None:
            source = self.config.stream_sources()[0]
        if scope == "write" and source not in self.config.stream_sources():
            streams = ", ".join(self.config.stream_sources())
            raise ConfigError(
                f"source '{source}' is not fed by the event API (declare it in tessera.yaml "
                f"with 'format: segment'; event-API sources: {streams})"
            )
        return collect_keys.create_key(self.engine, scope, source, note)

    def api_keys(self) -> list[collect_keys.ApiKey]:
        """Every API key, revoked ones included (never their secrets)."""
        return collect_keys.list_keys(self.engine)

    def revoke_api_key(self, key_id: str) -> collect_keys.ApiKey:
        """Revoke an API key by its id."""
        return collect_keys.revoke_key(self.engine, key_id)

    def quarantined_events(
        self, *, include_replayed: bool = False, limit: int = 100
    ) -> list[dict[str, Any]]:
        """Messages of accepted requests that failed validation: raw payload and reason."""
        return collect_inbox.quarantined(
            self.engine, include_replayed=include_replayed, limit=limit
        )

    def replay_quarantine(self, ids: list[int] | None = None) -> list[collect_inbox.ReplayOutcome]:
        """Validate quarantined messages again (all pending ones when ``ids`` is None) and
        store those that pass now."""
        return collect_inbox.replay(self.engine, ids)

    def event_stats(self) -> dict[str, Any]:
        """Collected messages: stored, duplicates, quarantined, rejected by reason."""
        return collect_inbox.stats(self.engine)

    def model_chart(self, out: Path) -> None:
        """Write the saved Splink model's match-weights chart as an HTML file."""
        from tessera.pipeline.resolve import matching

        model = matching.load_model(self.engine)
        if model is None:
            raise ReferenceNotFound("no trained model yet (run 'tessera resolve')")
        matching.model_chart(self.engine, model, str(out))

    def status(self) -> list[SourceStatus]:
        """Per declared source: current records, last import, its rejects, open quality issues."""
        rows = {
            r[0]: r[1:]
            for r in self.engine.fetchall(
                "WITH last AS (SELECT * FROM imports WHERE status <> 'running' "
                "QUALIFY row_number() OVER (PARTITION BY source ORDER BY import_id DESC) = 1), "
                "last_data AS (SELECT * FROM imports WHERE status = 'ok' "
                "QUALIFY row_number() OVER (PARTITION BY source ORDER BY import_id DESC) = 1), "
                "recs AS (SELECT source, count(*) AS n FROM records GROUP BY source), "
                "qi AS (SELECT source, count(*) AS n FROM quality_issues GROUP BY source) "
                "SELECT l.source, coalesce(recs.n, 0), l.finished_at, l.status, "
                "coalesce(ld.rejected, 0), coalesce(qi.n, 0), l.message FROM last l "
                "LEFT JOIN last_data ld USING (source) LEFT JOIN recs USING (source) "
                "LEFT JOIN qi USING (source)"
            )
        }
        out = []
        for name, src in self.config.sources.items():
            r = rows.get(name)
            out.append(
                SourceStatus(
                    source=name,
                    kind="event API" if src.format == "segment" else src.kind.value,
                    records=int(r[0]) if r else 0,
                    last_import=r[1] if r else None,
                    last_status=r[2] if r else None,
                    last_rejected=int(r[3]) if r else 0,
                    quality_issues=int(r[4]) if r else 0,
                    message=r[5] if r else None,
                )
            )
        return out

    def quality_issues(self, source: str | None = None, limit: int = 50) -> list[dict[str, Any]]:
        """Current data-quality issues (source, record id, row, field, raw value, reason)."""
        return self.engine.fetch_dicts(
            "SELECT source, record_id, row_number, field, column_name, raw_value, reason "
            "FROM quality_issues WHERE (? IS NULL OR source = ?) "
            "ORDER BY source, row_number, field LIMIT ?",
            [source, source, limit],
        )

    def rejected_rows(self, source: str | None = None, limit: int = 50) -> list[dict[str, Any]]:
        """Rows of the latest import of each source that could not be imported, with reasons."""
        return self.engine.fetch_dicts(
            "SELECT r.source, r.row_number, r.reason, r.raw FROM rejected_rows r "
            "JOIN (SELECT source, max(import_id) AS import_id FROM imports WHERE status = 'ok' "
            "GROUP BY source) l USING (source, import_id) "
            "WHERE (? IS NULL OR r.source = ?) ORDER BY r.source, r.row_number LIMIT ?",
            [source, source, limit],
        )

    def counts(self) -> dict[str, int]:
        """Headline numbers: person records, events, identifiers, quality issues."""
        row = self.engine.fetchall(
            "SELECT (SELECT count(*) FROM records WHERE kind = 'person'), "
            "(SELECT count(*) FROM records WHERE kind = 'event'), "
            "(SELECT count(*) FROM identifiers WHERE status = 'valid'), "
            "(SELECT count(DISTINCT namespace || ':' || match_key) FROM identifiers "
            "WHERE status = 'valid'), (SELECT count(*) FROM quality_issues)"
        )[0]
        keys = ("person_records", "events", "identifiers", "distinct_identifiers", "quality_issues")
        return dict(zip(keys, (int(v) for v in row), strict=True))
