"""Real-time processing: messages the event API stored -> records -> profiles, in micro-batches.

The API only stores messages (``event_inbox``) before acknowledging them. This stage, run in a
loop by ``tessera serve`` (or once by ``tessera events process``), takes the messages stored
since the last batch, in acceptance order, and sends them through the same stages as a file:

1. standardize, all calls of a source in one pass (``identify`` -> person records, every
   other call -> events; the mapping is the Segment Spec's, :mod:`tessera.domain.segment`),
   and upsert by message id;
2. resolve incrementally: only the identity-graph components holding the new records
   (:func:`tessera.pipeline.resolve.resolver.resolve` with ``changed``) — an identify call
   ties the anonymous id's earlier events to the person, an alias merges, limits and
   shared-identifier rules apply as in a full run;
3. recompute golden attributes and traits of the profiles those components hold.

Each batch is one transaction, the watermark (``meta`` key ``inbox_processed_seq``)
included: readers see all of a batch or none of it, and a crash replays the whole batch.

Standardizing reads only the inbox and the configuration, so it can be done ahead on another
session: :func:`stage_batch` returns the stage tables as Arrow, :meth:`InboxProcessor.
process_staged` stores them (``tessera serve``'s staging thread, :mod:`tessera.api.processing`).
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from typing import Any

import pyarrow as pa

from tessera.config import SourceConfig, WorkspaceConfig
from tessera.domain.fields import RecordKind
from tessera.domain.segment import (
    CALL_CHANNELS,
    CALL_EVENT_TYPES,
    DEFAULT_CHANNEL,
    MAPPING,
    TRACK_EVENT_TYPES,
)
from tessera.engines.base import JSON_COLUMN, ROW_COLUMN, Engine, StagedTable
from tessera.pipeline.cleaning import FIELD_ISSUES, STD
from tessera.pipeline.identifiers import IDS
from tessera.pipeline.ingest import STAGE_TABLES, standardize
from tessera.pipeline.resolve import live_match
from tessera.pipeline.resolve.resolver import ResolveResult, resolve
from tessera.pipeline.sql import lit
from tessera.pipeline.staging import REJECTS
from tessera.pipeline.standardize import JunkMatcher
from tessera.pipeline.store import store_rejects, upsert
from tessera.pipeline.unify.incremental import unify_profiles

log = logging.getLogger("tessera.realtime")

WATERMARK_KEY = "inbox_processed_seq"
_RAW = "rt_raw"
_CHANGED = "rt_changed"
_UPDATED = "rt_updated"  # the changed records that existed before (re-sent message ids)
#: Messages taken per micro-batch at most.
DEFAULT_BATCH = 20_000


@dataclass(frozen=True, slots=True)
class BatchResult:
    """What one micro-batch did."""

    messages: int
    records: int
    profiles: int
    last_seq: int
    seconds: float
    resolution: ResolveResult | None


@dataclass(frozen=True, slots=True)
class StagedSource:
    """One source's messages of a batch, standardized: the stage tables as Arrow."""

    source: str
    rows: int
    tables: dict[str, pa.Table]


@dataclass(frozen=True, slots=True)
class StagedBatch:
    """A batch standardized ahead on another session (:func:`stage_batch`), ready to store."""

    lo: int
    """The watermark the batch starts after."""
    hi: int
    count: int
    sources: list[StagedSource]
    seconds: float


#: The stage tables a staged source carries (what :func:`~tessera.pipeline.store.upsert` and
#: :func:`~tessera.pipeline.store.store_rejects` read).
STAGED_TABLES = (STD, IDS, FIELD_ISSUES, REJECTS)


def batch_bounds(
    engine: Engine, lo: int, limit: int, until: int | None = None
) -> tuple[int, int] | None:
    """(messages, last seq) of the batch after watermark ``lo`` (at most ``limit`` messages,
    none after seq ``until``), or None when none waits."""
    count, hi = engine.fetchall(
        "SELECT count(*), max(seq) FROM (SELECT seq FROM event_inbox WHERE seq > ? "
        "AND seq <= ? ORDER BY seq LIMIT ?)",
        [lo, until if until is not None else 2**62, limit],
    )[0]
    return (int(count), int(hi)) if count else None


