"""The deterministic identity graph: nodes, shared-identifier detection, identifier links.

Every record (person or event) is a node. Records carrying the same valid identifier
(namespace + matching key) are linked — unless the identifier is **shared**: carried by
records whose given names or birth dates clearly disagree (a couple's e-mail, a family
tablet). A shared identifier still links the records that agree with each other by name, and
stays attached to each of its carriers as a non-unique identifier. Junk and invalid values
never link. All of it is set-based SQL.
"""

from __future__ import annotations

import pyarrow as pa

from tessera.domain.nicknames import canonical_given_names
from tessera.engines.base import Engine
from tessera.pipeline.sql import lit

NODES = "rs_nodes"
IDV = "rs_idv"
SHARED = "rs_shared"
ID_EDGES = "rs_id_edges"
_NICK = "rs_nicknames"

#: SQL: do dates ``a`` and ``b`` conflict (two components differ, not a day-month swap)?
DATES_CONFLICT = (
    "({a} <> {b} AND NOT (year({a}) = year({b}) AND month({a}) = day({b}) "
    "AND day({a}) = month({b})) AND ((year({a}) <> year({b}))::INT + "
    "(month({a}) <> month({b}))::INT + (day({a}) <> day({b}))::INT) >= 2)"
)

#: SQL: do given names ``a`` and ``b`` (matching keys, with canonical forms) clearly differ?
NAMES_DIFFER = (
    "({ca} <> {cb} AND jaro_winkler_similarity({a}, {b}) < 0.85 "
    "AND split_part({a}, ' ', 1) <> split_part({b}, ' ', 1))"
)


def dates_conflict_sql(a: str, b: str) -> str:
    """SQL condition: birth dates ``a`` and ``b`` belong to two different people."""
    return DATES_CONFLICT.format(a=a, b=b)


def names_differ_sql(a: str, b: str, ca: str, cb: str) -> str:
    """SQL condition: given names ``a`` / ``b`` (canonical ``ca`` / ``cb``) clearly differ."""
    return NAMES_DIFFER.format(a=a, b=b, ca=ca, cb=cb)


def build_nodes(engine: Engine, scope: str | None = None) -> int:
    """Number every record (or those in table ``scope``: source, record_id); attach the
    canonical given name (nicknames folded).

    Nodes are numbered in (source, record_id) order, so a scoped run orders the records of a
    component exactly as a full run does, and clustering decides the same way.
    """
    within = f"SEMI JOIN {scope} USING (source, record_id) " if scope else ""
    table = canonical_given_names()
    engine.register_arrow(
        _NICK,
        pa.table({"name": list(table), "canonical": list(table.values())}),
    )
    try:
        nodes = engine.write(
            f"CREATE OR REPLACE TEMP TABLE {NODES} AS SELECT "
            "(row_number() OVER (ORDER BY r.source, r.record_id) - 1)::BIGINT AS node, "
            "r.source, r.record_id, r.kind, r.given_name_key, "
            "coalesce(k.canonical, split_part(r.given_name_key, ' ', 1)) AS given_canon, "
            "r.family_name_key, r.birth_date, "
            "upper(replace(r.postcode, ' ', '')) AS postcode, r.city_key, "
            "r.address_line1_key, r.country "
            f"FROM records r {within}LEFT JOIN {_NICK} k "
            "ON k.name = split_part(r.given_name_key, ' ', 1)"
        )
    finally:
        engine.unregister(_NICK)
    return nodes


def build_identifier_values(engine: Engine) -> None:
    """Create :data:`IDV` (node, namespace, match_key): the valid identifiers of the nodes."""
    engine.execute(
        f"CREATE OR REPLACE TEMP TABLE {IDV} AS SELECT DISTINCT n.node, i.namespace, i.match_key "
        f"FROM identifiers i JOIN {NODES} n USING (source, record_id) "
        "WHERE i.status = 'valid' AND i.match_key IS NOT NULL"
    )


def build_identifier_edges(engine: Engine, priorities: dict[str, int], max_group: int) -> int:
    """Create :data:`ID_EDGES` (a, b, rank, namespace, match_key) and :data:`SHARED`."""
    build_identifier_values(engine)
    # The distinct (name, birth date) variants among each multi-record identifier's carriers.
    engine.execute(
        "CREATE OR REPLACE TEMP TABLE rs_variants AS WITH groups AS ("
        f"SELECT namespace, match_key FROM {IDV} GROUP BY ALL HAVING count(*) > 1) "
        "SELECT DISTINCT v.namespace, v.match_key, n.given_name_key, n.given_canon, "
        f"n.birth_date FROM {IDV} v JOIN groups USING (namespace, match_key) "
        f"JOIN {NODES} n USING (node) "
        "WHERE n.given_name_key IS NOT NULL OR n.birth_date IS NOT NULL"
    )
    differ = names_differ_sql(
        "a.given_name_key", "b.given_name_key", "a.given_canon", "b.given_canon"
    )
    conflict = dates_conflict_sql("a.birth_date", "b.birth_date")
    engine.execute(
        f"CREATE OR REPLACE TEMP TABLE {SHARED} AS "
        "WITH named AS (SELECT namespace, match_key, count(*) AS variants FROM rs_variants "
        "GROUP BY ALL), "
        "disagree AS (SELECT a.namespace, a.match_key, min(CASE "
        f"WHEN {differ} THEN 'carried by people with different names ('"
        "|| a.given_name_key || ' / ' || b.given_name_key || ')' "
        f"ELSE 'carried by people with conflicting birth dates' END) AS reason "
        "FROM rs_variants a JOIN rs_variants b ON a.namespace = b.namespace "
        "AND a.match_key = b.match_key "
        "AND (coalesce(a.given_name_key, ''), coalesce(a.birth_date, DATE '0001-01-01')) < "
        "(coalesce(b.given_name_key, ''), coalesce(b.birth_date, DATE '0001-01-01')) "
        f"WHERE ({differ}) OR ({conflict}) GROUP BY ALL) "
        "SELECT namespace, match_key, reason FROM disagree "
        "UNION ALL SELECT namespace, match_key, "
        f"'carried by more than {max_group} named records' FROM named "
        f"WHERE variants > {max_group} AND (namespace, match_key) NOT IN "
        "(SELECT (namespace, match_key) FROM disagree)"
    )
    cases = " ".join(f"WHEN {lit(ns)} THEN {int(p)}" for ns, p in priorities.items())
    rank = f"CASE v.namespace {cases} ELSE 50 END" if cases else "50"
    # Unshared identifiers: a star from the smallest node to every other carrier.
    # Shared ones: a star per canonical given name among the carriers that have one.
    return engine.write(
        f"CREATE OR REPLACE TEMP TABLE {ID_EDGES} AS "
        "WITH plain AS (SELECT v.node, v.namespace, v.match_key, "
        "min(v.node) OVER (PARTITION BY v.namespace, v.match_key) AS hub "
        f"FROM {IDV} v ANTI JOIN {SHARED} s USING (namespace, match_key)), "
        "shared AS (SELECT v.node, v.namespace, v.match_key, "
        "min(v.node) OVER (PARTITION BY v.namespace, v.match_key, n.given_canon) AS hub "
        f"FROM {IDV} v SEMI JOIN {SHARED} s USING (namespace, match_key) "
        f"JOIN {NODES} n USING (node) WHERE n.given_canon IS NOT NULL) "
        f"SELECT hub AS a, node AS b, {rank.replace('v.', 'e.')} AS rank, "
        "namespace, match_key FROM (SELECT * FROM plain UNION ALL SELECT * FROM shared) e "
        "WHERE node <> hub"
    )
