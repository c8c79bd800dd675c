"""Per-profile lookup tables written beside the golden record, and their indexes.

Profile lookups stay fast at millions of profiles because the unify step materialises two
small per-profile tables and indexes them, plus ``golden_attributes`` and ``profile_traits``,
by profile id (DuckDB ART indexes, built after bulk writes; later small deletes + inserts
maintain them):

* ``profile_identifiers`` — one row per profile, namespace, shown value, status and matching
  key, with its sources, first/last seen and record count; also indexed by matching key;
* ``profile_event_summary`` — events per type per profile, with the first and last time.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from tessera.engines.base import Engine
from tessera.pipeline.resolve.profiles import PROFILES_INDEX
from tessera.pipeline.sql import ids_in


@dataclass(frozen=True, slots=True)
class UnifyInputs:
    """The tables unify reads: the workspace's own, or temp copies holding only the rows of
    the profiles being recomputed (read once per run, not once per attribute)."""

    members: str = "profile_members"
    records: str = "records"
    identifiers: str = "identifiers"


WHOLE = UnifyInputs()


@dataclass(frozen=True, slots=True)
class ProfileTables:
    """The per-profile tables a profile document is assembled from: the workspace's own, or
    (:data:`DELTA`) the temp tables an incremental unify leaves with just the rows it wrote."""

    golden: str = "golden_attributes"
    identifiers: str = "profile_identifiers"
    events: str = "profile_event_summary"
    traits: str = "profile_traits"


STORED = ProfileTables()
DELTA = ProfileTables("golden_delta", "identifiers_delta", "events_delta", "traits_delta")


def drop_deltas(engine: Engine) -> None:
    """Drop the temp tables of :data:`DELTA`."""
    engine.drop_tables(DELTA.golden, DELTA.identifiers, DELTA.events, DELTA.traits)


IDENTIFIERS = "profile_identifiers"
EVENT_SUMMARY = "profile_event_summary"

#: (index, table, column) of the single-column ART indexes lookups use (DuckDB uses an index
#: scan only for a single column without expressions).
LOOKUP_INDEXES: tuple[tuple[str, str, str], ...] = (
    ("golden_attributes_profile_idx", "golden_attributes", "profile_id"),
    ("profile_identifiers_key_idx", IDENTIFIERS, "match_key"),
    ("profile_identifiers_profile_idx", IDENTIFIERS, "profile_id"),
    ("profile_event_summary_profile_idx", EVENT_SUMMARY, "profile_id"),
    ("households_household_idx", "households", "household_id"),
    (PROFILES_INDEX, "profiles", "profile_id"),
)
GOLDEN_INDEX = LOOKUP_INDEXES[0][0]

_IDENTIFIER_ROWS = (
    "SELECT m.profile_id, i.namespace, i.match_key, coalesce(i.value, i.raw_value) AS value, "
    "i.status, list(DISTINCT i.source ORDER BY i.source) AS sources, "
    "min(coalesce(r.occurred_at, r.updated_at)) AS first_seen, "
    "max(coalesce(r.occurred_at, r.updated_at)) AS last_seen, count(*) AS records "
    "FROM {identifiers} i JOIN {members} m USING (source, record_id) "
    "JOIN {records} r USING (source, record_id) {where} GROUP BY ALL"
)
_EVENT_ROWS = (
    "SELECT m.profile_id, r.event_type, count(*) AS events, min(r.occurred_at) AS first_at, "
    "max(r.occurred_at) AS last_at FROM {records} r JOIN {members} m "
    "USING (source, record_id) WHERE r.kind = 'event' {scope} GROUP BY ALL"
)


def write_profile_lookups(
    engine: Engine,
    scope: str | None,
    inputs: UnifyInputs = WHOLE,
    ids: Collection[str] | None = None,
) -> None:
    """(Re)write ``profile_identifiers`` and ``profile_event_summary``: all profiles, sorted by
    profile id, when ``scope`` is None; else only the profiles listed in table ``scope``
    (column ``profile_id``; ids merged away included, so their rows go), ``ids`` being the
    same ids when the caller has them (see :func:`~tessera.pipeline.sql.ids_in`)."""
    if scope is None or not engine.table_exists(IDENTIFIERS):
        engine.execute(
            f"CREATE OR REPLACE TABLE {IDENTIFIERS} AS "
            + _IDENTIFIER_ROWS.format(where="", **_names(inputs))
            + " ORDER BY profile_id, namespace, value"
        )
        engine.execute(
            f"CREATE OR REPLACE TABLE {EVENT_SUMMARY} AS "
            + _EVENT_ROWS.format(scope="", **_names(inputs))
            + " ORDER BY profile_id, event_type"
        )
        return
    within = f"profile_id IN (SELECT profile_id FROM {scope})"
    listed = ids_in("profile_id", ids, scope)  # for the deletes: served by the index
    for table, rows in (
        (IDENTIFIERS, _IDENTIFIER_ROWS.format(where=f"WHERE m.{within}", **_names(inputs))),
        (EVENT_SUMMARY, _EVENT_ROWS.format(scope=f"AND m.{within}", **_names(inputs))),
    ):
        # the new rows also stay in a temp table, which the documents read
        delta = DELTA.identifiers if table == IDENTIFIERS else DELTA.events
        engine.execute(f"CREATE OR REPLACE TEMP TABLE {delta} AS {rows}")
        engine.execute(f"DELETE FROM {table} WHERE {listed}")
        engine.execute(f"INSERT INTO {table} SELECT * FROM {delta}")


def _names(inputs: UnifyInputs) -> dict[str, str]:
    return {"members": inputs.members, "records": inputs.records, "identifiers": inputs.identifiers}


def prune_profile_lookups(engine: Engine) -> None:
    """Remove lookup rows of profiles that no longer exist (a scan: for batch runs, whose
    list of changed profiles may omit ids merged away)."""
    for table in (IDENTIFIERS, EVENT_SUMMARY):
        if engine.table_exists(table):
            engine.execute(
                f"DELETE FROM {table} WHERE profile_id NOT IN (SELECT profile_id FROM profiles)"
            )


def create_lookup_indexes(engine: Engine) -> None:
    """Create the lookup indexes that do not exist (after bulk writes: an ART index must fit
    in memory, and maintaining one while writing millions of rows is slow). One catalog
    read when they all exist, as after every micro-batch."""
    present = {
        r[0]
        for r in engine.fetchall(
            "SELECT index_name FROM duckdb_indexes() WHERE index_name IN "
            "(SELECT unnest(?::VARCHAR[]))",
            [[index for index, _, _ in LOOKUP_INDEXES]],
        )
    }
    for index, table, column in LOOKUP_INDEXES:
        if index not in present:
            engine.execute(f"CREATE INDEX IF NOT EXISTS {index} ON {table} ({column})")
