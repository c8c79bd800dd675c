"""The part of the identity graph a change can affect, for incremental resolution.

A full resolution decides every connected component of the candidate-link graph on its own:
shared-identifier detection looks at all carriers of one identifier, and constrained
clustering only ever compares records joined by candidate links. So re-resolving the whole
components that contain the changed records gives exactly what a full run would give for
them, and leaves every other component as it was.

The component is found by widening the changed records to a fixed point over
- every record carrying one of their valid identifiers (the same matching key),
- the candidate links of the last run (``identity_links``: probabilistic ones, accepted or
  refused) and manual decisions (``manual_links``), in both directions,
starting from the changed records and the other members of their current profiles.

Profile fellows are taken once, for the changed records only: a record that changed may have
lost the identifier that tied it to them (its old identifiers are gone), while every other
record reached is unchanged and still tied to its fellows by the edges above — the last run
built its profile from exactly those edges. That saves scanning ``profile_members`` (one row
per record: the largest table) on every round; with ``updated`` (the changed records that
existed before, e.g. none in a stream of new messages) it is not scanned at all.
"""

from __future__ import annotations

from tessera.engines.base import Engine

SCOPE = "rs_scope"
_FRONTIER = "rs_frontier"
_NEXT = "rs_next"
#: Widening stops here and falls back to a full run (a component this deep is unusual).
MAX_ROUNDS = 64


def expand_scope(engine: Engine, seeds: str, *, updated: str | None = None) -> int | None:
    """Create :data:`SCOPE` (source, record_id): the components holding the ``seeds`` table's
    records. ``updated`` (source, record_id): the seeds that may already belong to a profile
    (records that existed before the change); None: any seed may. Returns the scope's size,
    or None when the widening did not settle (run a full resolve).
    """
    size = engine.write(
        f"CREATE OR REPLACE TEMP TABLE {SCOPE} AS SELECT DISTINCT source, record_id FROM {seeds}"
    )
    members_of = seeds if updated is None else updated
    if updated is None or engine.fetchall(f"SELECT count(*) FROM {updated}")[0][0]:
        size += engine.write(
            f"INSERT INTO {SCOPE} SELECT DISTINCT source, record_id FROM ("
            "SELECT o.source, o.record_id FROM profile_members m "
            f"SEMI JOIN {members_of} USING (source, record_id) "
            "JOIN profile_members o USING (profile_id)"
            f") ANTI JOIN {SCOPE} USING (source, record_id)"
        )
    engine.execute(f"CREATE OR REPLACE TEMP TABLE {_FRONTIER} AS SELECT * FROM {SCOPE}")
    for _ in range(MAX_ROUNDS):
        added = engine.write(
            # the frontier's valid keys first (materialized: left to itself, the optimizer
            # joined identifiers with itself before narrowing to the frontier — 2-3x slower)
            f"CREATE OR REPLACE TEMP TABLE {_NEXT} AS "
            "WITH keys AS MATERIALIZED (SELECT DISTINCT namespace, match_key FROM identifiers "
            f"SEMI JOIN {_FRONTIER} USING (source, record_id) "
            "WHERE status = 'valid' AND match_key IS NOT NULL) "
            "SELECT DISTINCT source, record_id FROM ("
            # carriers of the same valid identifier
            "SELECT o.source, o.record_id FROM identifiers o SEMI JOIN keys "
            "USING (namespace, match_key) WHERE o.status = 'valid' "
            # last run's probabilistic candidates and manual decisions, both directions
            "UNION ALL SELECT l.b_source, l.b_record_id FROM identity_links l "
            f"JOIN {_FRONTIER} f ON f.source = l.a_source AND f.record_id = l.a_record_id "
            "WHERE l.kind <> 'identifier' "
            "UNION ALL SELECT l.a_source, l.a_record_id FROM identity_links l "
            f"JOIN {_FRONTIER} f ON f.source = l.b_source AND f.record_id = l.b_record_id "
            "WHERE l.kind <> 'identifier' "
            "UNION ALL SELECT l.b_source, l.b_record_id FROM manual_links l "
            f"JOIN {_FRONTIER} f ON f.source = l.a_source AND f.record_id = l.a_record_id "
            "UNION ALL SELECT l.a_source, l.a_record_id FROM manual_links l "
            f"JOIN {_FRONTIER} f ON f.source = l.b_source AND f.record_id = l.b_record_id"
            f") ANTI JOIN {SCOPE} USING (source, record_id)"
        )
        if not added:
            break
        size += engine.write(f"INSERT INTO {SCOPE} SELECT * FROM {_NEXT}")
        engine.execute(f"CREATE OR REPLACE TEMP TABLE {_FRONTIER} AS SELECT * FROM {_NEXT}")
    else:
        return None
    engine.drop_tables(_FRONTIER, _NEXT)
    return size
