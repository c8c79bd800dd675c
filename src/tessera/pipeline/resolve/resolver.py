"""Identity resolution, end to end: graph -> matching -> constrained clusters -> profiles.

``resolve`` rebuilds the identity graph over every record and event in the workspace and
re-assigns profile membership, keeping profile ids stable. Manual must-link / cannot-link
decisions (``manual_links``) are applied on every run.

Given the records that changed, it re-resolves only the graph components holding them
(:mod:`tessera.pipeline.resolve.scope`) and gives those components the answer a full run
would: the real-time path. Probabilistic links between records already resolved are the
last run's (the saved model's scores do not change when other records arrive).
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import pyarrow as pa

from tessera.config import WorkspaceConfig
from tessera.domain.clustering import MANUAL, cluster
from tessera.engines.base import Engine
from tessera.pipeline.resolve import live_match, matching
from tessera.pipeline.resolve.graph import (
    ID_EDGES,
    IDV,
    NODES,
    SHARED,
    build_identifier_edges,
    build_nodes,
)
from tessera.pipeline.resolve.profiles import (
    CLUSTERS,
    RESOLVED_MEMBERS,
    assign_households,
    assign_profiles,
)
from tessera.pipeline.resolve.scope import SCOPE, expand_scope

#: Stages reported to a progress callback.
STAGES = ("graph", "model", "match", "cluster", "profiles")
PROBABILISTIC_RANK = 1000
#: Fewer person records than this cannot train a useful model: matching is skipped.
MIN_PERSONS_FOR_MODEL = 50

ResolveProgress = Callable[[str, int], None]


@dataclass(frozen=True, slots=True)
class ResolveResult:
    """What one resolution run did."""

    run_id: int
    records: int
    identifier_links: int
    probabilistic_links: int
    refused_links: int
    shared_identifiers: int
    profiles: int
    created: int
    merged: int
    split: int
    households: int
    model: str  # trained | reused | skipped
    seconds: dict[str, float] = field(default_factory=dict)
    profile_ids: list[str] | None = None
    """Incremental runs: the profiles of the re-resolved components, old ids included."""
    members_table: str | None = None
    """A scoped run: the temp table holding every member of ``profile_ids`` (profile_id,
    source, record_id), for unify to read instead of scanning profile_members."""


def resolve(
    engine: Engine,
    config: WorkspaceConfig,
    *,
    retrain: bool = False,
    progress: ResolveProgress | None = None,
    changed: str | None = None,
    updated: str | None = None,
) -> ResolveResult:
    """Rebuild the identity graph and profile membership over all records, or — given a
    table ``changed`` (source, record_id) — over the components holding those records.
    ``updated``: the changed records that existed before (None: any may have)."""
    tell = progress or (lambda _stage, _i: None)
    cfg = config.resolution
    namespaces = config.namespaces()
    timings: dict[str, float] = {}
    clock = [time.perf_counter()]

    def lap(name: str) -> None:
        now = time.perf_counter()
        timings[name] = round(now - clock[0], 3)
        clock[0] = now

    next_id, started = engine.fetchall("SELECT nextval('resolution_seq'), now()")[0]
    run_id = int(next_id)
    tell("graph", 0)
    scope = None
    model = matching.load_model(engine)
    if changed is not None:
        # New person records may match anyone: their matches' components join the scope.
        live_match.match_new_persons(engine, cfg, model, changed)
        engine.execute(
            f"CREATE OR REPLACE TEMP TABLE rs_seeds AS SELECT source, record_id FROM {changed} "
            f"UNION SELECT a_source, a_record_id FROM {live_match.NEW_EDGES} "
            f"UNION SELECT b_source, b_record_id FROM {live_match.NEW_EDGES}"
        )
        if expand_scope(engine, "rs_seeds", updated=updated) is not None:
            scope = SCOPE
    records = build_nodes(engine, scope)
    id_links = build_identifier_edges(
        engine, {ns: c.priority for ns, c in namespaces.items()}, cfg.max_identifier_group
    )
    lap("graph")

    tell("model", 1)
    persons = matching.build_input(engine)
    model_state = "skipped" if scope is None else "incremental"
    if scope is None and persons >= MIN_PERSONS_FOR_MODEL:
        if model is None or retrain:
            model = matching.train(engine, cfg)
            model_state = "trained"
        else:
            model_state = "reused"
    lap("model")
    tell("match", 2)
    prob_links = 0
    if scope is not None and changed is not None:
        prob_links = _previous_probabilistic_edges(engine, changed)
    elif model is not None and persons >= 2 and model_state != "skipped":
        prob_links = matching.predict(engine, cfg, model)
    else:
        engine.execute(
            f"CREATE OR REPLACE TEMP TABLE {matching.PROB_EDGES} (a BIGINT, b BIGINT, "
            "match_weight DOUBLE, evidence JSON)"
        )
    live_match.save_match_input(engine, scope, model)
    if scope is None:
        live_match.forget(engine)
        matching.drop_splink_tables(engine)
    lap("match")

    tell("cluster", 3)
    _collect_edges(engine)
    edges = engine.fetch_arrow("SELECT a, b, rank FROM rs_edges ORDER BY edge")
    limits = {ns: c.limit for ns, c in namespaces.items()}
    values = engine.fetch_arrow(
        f"SELECT node, namespace, match_key FROM {IDV} ANTI JOIN {SHARED} "
        "USING (namespace, match_key)"
    )
    dobs = engine.fetch_arrow(
        f"SELECT node, strftime(birth_date, '%Y-%m-%d') FROM {NODES} WHERE birth_date IS NOT NULL"
    )
    cannot = engine.fetch_arrow(
        f"SELECT na.node, nb.node FROM manual_links l JOIN {NODES} na "
        "ON na.source = l.a_source AND na.record_id = l.a_record_id "
        f"JOIN {NODES} nb ON nb.source = l.b_source AND nb.record_id = l.b_record_id "
        "WHERE l.decision = 'unlink'"
    )
    labels, refused = cluster(
        records,
        edges.column(0).to_pylist(),
        edges.column(1).to_pylist(),
        edges.column(2).to_pylist(),
        limits,
        zip(*(values.column(i).to_pylist() for i in range(3)), strict=True),
        zip(*(dobs.column(i).to_pylist() for i in range(2)), strict=True),
        zip(*(cannot.column(i).to_pylist() for i in range(2)), strict=True),
    )
    del edges, values, dobs
    engine.register_arrow(
        "rs_refused",
        pa.table(
            {"edge": [r.edge for r in refused], "reason": [r.reason for r in refused]},
            schema=pa.schema([("edge", pa.int64()), ("reason", pa.string())]),
        ),
    )
    engine.register_arrow(
        "rs_labels", pa.table({"node": pa.array(range(records), pa.int64()), "label": labels})
    )
    try:
        engine.execute(f"CREATE OR REPLACE TEMP TABLE {CLUSTERS} AS SELECT * FROM rs_labels")
        with engine.transaction():
            _store_links(engine, run_id, scope)
    finally:
        engine.unregister("rs_labels")
        engine.unregister("rs_refused")
    lap("cluster")

    tell("profiles", 4)
    with engine.transaction():
        changes = assign_profiles(engine, run_id, scope)
        touched = None
        if scope is not None:
            touched = [
                r[0]
                for r in engine.fetchall(
                    "SELECT profile_id FROM rs_overlap UNION SELECT profile_id FROM rs_ids"
                )
            ]
        if scope is None:
            households = assign_households(engine) if cfg.households else 0
        else:  # households are regrouped by the next full run; drop those of retired ids
            if changes.merged:
                engine.execute(
                    "DELETE FROM households WHERE profile_id IN (SELECT profile_id "
                    "FROM rs_overlap WHERE profile_id NOT IN (SELECT profile_id FROM rs_ids))"
                )
            households = 0
        if scope is None:
            engine.execute("DELETE FROM shared_identifiers")
        else:
            engine.execute(
                "DELETE FROM shared_identifiers WHERE (namespace, match_key) IN "
                f"(SELECT (namespace, match_key) FROM {IDV})"
            )
        # one row per shared key (every key of SHARED has carriers in IDV)
        shared = engine.write(
            "INSERT INTO shared_identifiers SELECT ?, s.namespace, s.match_key, count(*), "
            f"any_value(s.reason) FROM {SHARED} s JOIN {IDV} v USING (namespace, match_key) "
            "GROUP BY ALL",
            [run_id],
        )
        lap("profiles")
        result = ResolveResult(
            run_id=run_id,
            records=records,
            identifier_links=id_links,
            probabilistic_links=prob_links,
            refused_links=len(refused),
            shared_identifiers=shared,
            profiles=changes.profiles,
            created=changes.created,
            merged=changes.merged,
            split=changes.split,
            households=households,
            model=model_state,
            seconds=timings,
            profile_ids=touched,
            members_table=RESOLVED_MEMBERS if touched is not None else None,
        )
        engine.execute(
            "INSERT INTO resolution_runs VALUES (?, ?, now(), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                run_id,
                started,
                records,
                id_links,
                prob_links,
                len(refused),
                shared,
                changes.profiles,
                changes.created,
                changes.merged,
                changes.split,
                model_state,
                json.dumps(timings),
            ],
        )
    engine.drop_tables(
        "rs_edges",
        ID_EDGES,
        matching.PROB_EDGES,
        matching.INPUT,
        "rs_variants",
        SCOPE,
        "rs_seeds",
        live_match.NEW_EDGES,
    )
    return result


def _collect_edges(engine: Engine) -> None:
    """All candidate links in the order they are applied: manual, identifiers, probabilistic."""
    engine.execute(
        "CREATE OR REPLACE TEMP TABLE rs_edges AS SELECT (row_number() OVER (ORDER BY rank, "
        "match_weight DESC NULLS LAST, namespace NULLS FIRST, match_key, a, b) - 1)::BIGINT "
        "AS edge, * FROM ("
        f"SELECT na.node AS a, nb.node AS b, {MANUAL} AS rank, 'manual' AS kind, "
        "NULL AS namespace, NULL AS match_key, NULL::DOUBLE AS match_weight, "
        "NULL::JSON AS evidence FROM manual_links l "
        f"JOIN {NODES} na ON na.source = l.a_source AND na.record_id = l.a_record_id "
        f"JOIN {NODES} nb ON nb.source = l.b_source AND nb.record_id = l.b_record_id "
        "WHERE l.decision = 'link' "
        "UNION ALL SELECT a, b, rank, 'identifier', namespace, match_key, NULL, NULL "
        f"FROM {ID_EDGES} "
        f"UNION ALL SELECT a, b, {PROBABILISTIC_RANK}, 'probabilistic', NULL, NULL, "
        f"match_weight, evidence FROM {matching.PROB_EDGES})"
    )


def _previous_probabilistic_edges(engine: Engine, changed: str) -> int:
    """Create :data:`matching.PROB_EDGES` from the stored probabilistic candidates in scope
    and the new records' matches (:data:`live_match.NEW_EDGES`). A changed record's stored
    candidates are dropped: its new version was matched again."""
    return engine.write(
        f"CREATE OR REPLACE TEMP TABLE {matching.PROB_EDGES} AS SELECT "
        "least(na.node, nb.node) AS a, greatest(na.node, nb.node) AS b, "
        "any_value(l.match_weight) AS match_weight, "
        "any_value(l.evidence) AS evidence FROM ("
        "SELECT a_source, a_record_id, b_source, b_record_id, match_weight, evidence "
        "FROM identity_links l WHERE kind = 'probabilistic' AND NOT EXISTS (SELECT 1 FROM "
        f"{changed} c WHERE (c.source = l.a_source AND c.record_id = l.a_record_id) "
        "OR (c.source = l.b_source AND c.record_id = l.b_record_id)) "
        f"UNION ALL SELECT * FROM {live_match.NEW_EDGES}) l "
        f"JOIN {NODES} na ON na.source = l.a_source AND na.record_id = l.a_record_id "
        f"JOIN {NODES} nb ON nb.source = l.b_source AND nb.record_id = l.b_record_id "
        "GROUP BY ALL"
    )


def _store_links(engine: Engine, run_id: int, scope: str | None) -> None:
    """Keep this run's links (accepted and refused, with evidence) in place of the links
    of the records it resolved."""
    if scope is None:
        engine.execute("DELETE FROM identity_links")
    else:
        for side in ("a", "b"):  # two semi-joins: one join on an OR would not hash
            engine.execute(
                f"DELETE FROM identity_links l WHERE EXISTS (SELECT 1 FROM {scope} s "
                f"WHERE s.source = l.{side}_source AND s.record_id = l.{side}_record_id)"
            )
    engine.execute(
        "INSERT INTO identity_links SELECT ?, na.source, na.record_id, nb.source, "
        "nb.record_id, e.kind, e.namespace, e.match_key, e.match_weight, e.evidence, "
        "r.edge IS NULL, r.reason FROM rs_edges e "
        f"JOIN {NODES} na ON na.node = e.a JOIN {NODES} nb ON nb.node = e.b "
        "LEFT JOIN rs_refused r USING (edge)",
        [run_id],
    )