def standardize_messages(
    engine: Engine, config: WorkspaceConfig, junk: JunkMatcher, source: str, lo: int, hi: int
) -> int:
    """Stage and standardize ``source``'s messages in (lo, hi] into the stage tables
    (:data:`~tessera.pipeline.cleaning.STD` ...); returns how many there are. The caller
    drops the tables (:data:`~tessera.pipeline.ingest.STAGE_TABLES` and ``rt_raw``)."""
    rows = engine.write(
        f"CREATE OR REPLACE TEMP TABLE {_RAW} AS SELECT seq AS {ROW_COLUMN}, "
        f"{_STAGED_JSON} AS {JSON_COLUMN}, type = 'identify' AS person FROM event_inbox "
        "WHERE seq > ? AND seq <= ? AND source = ?",
        [lo, hi, source],
    )
    staged = StagedTable(_RAW, [JSON_COLUMN], rows, [], is_json=True)
    standardize(engine, config, staged, source_config(config, source), junk)
    engine.execute(
        f"UPDATE {STD} SET kind = 'person' WHERE row_number IN "
        f"(SELECT {ROW_COLUMN} FROM {_RAW} WHERE person)"
    )
    return rows


def stage_batch(
    engine: Engine,
    config: WorkspaceConfig,
    junk: JunkMatcher,
    lo: int,
    limit: int,
    bounds: tuple[int, int] | None = None,
) -> StagedBatch | None:
    """Standardize the batch after watermark ``lo`` on ``engine`` (a session of its own) and
    hand its stage tables over as Arrow; None when no message waits. ``bounds``: the batch's
    (messages, last seq) when the caller has just read them (:func:`batch_bounds`).

    Standardizing reads only the inbox and the configuration, never what a batch stores, so
    the server runs it for the next batch while the processor stores the current one
    (:class:`tessera.api.processing.InboxProcessing`)."""
    started = time.perf_counter()
    if bounds is None:
        bounds = batch_bounds(engine, lo, limit)
    if bounds is None:
        return None
    count, hi = bounds
    sources = []
    for (source,) in _sources(engine, lo, hi):
        try:
            rows = standardize_messages(engine, config, junk, source, lo, hi)
            tables = {t: engine.fetch_arrow(f"SELECT * FROM {t}") for t in STAGED_TABLES}
        finally:
            engine.drop_tables(_RAW, *STAGE_TABLES)
        sources.append(StagedSource(source, rows, tables))
    return StagedBatch(lo, hi, count, sources, time.perf_counter() - started)


def merge_staged(chunks: list[StagedBatch]) -> StagedBatch:
    """Consecutive staged chunks as one batch (a source's tables concatenated)."""
    if len(chunks) == 1:
        return chunks[0]
    parts: dict[str, list[StagedSource]] = {}
    for chunk in chunks:
        for part in chunk.sources:
            parts.setdefault(part.source, []).append(part)
    sources = [
        StagedSource(
            source,
            sum(p.rows for p in same),
            {t: pa.concat_tables([p.tables[t] for p in same]) for t in same[0].tables},
        )
        for source, same in sorted(parts.items())
    ]
    return StagedBatch(
        chunks[0].lo,
        chunks[-1].hi,
        sum(c.count for c in chunks),
        sources,
        sum(c.seconds for c in chunks),
    )


def _sources(engine: Engine, lo: int, hi: int) -> list[tuple[Any, ...]]:
    return engine.fetchall(
        "SELECT DISTINCT source FROM event_inbox WHERE seq > ? AND seq <= ? ORDER BY ALL",
        [lo, hi],
    )


def source_config(config: WorkspaceConfig, source: str) -> SourceConfig:
    """How the messages of ``source`` are read: the Segment mapping, with the trust, country
    and date formats of a source of that name declared in ``tessera.yaml``."""
    declared = config.sources.get(source)
    return SourceConfig(
        kind=RecordKind.EVENT,  # identify calls are turned into persons after standardizing
        format="json",
        path="-",
        id="messageId",
        mapping=MAPPING,
        trust=declared.trust if declared else 5,
        country=declared.country if declared else None,
        date_formats=declared.date_formats if declared else None,
    )


def _case(column: str, mapping: dict[str, str], default: str) -> str:
    whens = " ".join(f"WHEN {lit(k)} THEN {lit(v)}" for k, v in mapping.items())
    return f"CASE {column} {whens} ELSE {default} END"


