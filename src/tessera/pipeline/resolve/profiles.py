"""Stable profile ids across re-runs, merge/split history, redirects, households.

A new cluster keeps an old profile id when they are each other's best match (the most shared
records, ties broken by id); every other cluster gets a new random id (not guessable). An old
id that no cluster keeps was merged away: it redirects to the profile holding most of its
records, and older redirects to it are re-pointed so a lookup never chains.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyarrow as pa

from tessera.domain.clustering import ConstrainedClusters
from tessera.engines.base import Engine
from tessera.pipeline.resolve.graph import IDV, NODES
from tessera.pipeline.sql import ids_in, read_ids

CLUSTERS = "rs_clusters"  # node, label (registered by the resolver)
#: The ART index on profiles.profile_id (API id lookups, a scoped run's deletes).
PROFILES_INDEX = "profiles_profile_idx"
_NEW_ID = "'p_' || substr(replace(gen_random_uuid()::VARCHAR, '-', ''), 1, 20)"


@dataclass(frozen=True, slots=True)
class ProfileChanges:
    """What re-assigning profile ids did."""

    profiles: int
    created: int
    merged: int
    split: int


#: After a scoped run: profile_id, source, record_id of every member of the touched profiles.
RESOLVED_MEMBERS = "resolved_members"


def assign_profiles(engine: Engine, run_id: int, scope: str | None = None) -> ProfileChanges:
    """Replace ``profile_members`` with the new clusters, keeping ids stable; log history.

    With ``scope`` (a table of source, record_id holding whole components), only those
    records' memberships and their profiles are replaced.
    """
    engine.execute(
        "CREATE OR REPLACE TEMP TABLE rs_members AS SELECT c.label, n.source, n.record_id, n.kind "
        f"FROM {CLUSTERS} c JOIN {NODES} n USING (node)"
    )
    engine.execute(
        "CREATE OR REPLACE TEMP TABLE rs_overlap AS "
        "SELECT m.label, p.profile_id, count(*) AS shared, "
        "any_value(epoch(f.created_at)) AS born FROM rs_members m "
        "JOIN profile_members p USING (source, record_id) "
        "LEFT JOIN profiles f USING (profile_id) GROUP BY m.label, p.profile_id"
    )
    profiles = engine.write(
        "CREATE OR REPLACE TEMP TABLE rs_ids AS "
        "WITH best_old AS (SELECT label, arg_max(profile_id, (shared, -born, profile_id)) "
        "AS pid "
        "FROM rs_overlap GROUP BY label), "
        "best_new AS (SELECT profile_id AS pid, arg_max(label, (shared, -label)) AS label "
        "FROM rs_overlap GROUP BY profile_id), "
        "kept AS (SELECT o.label, o.pid FROM best_old o JOIN best_new n USING (label, pid)) "
        f"SELECT l.label, coalesce(k.pid, {_NEW_ID}) AS profile_id, k.pid IS NOT NULL AS kept, "
        "o.pid AS came_from FROM (SELECT DISTINCT label FROM rs_members) l "
        "LEFT JOIN kept k USING (label) LEFT JOIN best_old o USING (label)"
    )
    # Old ids no cluster kept were merged into the cluster holding most of their records.
    retired = engine.write(
        "CREATE OR REPLACE TEMP TABLE rs_retired AS SELECT o.profile_id AS old_id, "
        "arg_max(i.profile_id, (o.shared, -o.label)) AS new_id, "
        "sum(o.shared) AS records FROM rs_overlap o JOIN rs_ids i USING (label) "
        "WHERE o.profile_id NOT IN (SELECT profile_id FROM rs_ids WHERE kept) "
        "GROUP BY o.profile_id"
    )
    if retired:  # most micro-batches merge nothing (these statements are skipped)
        engine.execute(
            "INSERT INTO profile_history SELECT ?, now(), 'merged', new_id, old_id, records "
            "FROM rs_retired",
            [run_id],
        )
    fresh = engine.write(
        "INSERT INTO profile_history SELECT ?, now(), CASE WHEN came_from IS NULL THEN "
        "'created' ELSE 'split' END, profile_id, came_from, NULL FROM rs_ids WHERE NOT kept",
        [run_id],
    )
    if retired:
        engine.execute(
            "UPDATE profile_redirects SET new_id = r.new_id, changed_at = now() "
            "FROM rs_retired r WHERE profile_redirects.new_id = r.old_id"
        )
        engine.execute(
            "INSERT OR REPLACE INTO profile_redirects SELECT old_id, new_id, now(), "
            "'merged' FROM rs_retired"
        )
    if scope is None:
        engine.execute("DELETE FROM profile_members")
    else:
        engine.execute(
            f"DELETE FROM profile_members p USING {scope} s "
            "WHERE p.source = s.source AND p.record_id = s.record_id"
        )
    members = (
        "SELECT i.profile_id, m.source, m.record_id FROM rs_members m JOIN rs_ids i USING (label)"
    )
    if scope is None:
        engine.execute(f"INSERT INTO profile_members {members}")
    else:  # kept for unify: every member of the profiles this run touched
        engine.execute(f"CREATE OR REPLACE TEMP TABLE {RESOLVED_MEMBERS} AS {members}")
        engine.execute(f"INSERT INTO profile_members SELECT * FROM {RESOLVED_MEMBERS}")
    # a scoped run names the profiles (served by the profile id index), a full run rewrites
    # them all (without the index, made again after the bulk write)
    overlap = ""
    if scope is not None:
        old_ids = read_ids(engine, "profile_id", "rs_overlap")
        overlap = " WHERE " + ids_in("profile_id", old_ids, "rs_overlap")
    engine.execute(
        "CREATE OR REPLACE TEMP TABLE rs_old_profiles AS SELECT profile_id, created_at, "
        "updated_at, records FROM profiles" + overlap
    )
    if scope is None:
        engine.execute(f"DROP INDEX IF EXISTS {PROFILES_INDEX}")
    engine.execute("DELETE FROM profiles" + overlap)
    engine.execute(
        # updated_at moves only when the membership changed (golden records follow it)
        "INSERT INTO profiles WITH n AS (SELECT i.label, i.profile_id, count(*) AS records, "
        "count(*) FILTER (WHERE m.kind = 'person') AS persons FROM rs_members m "
        "JOIN rs_ids i USING (label) GROUP BY ALL) "
        "SELECT n.profile_id, coalesce(o.created_at, now()), CASE WHEN o.records = n.records "
        "AND ov.shared = n.records THEN o.updated_at ELSE now() END, n.records, n.persons, "
        # a scoped run keeps a kept profile's household (households are regrouped by full
        # runs, which set every profile's household afterwards)
        f"{'NULL' if scope is None else 'h.household_id'} "
        "FROM n LEFT JOIN rs_old_profiles o USING (profile_id) "
        "LEFT JOIN rs_overlap ov ON ov.label = n.label AND ov.profile_id = n.profile_id"
        + ("" if scope is None else " LEFT JOIN households h ON h.profile_id = n.profile_id")
    )
    if scope is None:
        engine.execute(f"CREATE INDEX IF NOT EXISTS {PROFILES_INDEX} ON profiles (profile_id)")
    created = 0
    if fresh:  # new ids: created, or split off an old profile
        rows = engine.fetchall("SELECT count(*) FROM rs_ids WHERE NOT kept AND came_from IS NULL")
        created = int(rows[0][0])
    return ProfileChanges(profiles, created, retired, fresh - created)


def assign_households(engine: Engine) -> int:
    """Group profiles living at one address and sharing a surname or an identifier."""
    engine.execute("DELETE FROM households")
    pairs = engine.fetchall(
        "WITH addr AS (SELECT DISTINCT m.profile_id, r.address_line1_key || '|' || "
        "coalesce(upper(replace(r.postcode, ' ', '')), r.city_key, '') AS address_key, "
        "r.family_name_key FROM records r JOIN profile_members m USING (source, record_id) "
        "WHERE r.kind = 'person' AND r.address_line1_key IS NOT NULL), "
        f"ids AS (SELECT DISTINCT m.profile_id, v.namespace, v.match_key FROM {IDV} v "
        f"JOIN {NODES} n USING (node) JOIN profile_members m USING (source, record_id)) "
        "SELECT DISTINCT a.profile_id, b.profile_id, a.address_key FROM addr a JOIN addr b "
        "ON a.address_key = b.address_key AND a.profile_id < b.profile_id "
        "WHERE a.family_name_key = b.family_name_key OR EXISTS (SELECT 1 FROM ids x "
        "JOIN ids y USING (namespace, match_key) WHERE x.profile_id = a.profile_id "
        "AND y.profile_id = b.profile_id)"
    )
    if not pairs:
        return 0
    names = sorted({p for a, b, _ in pairs for p in (a, b)})
    index = {p: i for i, p in enumerate(names)}
    uf = ConstrainedClusters(len(names), {})
    address: dict[str, str] = {}
    for a, b, key in pairs:
        uf.union(index[a], index[b])
        address.setdefault(a, key)
        address.setdefault(b, key)
    groups: dict[int, list[str]] = {}
    for p in names:
        groups.setdefault(uf.find(index[p]), []).append(p)
    rows: list[tuple[str, str, str]] = []
    for members in groups.values():
        household = "h_" + min(members)[2:]
        rows.extend((household, p, address[p]) for p in members)
    engine.register_arrow(
        "rs_households",
        pa.table(
            {
                "household_id": [r[0] for r in rows],
                "profile_id": [r[1] for r in rows],
                "address_key": [r[2] for r in rows],
            }
        ),
    )
    try:
        engine.execute("INSERT INTO households SELECT * FROM rs_households")
    finally:
        engine.unregister("rs_households")
    engine.execute(
        "UPDATE profiles SET household_id = h.household_id FROM households h "
        "WHERE profiles.profile_id = h.profile_id"
    )
    return len(groups)
