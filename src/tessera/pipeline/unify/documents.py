"""The profile document, materialised: one JSON text per profile, served as it is stored.

The document the profile API serves (golden attributes with lineage and alternatives,
identifiers, household, traits, events per type) is assembled by one set-based statement at
unify time — for every profile on a full unify (in slices), for the changed profiles on an
incremental one, from the rows that unify has just written (:data:`DELTA`: no scan of the
workspace tables); their household fellows, who show their names, are rewritten at the next
idle moment (:func:`catch_up_documents`) — and stored in ``profile_documents`` with an ART
index on the profile id (ADR 0007). Serving a profile is then an index
lookup returning one string: assembling it per request took one index lookup per table
(≈ 5 ms at 1M profiles), and under load every statement's return waits for the interpreter
lock again. :func:`tessera.pipeline.unify.view.profile_view` (``mode="summary"``) assembles
the same document from the lookup tables; a test holds the two equal.

Timestamps are ISO 8601 in UTC (``2024-05-01T09:30:00+00:00``), as the other endpoints write them.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Collection
from typing import Any

from tessera.engines.base import Engine
from tessera.pipeline.sql import ids_in, read_ids
from tessera.pipeline.unify.lookups import DELTA, STORED, ProfileTables

DOCUMENTS = "profile_documents"
DOCUMENTS_INDEX = "profile_documents_profile_idx"
_TIMESTAMP = "TIMESTAMP WITH TIME ZONE"
#: Profiles per statement of a full rebuild.
SLICE = 200_000
# Engine sessions that removed documents of household fellows since their last catch-up.
_PENDING: weakref.WeakSet[Any] = weakref.WeakSet()
#: Per engine session, who follows its document writes (the serving store's mirror,
#: tessera.api.mirror): called with the ids whose documents were written or removed, or with
#: None when every document was rewritten. Called inside the writer's transaction: the
#: follower reads the new documents after the commit.
DocumentsChanged = Callable[[Collection[str] | None], None]
_FOLLOWERS: weakref.WeakKeyDictionary[Any, DocumentsChanged] = weakref.WeakKeyDictionary()


def follow(engine: Engine, callback: DocumentsChanged | None) -> None:
    """Call ``callback`` for every document this engine session writes or removes from now
    on (None: stop)."""
    if callback is None:
        _FOLLOWERS.pop(engine, None)
    else:
        _FOLLOWERS[engine] = callback


def _changed(engine: Engine, ids: Collection[str] | None) -> None:
    callback = _FOLLOWERS.get(engine)
    if callback is not None:
        callback(ids)


def iso(column: str) -> str:
    """SQL: a TIMESTAMPTZ column as ISO 8601 text in UTC (the session's time zone), as
    Python writes it (microseconds only when there are some)."""
    return (
        f"CASE WHEN microsecond({column}) % 1000000 = 0 "
        f"THEN strftime({column}, '%Y-%m-%dT%H:%M:%S+00:00') "
        f"ELSE strftime({column}, '%Y-%m-%dT%H:%M:%S.%f+00:00') END"
    )


def _traits_json(engine: Engine) -> str:
    """SQL over ``t`` (a profile_traits row): the traits as a JSON object."""
    parts = []
    for name, kind in engine.columns(STORED.traits):
        if name == "profile_id":
            continue
        value = f't."{name}"'
        if kind == _TIMESTAMP:
            value = iso(value)
        elif str(kind).startswith("DECIMAL"):
            value = f"{value}::DOUBLE"
        parts.append(f"'{name}', {value}")
    return f"json_object({', '.join(parts)})" if parts else "'{}'::JSON"


def _select(
    engine: Engine, scope: str | None, tables: ProfileTables = STORED, listed: str = ""
) -> str:
    """SELECT profile_id, document for the profiles in table ``scope`` (all when None), from
    the per-profile ``tables``; ``listed``: the condition naming the scope's profile ids
    (:func:`~tessera.pipeline.sql.ids_in`; the profiles table reads them through its index,
    where a semi join scanned it)."""
    within = f"SEMI JOIN {scope} USING (profile_id)" if scope else ""
    where = f"WHERE {listed or ids_in('profile_id', None, scope)}" if scope else ""
    traits = _traits_json(engine) if engine.table_exists(tables.traits) else None
    traits_cte = (
        f"tr AS (SELECT t.profile_id, {traits} AS traits FROM {tables.traits} t {within}),"
        if traits
        else "tr AS (SELECT NULL::VARCHAR AS profile_id, NULL::JSON AS traits WHERE false),"
    )
    return f"""
WITH p AS (SELECT profile_id, created_at, household_id FROM profiles {where}),
g AS (
  SELECT profile_id, to_json(list(json_object(
      'attribute', attribute, 'value', value, 'parts', parts, 'source', source,
      'record_id', record_id, 'observed_at', {iso("observed_at")}, 'rule', rule,
      'alternatives', alternatives) ORDER BY attribute)) AS golden
  FROM {tables.golden} {within} GROUP BY profile_id),
sh AS (SELECT DISTINCT namespace, match_key FROM shared_identifiers),
ir AS (
  SELECT i.*, s.match_key IS NOT NULL AS shared,
         i.status = 'valid' AND row_number() OVER (
           PARTITION BY i.profile_id, i.namespace, i.status = 'valid'
           ORDER BY i.last_seen DESC NULLS LAST, coalesce(i.value, '')) = 1 AS is_primary
  FROM {tables.identifiers} i LEFT JOIN sh s USING (namespace, match_key) {within}),
i AS (
  SELECT profile_id, to_json(list(json_object(
      'namespace', namespace, 'value', value, 'status', status, 'shared', shared,
      'sources', sources, 'first_seen', {iso("first_seen")}, 'last_seen', {iso("last_seen")},
      'records', records, 'primary', is_primary)
      ORDER BY namespace, status <> 'valid', last_seen DESC NULLS LAST, coalesce(value, '')
  )) AS identifiers
  FROM ir GROUP BY profile_id),
hm AS (
  SELECT h.profile_id, to_json(list(json_object('profile_id', o.profile_id, 'name', n.value)
      ORDER BY o.profile_id)) AS members
  FROM households h {within}
  JOIN households o ON o.household_id = h.household_id AND o.profile_id <> h.profile_id
  LEFT JOIN golden_attributes n ON n.profile_id = o.profile_id AND n.attribute = 'name'
  GROUP BY h.profile_id),
{traits_cte}
e AS (
  SELECT profile_id, to_json(list(json_object(
      'event_type', event_type, 'events', events, 'first', {iso("first_at")},
      'last', {iso("last_at")}) ORDER BY events DESC, coalesce(event_type, ''))) AS events
  FROM {tables.events} {within} GROUP BY profile_id)
SELECT p.profile_id, json_object(
    'profile_id', p.profile_id,
    'created_at', {iso("p.created_at")},
    'golden', coalesce(g.golden, '[]'::JSON),
    'identifiers', coalesce(i.identifiers, '[]'::JSON),
    'household', json_object('household_id', p.household_id,
                             'members', coalesce(hm.members, '[]'::JSON)),
    'traits', coalesce(tr.traits, '{{}}'::JSON),
    'timeline_summary', coalesce(e.events, '[]'::JSON))::VARCHAR AS document
FROM p LEFT JOIN g USING (profile_id) LEFT JOIN i USING (profile_id)
LEFT JOIN hm USING (profile_id) LEFT JOIN tr USING (profile_id) LEFT JOIN e USING (profile_id)
"""


def write_documents(
    engine: Engine,
    scope: str | None = None,
    tables: ProfileTables = STORED,
    ids: Collection[str] | None = None,
) -> int:
    """Assemble the documents of all profiles, or of those in table ``scope`` (column
    profile_id; ids that no longer exist lose their document) from ``tables``; ``ids``: the
    same ids when the caller has them (see :func:`~tessera.pipeline.sql.ids_in`).

    With :data:`DELTA` (an incremental unify: only the scope's rows, no scan of the workspace
    tables) the documents of the scope's household fellows — who show the scope's names but
    whose rows are not in the delta — are removed instead of rewritten; the API assembles
    them until :func:`catch_up_documents` writes them. Returns how many were removed so."""
    if scope is None or not engine.table_exists(DOCUMENTS):
        _write_all(engine)
        _changed(engine, None)
        return 0
    followed = engine in _FOLLOWERS
    fellows = 0
    if tables == DELTA:
        removed = (
            f"DELETE FROM {DOCUMENTS} WHERE profile_id IN (SELECT o.profile_id "
            f"FROM households h SEMI JOIN {scope} USING (profile_id) "
            "JOIN households o ON o.household_id = h.household_id "
            f"ANTI JOIN {scope} s ON s.profile_id = o.profile_id)"
        )
        if followed:  # the follower must forget them too
            gone = [str(r[0]) for r in engine.fetchall(removed + " RETURNING profile_id")]
            fellows = len(gone)
            _changed(engine, gone)
        else:
            fellows = engine.write(removed)
        if fellows:
            _PENDING.add(engine)
    listed = ids_in("profile_id", ids, scope)
    engine.execute(f"DELETE FROM {DOCUMENTS} WHERE {listed}")
    engine.execute(f"INSERT INTO {DOCUMENTS} {_select(engine, scope, tables, listed)}")
    if followed:
        if ids is None:
            ids = [str(r[0]) for r in engine.fetchall(f"SELECT DISTINCT profile_id FROM {scope}")]
        _changed(engine, ids)
    return fellows


def catch_up_documents(engine: Engine, *, always: bool = False) -> int:
    """Write the documents profiles lack (household fellows of an incremental unify);
    returns how many (a scan of the workspace tables: for idle moments). Only when this
    engine session removed some since its last catch-up, unless ``always``."""
    if not (always or engine in _PENDING) or not engine.table_exists(DOCUMENTS):
        return 0
    _PENDING.discard(engine)
    engine.execute(
        "CREATE OR REPLACE TEMP TABLE doc_missing AS SELECT profile_id FROM profiles "
        f"ANTI JOIN {DOCUMENTS} USING (profile_id)"
    )
    try:
        missing = int(engine.fetchall("SELECT count(*) FROM doc_missing")[0][0])
        if missing:
            write_documents(
                engine, "doc_missing", ids=read_ids(engine, "profile_id", "doc_missing")
            )
        return missing
    finally:
        engine.execute("DROP TABLE IF EXISTS doc_missing")


def _write_all(engine: Engine) -> None:
    """All documents, in slices of :data:`SLICE` profiles (the list aggregates of one slice
    fit the engine's memory limit; all at once did not at 1M profiles under 1 GB)."""
    engine.execute(f"CREATE OR REPLACE TABLE {DOCUMENTS} (profile_id VARCHAR, document VARCHAR)")
    profiles = int(engine.fetchall("SELECT count(*) FROM profiles")[0][0])
    slices = max(1, -(-profiles // SLICE))
    for k in range(slices):
        engine.execute(
            "CREATE OR REPLACE TEMP TABLE doc_slice AS SELECT profile_id FROM profiles "
            f"WHERE hash(profile_id) % {slices} = {k}"
        )
        engine.execute(f"INSERT INTO {DOCUMENTS} {_select(engine, 'doc_slice')}")
    engine.execute("DROP TABLE IF EXISTS doc_slice")
    engine.execute(f"CREATE INDEX {DOCUMENTS_INDEX} ON {DOCUMENTS} (profile_id)")


def stored_document(engine: Engine, profile_id: str) -> str | None:
    """The stored document of a profile (JSON text), or None."""
    rows = engine.fetchall(f"SELECT document FROM {DOCUMENTS} WHERE profile_id = ?", [profile_id])
    return str(rows[0][0]) if rows else None
