"""Stage three: upsert standardized rows by source record id, keeping history.

A new record is inserted; an unchanged one (same row fingerprint) is left alone; a changed one
moves its previous version, identifiers included, to ``record_history`` before the new version
replaces it. Quality issues follow the current version of each record. Set-based throughout.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyarrow as pa

from tessera.engines.base import Engine, RejectedLine
from tessera.engines.schema import record_value_columns
from tessera.pipeline.cleaning import FIELD_ISSUES, STD
from tessera.pipeline.identifiers import IDS
from tessera.pipeline.sql import q
from tessera.pipeline.staging import REJECTS

_CMP = "tessera_cmp"
_CHANGED = f"(SELECT record_id FROM {_CMP} WHERE state = 'updated')"


@dataclass(frozen=True, slots=True)
class StoreCounts:
    """What an upsert did."""

    inserted: int
    updated: int
    unchanged: int
    quality_issues: int


def upsert(
    engine: Engine, source: str, import_id: int, *, updated_into: str | None = None
) -> StoreCounts:
    """Write :data:`STD` / :data:`IDS` / issues of one source into the workspace tables;
    with ``updated_into``, also append (source, record_id) of the records that existed and
    changed to that table."""
    engine.execute(
        f"CREATE OR REPLACE TEMP TABLE {_CMP} AS SELECT s.record_id, r.version AS old_version, "
        "r.first_seen_at, CASE WHEN r.record_id IS NULL THEN 'inserted' "
        "WHEN r.row_hash = s.row_hash THEN 'unchanged' ELSE 'updated' END AS state "
        f"FROM {STD} s LEFT JOIN (SELECT record_id, version, row_hash, first_seen_at "
        "FROM records WHERE source = ?) r ON r.record_id = s.record_id",
        [source],
    )
    counts = dict(engine.fetchall(f"SELECT state, count(*) FROM {_CMP} GROUP BY state"))
    if counts.get("updated"):  # a stream of new messages has none: four scans saved
        # Previous versions, with the identifiers they carried, go to history first.
        engine.execute(
            "INSERT INTO record_history SELECT r.*, i.ids, now(), ? FROM records r "
            "LEFT JOIN (SELECT record_id, json_group_array(json_object('namespace', namespace, "
            "'raw_value', raw_value, 'value', value, 'status', status)) AS ids FROM identifiers "
            f"WHERE source = ? AND record_id IN {_CHANGED} GROUP BY record_id) i "
            f"ON i.record_id = r.record_id WHERE r.source = ? AND r.record_id IN {_CHANGED}",
            [import_id, source, source],
        )
        for table in ("records", "identifiers", "quality_issues"):
            engine.execute(
                f"DELETE FROM {table} WHERE source = ? AND record_id IN {_CHANGED}", [source]
            )
    fresh = f"(SELECT record_id FROM {_CMP} WHERE state <> 'unchanged')"
    engine.execute(
        "INSERT INTO records SELECT ?, s.record_id, s.kind, coalesce(c.old_version + 1, 1), "
        "s.row_hash, s.row_number, ?, coalesce(c.first_seen_at, now()), now(), "
        f"{', '.join('s.' + q(c) for c, _ in record_value_columns())}, s.attributes, s.raw "
        f"FROM {STD} s JOIN {_CMP} c ON c.record_id = s.record_id WHERE c.state <> 'unchanged'",
        [source, import_id],
    )
    engine.execute(
        "INSERT INTO identifiers SELECT ?, record_id, namespace, column_name, raw_value, value, "
        f"match_key, status, ? FROM {IDS} WHERE record_id IN {fresh}",
        [source, import_id],
    )
    issues = engine.write(
        "INSERT INTO quality_issues SELECT ?, ?, record_id, row_number, field, column_name, "
        f"raw_value, reason FROM {FIELD_ISSUES} WHERE record_id IN {fresh}",
        [import_id, source],
    )
    issues += engine.write(
        "INSERT INTO quality_issues SELECT ?, ?, record_id, row_number, namespace, column_name, "
        f"raw_value, reason FROM {IDS} WHERE status <> 'valid' AND record_id IN {fresh}",
        [import_id, source],
    )
    if updated_into is not None and counts.get("updated"):
        engine.execute(
            f"INSERT INTO {updated_into} SELECT ?, record_id FROM {_CMP} WHERE state = 'updated'",
            [source],
        )
    engine.execute(f"DROP TABLE {_CMP}")
    return StoreCounts(
        inserted=int(counts.get("inserted", 0)),
        updated=int(counts.get("updated", 0)),
        unchanged=int(counts.get("unchanged", 0)),
        quality_issues=issues,
    )


def store_rejects(
    engine: Engine, source: str, import_id: int, parse_rejects: list[RejectedLine]
) -> int:
    """Keep every row that could not be imported, with its reason; return how many."""
    n = engine.write(
        f"INSERT INTO rejected_rows SELECT ?, ?, row_number, reason, raw FROM {REJECTS}",
        [import_id, source],
    )
    if parse_rejects:  # one set-based insert, however broken the file
        engine.register_arrow(
            "tessera_parse_rejects",
            pa.table(
                {
                    "row_number": pa.array([r.row_number for r in parse_rejects], pa.int64()),
                    "reason": pa.array([r.reason for r in parse_rejects], pa.string()),
                    "raw": pa.array([r.raw for r in parse_rejects], pa.string()),
                }
            ),
        )
        try:
            engine.execute(
                "INSERT INTO rejected_rows SELECT ?, ?, row_number, reason, raw "
                "FROM tessera_parse_rejects",
                [import_id, source],
            )
        finally:
            engine.unregister("tessera_parse_rejects")
    return n + len(parse_rejects)