#: SQL over ``event_inbox``: the message with Tessera's computed fields under ``_tessera``.
_STAGED_JSON = (
    "json_merge_patch(payload, json_object('_tessera', json_object("
    "'event_time', event_time, "
    "'event_type', CASE type WHEN 'identify' THEN NULL WHEN 'track' THEN "
    + _case("lower(payload->>'$.event')", TRACK_EVENT_TYPES, "lower(payload->>'$.event')")
    + " ELSE "
    + _case("type", CALL_EVENT_TYPES, "type")
    + " END, 'channel', CASE WHEN type <> 'identify' THEN "
    "coalesce(payload->>'$.properties.channel', "
    + _case("type", CALL_CHANNELS, lit(DEFAULT_CHANNEL))
    + ") END, "
    "'traits', CASE WHEN type = 'identify' THEN payload->'$.traits' END, "
    "'group', CASE WHEN type = 'group' THEN payload->'$.traits' END)))::VARCHAR"
)


class InboxProcessor:
    """Processes stored messages in micro-batches. One instance per engine session/thread."""

    def __init__(
        self, engine: Engine, config: WorkspaceConfig, *, batch_size: int = DEFAULT_BATCH
    ) -> None:
        self.engine = engine
        self.config = config
        self.batch_size = batch_size
        self._imports: dict[str, int] = {}
        self._junk = JunkMatcher.with_defaults(config.junk)

    def watermark(self) -> int:
        """The last message sequence number processed."""
        rows = self.engine.fetchall("SELECT value FROM meta WHERE key = ?", [WATERMARK_KEY])
        return int(rows[0][0]) if rows else 0

    def pending(self) -> int:
        """Messages stored and not processed yet."""
        return int(
            self.engine.fetchall(
                "SELECT count(*) FROM event_inbox WHERE seq > ?", [self.watermark()]
            )[0][0]
        )

    def run_until_idle(self) -> list[BatchResult]:
        """Process micro-batches until no message is waiting."""
        done = []
        while (result := self.process_batch()) is not None:
            done.append(result)
        return done

    def process_batch(self, until: int | None = None) -> BatchResult | None:
        """Process the next micro-batch, or return None when no message is waiting.

        A batch that fails is taken again one message at a time, and a message that fails
        on its own is moved to the quarantine with the error (``tessera events quarantine``
        lists and replays it): one bad message never stops the stream. ``until``: take no
        message after that sequence number (the server's staging thread has the rest).
        """
        try:
            return self._batch(self.batch_size, until)
        except Exception as exc:  # isolate the failing message(s); nothing is dropped
            log.warning("a batch failed (%s); retrying its messages one by one", exc)
        first = self._batch_bounds(self.batch_size, until)
        if first is None:
            return None
        results = []
        for _ in range(first[0]):
            try:
                result = self._batch(1, until)
            except Exception as exc:
                self._quarantine_next(exc)
                continue
            if result is None:
                break
            results.append(result)
        if not results:
            return self.process_batch(until)
        return BatchResult(
            messages=sum(r.messages for r in results),
            records=sum(r.records for r in results),
            profiles=sum(r.profiles for r in results),
            last_seq=results[-1].last_seq,
            seconds=round(sum(r.seconds for r in results), 4),
            resolution=results[-1].resolution,
        )

    def _batch_bounds(self, limit: int, until: int | None = None) -> tuple[int, int, int] | None:
        """(messages, first seq after the watermark - 1, last seq) of the next batch."""
        lo = self.watermark()
        bounds = batch_bounds(self.engine, lo, limit, until)
        return (bounds[0], lo, bounds[1]) if bounds else None

    def _batch(self, limit: int, until: int | None = None) -> BatchResult | None:
        started = time.perf_counter()
        bounds = self._batch_bounds(limit, until)
        if bounds is None:
            return None
        count, lo, hi = bounds
        # One transaction per batch: readers see all of a batch or none of it, a crash
        # leaves the watermark where it was, and the batch pays one commit.
        try:
            with self.engine.transaction():
                return self._process(started, lo, hi, count)
        except Exception:
            self._imports.clear()  # an imports row made in the rolled-back batch is gone
            live_match.forget(self.engine)  # its in-memory state may hold the batch's rows
            raise

    def _quarantine_next(self, exc: Exception) -> None:
        """Move the next waiting message from the inbox to the quarantine, with the error."""
        reason = f"processing failed: {type(exc).__name__}: {str(exc).splitlines()[0][:500]}"
        log.error("message moved to the quarantine (%s)", reason)
        with self.engine.transaction():
            self.engine.execute(
                "INSERT INTO event_quarantine SELECT nextval('quarantine_seq'), source, "
                "message_id, received_at, ?, payload::VARCHAR, NULL FROM event_inbox "
                "WHERE seq = (SELECT min(seq) FROM event_inbox WHERE seq > ?)",
                [reason, self.watermark()],
            )
            self.engine.execute(
                "DELETE FROM event_inbox WHERE seq = (SELECT min(seq) FROM event_inbox "
                "WHERE seq > ?)",
                [self.watermark()],
            )

    def process_staged(
        self, staged: StagedBatch, more: tuple[int, int] | None = None
    ) -> BatchResult:
        """Store, resolve and unify a batch :func:`stage_batch` standardized on another
        session; ``more``: (messages, last seq) stored after it, standardized here in the same
        batch. The caller checks that ``staged.lo`` is the watermark; a failure rolls the
        batch back and raises (take the batch again with :meth:`process_batch`)."""
        started = time.perf_counter()
        count, hi = staged.count, staged.hi
        if more is not None:
            count, hi = count + more[0], more[1]
        try:
            with self.engine.transaction():
                return self._process(started, staged.lo, hi, count, staged)
        except Exception:
            self._imports.clear()
            live_match.forget(self.engine)
            raise

    def _process(
        self, started: float, lo: int, hi: int, count: int, staged: StagedBatch | None = None
    ) -> BatchResult:
        e = self.engine
        for t in (_CHANGED, _UPDATED):
            e.execute(f"CREATE OR REPLACE TEMP TABLE {t} (source VARCHAR, record_id VARCHAR)")
        records = 0
        if staged is not None:  # standardized on another session: its tables, as Arrow
            for part in staged.sources:
                for name, table in part.tables.items():
                    e.register_arrow(name, table)
                try:
                    records += self._store(part.source, part.rows)
                finally:
                    for name in part.tables:
                        e.unregister(name)
        after = staged.hi if staged is not None else lo
        if after < hi:  # the rest standardized here
            for (source,) in _sources(e, after, hi):
                try:
                    rows = standardize_messages(e, self.config, self._junk, source, after, hi)
                    records += self._store(source, rows)
                finally:
                    e.drop_tables(_RAW, *STAGE_TABLES)
        resolution = resolve(e, self.config, changed=_CHANGED, updated=_UPDATED)
        profiles = resolution.profile_ids or []
        unify_profiles(e, self.config, profiles, members=resolution.members_table)
        e.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", [WATERMARK_KEY, str(hi)])
        e.drop_tables(_CHANGED, _UPDATED)
        return BatchResult(
            messages=count,
            records=records,
            profiles=len(profiles),
            last_seq=hi,
            seconds=round(time.perf_counter() - started, 4),
            resolution=resolution,
        )

    # -- one source ----------------------------------------------------------------------------
    def _import_id(self, source: str) -> int:
        """The ``imports`` row counting this processor's messages of ``source``."""
        if source not in self._imports:
            import_id = int(self.engine.fetchall("SELECT nextval('import_seq')")[0][0])
            self.engine.execute(
                "INSERT INTO imports (import_id, source, location, started_at, status, "
                "rows_read, inserted, updated, unchanged, rejected, quality_issues) "
                "VALUES (?, ?, 'event API', now(), 'streaming', 0, 0, 0, 0, 0, 0)",
                [import_id, source],
            )
            self._imports[source] = import_id
        return self._imports[source]

    def _store(self, source: str, rows: int) -> int:
        """Upsert one source's standardized messages (the stage tables) and count them;
        returns how many records the batch changed."""
        e = self.engine
        import_id = self._import_id(source)
        counts = upsert(e, source, import_id, updated_into=_UPDATED)
        rejected = store_rejects(e, source, import_id, [])
        changed = e.write(f"INSERT INTO {_CHANGED} SELECT ?, record_id FROM {STD}", [source])
        e.execute(
            "UPDATE imports SET finished_at = now(), rows_read = rows_read + ?, "
            "inserted = inserted + ?, updated = updated + ?, unchanged = unchanged + ?, "
            "rejected = rejected + ?, quality_issues = quality_issues + ? "
            "WHERE import_id = ?",
            [
                rows,
                counts.inserted,
                counts.updated,
                counts.unchanged,
                rejected,
                counts.quality_issues,
                import_id,
            ],
        )
        return changed
