"""Probabilistic matching of new person records against everyone, for incremental runs.

A full run compares all person records with each other (Splink's ``predict``). An incremental
run compares only the new or changed person records with everyone else, with the saved model
and its blocking rules (Splink's ``predict_between``), so candidates are found through the
blocking keys instead of re-comparing old pairs. Everyone else is ``match_input``: every
person record in Splink's input shape, written by each run for the records it resolved.
The links found pass the same guards as in a full run (:func:`matching.accepted_pairs_sql`).
"""

from __future__ import annotations

import logging
from typing import Any

from tessera.config import ResolutionConfig
from tessera.engines.base import Engine
from tessera.pipeline.resolve import matching
from tessera.pipeline.resolve.graph import IDV, NODES, SHARED, build_nodes

MATCH_INPUT = "match_input"
#: New probabilistic candidates: a_source, a_record_id, b_source, b_record_id, weight, evidence.
NEW_EDGES = "rs_new_prob"
_LEFT = "rs_live_left"
_RIGHT = "rs_live_right"
_KEY = "n.source || chr(31) || n.record_id"


def save_match_input(engine: Engine, scope: str | None) -> None:
    """Write the rows of :data:`matching.INPUT` (built over the current nodes) into
    :data:`MATCH_INPUT`: all of it, or in place of the rows of the records in ``scope``."""
    select = (
        f"SELECT {_KEY} AS unique_id, i.* EXCLUDE (unique_id) FROM {matching.INPUT} i "
        f"JOIN {NODES} n ON n.node = i.unique_id"
    )
    if scope is None or not engine.table_exists(MATCH_INPUT):
        engine.execute(f"CREATE OR REPLACE TABLE {MATCH_INPUT} AS {select}")
        return
    engine.execute(
        f"DELETE FROM {MATCH_INPUT} WHERE unique_id IN "
        f"(SELECT source || chr(31) || record_id FROM {scope})"
    )
    engine.execute(f"INSERT INTO {MATCH_INPUT} {select}")


def match_new_persons(
    engine: Engine, cfg: ResolutionConfig, model: dict[str, Any] | None, changed: str
) -> int:
    """Create :data:`NEW_EDGES`: links from the person records in table ``changed`` to any
    other person record, by the saved model. Returns how many."""
    engine.execute(f"DROP TABLE IF EXISTS {NEW_EDGES}")
    engine.execute(
        f"CREATE TEMP TABLE {NEW_EDGES} (a_source VARCHAR, a_record_id VARCHAR, "
        "b_source VARCHAR, b_record_id VARCHAR, match_weight DOUBLE, evidence JSON)"
    )
    if model is None or not engine.table_exists(MATCH_INPUT):
        return 0
    # The changed records in Splink's input shape, e-mails and phones known to be shared
    # left out as in a full run.
    build_nodes(engine, changed)
    engine.execute(f"DROP TABLE IF EXISTS {IDV}")
    engine.execute(
        f"CREATE TEMP TABLE {IDV} AS SELECT DISTINCT n.node, i.namespace, i.match_key "
        f"FROM identifiers i JOIN {NODES} n USING (source, record_id) "
        "WHERE i.status = 'valid' AND i.match_key IS NOT NULL"
    )
    engine.execute(f"DROP TABLE IF EXISTS {SHARED}")
    engine.execute(
        f"CREATE TEMP TABLE {SHARED} AS SELECT DISTINCT namespace, match_key, reason "
        "FROM shared_identifiers"
    )
    if not matching.build_input(engine):
        return 0
    engine.execute(
        f"CREATE OR REPLACE TEMP TABLE {_LEFT} AS SELECT {_KEY} AS unique_id, "
        f"i.* EXCLUDE (unique_id) FROM {matching.INPUT} i JOIN {NODES} n ON n.node = i.unique_id"
    )
    engine.execute(
        f"CREATE OR REPLACE TEMP TABLE {_RIGHT} AS SELECT * FROM {MATCH_INPUT} "
        f"WHERE unique_id NOT IN (SELECT unique_id FROM {_LEFT}) "
        f"UNION ALL SELECT * FROM {_LEFT}"
    )
    found = predict_between(engine, cfg, model, _LEFT, _RIGHT)
    engine.execute(
        f"INSERT INTO {NEW_EDGES} SELECT split_part(a, chr(31), 1), "
        "substr(a, length(split_part(a, chr(31), 1)) + 2), split_part(b, chr(31), 1), "
        "substr(b, length(split_part(b, chr(31), 1)) + 2), match_weight, evidence "
        f"FROM ({found}) WHERE a <> b"
    )
    for t in (_LEFT, _RIGHT, "rs_live_pairs"):
        engine.execute(f"DROP TABLE IF EXISTS {t}")
    return int(engine.fetchall(f"SELECT count(*) FROM {NEW_EDGES}")[0][0])


def predict_between(
    engine: Engine, cfg: ResolutionConfig, model: dict[str, Any], left: str, right: str
) -> str:
    """Score ``left`` against ``right`` (tables in Splink's input shape) with Splink's
    ``predict_between``; return the SELECT of the accepted pairs (a, b, weight, evidence)."""
    from splink import Linker

    db_api = engine.splink_api()
    right_sdf = db_api.register(right)
    left_sdf = db_api.register(left)
    logging.getLogger("splink").setLevel(logging.ERROR)
    linker = Linker(right_sdf, model, log_level=None)
    for column in ("given", "family", "city"):  # the model's term-frequency columns
        linker.table_management.compute_tf_table(column)
    df = linker.inference.predict_between(
        left_sdf, right_sdf, threshold_match_weight=cfg.match_weight_threshold
    )
    engine.execute(
        f"CREATE OR REPLACE TEMP TABLE rs_live_pairs AS SELECT * FROM {df.physical_name}"
    )
    df.drop_table_from_database_and_remove_from_cache()
    return matching.accepted_pairs_sql(engine, "rs_live_pairs", cfg, "unique_id_l", "unique_id_r")
