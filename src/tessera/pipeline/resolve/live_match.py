"""Probabilistic matching of new person records against everyone, for incremental runs.

A full run compares all person records with each other (Splink's ``predict``). An incremental
run compares only the new or changed person records that share no identifier with anyone
(those that do are joined deterministically) with everyone else, with the saved model and its
blocking rules (Splink's ``predict_between``). Everyone else is ``match_input``: every person
record in Splink's input shape, written by each run for the records it resolved.

Candidates are first narrowed with one scan of ``match_input``: every prediction blocking rule
requires equality on at least one plain column (given_canon, family, birth_date, postcode,
address, e-mail, phone), so records equal to a new record on none of those can never be
blocked with it. Splink then blocks and scores the new records against that small table,
with term frequencies computed once per process from the whole ``match_input`` (they drift
slightly until the cache is refreshed, every :data:`TF_REFRESH_SECONDS`).
The links found pass the same guards as in a full run (:func:`matching.accepted_pairs_sql`).
"""

from __future__ import annotations

import json
import logging
import time
import weakref
from typing import Any

from tessera.config import ResolutionConfig
from tessera.engines.base import Engine
from tessera.pipeline.resolve import matching
from tessera.pipeline.resolve.graph import (
    IDV,
    NODES,
    SHARED,
    build_identifier_values,
    build_nodes,
)

MATCH_INPUT = "match_input"
#: New probabilistic candidates: a_source, a_record_id, b_source, b_record_id, weight, evidence.
NEW_EDGES = "rs_new_prob"
_LEFT = "rs_live_left"
_RIGHT = "rs_live_right"
_KEY = "n.source || chr(31) || n.record_id"
#: Columns one of which every prediction blocking rule of the model compares for equality.
_BLOCKING_COLUMNS = ("given_canon", "family", "birth_date", "postcode", "address", "email", "phone")
#: The model's term-frequency columns.
_TF_COLUMNS = ("given", "family", "city")
TF_REFRESH_SECONDS = 600.0

# Per engine session: (model text, linker over match_input with its TF tables, built at).
_LINKERS: weakref.WeakKeyDictionary[Any, tuple[str, Any, float]] = weakref.WeakKeyDictionary()


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
    build_identifier_values(engine)
    engine.execute(f"DROP TABLE IF EXISTS {SHARED}")
    engine.execute(
        f"CREATE TEMP TABLE {SHARED} AS SELECT DISTINCT namespace, match_key, reason "
        "FROM shared_identifiers"
    )
    if not matching.build_input(engine):
        return 0
    # Only records sharing no valid identifier with an earlier record: the others are joined
    # by their identifiers (and the earlier record was compared with everyone on arrival).
    # Records of the same batch do not count (a new user's identify and first order).
    engine.execute(
        f"CREATE OR REPLACE TEMP TABLE {_LEFT} AS SELECT {_KEY} AS unique_id, "
        f"i.* EXCLUDE (unique_id) FROM {matching.INPUT} i JOIN {NODES} n ON n.node = i.unique_id "
        f"WHERE NOT EXISTS (SELECT 1 FROM {IDV} v JOIN identifiers o "
        "ON o.namespace = v.namespace AND o.match_key = v.match_key AND o.status = 'valid' "
        f"ANTI JOIN {changed} c ON c.source = o.source AND c.record_id = o.record_id "
        "WHERE v.node = n.node)"
    )
    if not engine.fetchall(f"SELECT count(*) FROM {_LEFT}")[0][0]:
        return 0
    near = " OR ".join(
        f"r.{c} IN (SELECT {c} FROM {_LEFT} WHERE {c} IS NOT NULL)" for c in _BLOCKING_COLUMNS
    )
    engine.execute(
        f"CREATE OR REPLACE TEMP TABLE {_RIGHT} AS SELECT * FROM {MATCH_INPUT} r "
        f"WHERE ({near}) AND r.unique_id NOT IN (SELECT unique_id FROM {_LEFT}) "
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
    matching.drop_splink_tables(engine, keep=_cached_tables(engine))
    return int(engine.fetchall(f"SELECT count(*) FROM {NEW_EDGES}")[0][0])


def predict_between(
    engine: Engine, cfg: ResolutionConfig, model: dict[str, Any], left: str, right: str
) -> str:
    """Score ``left`` against ``right`` (tables in Splink's input shape) with Splink's
    ``predict_between``; return the SELECT of the accepted pairs (a, b, weight, evidence)."""
    linker = _linker(engine, model)
    db_api = linker._db_api  # the linker's own: predict_between needs tables registered there
    right_sdf = db_api.register(right)
    left_sdf = db_api.register(left)
    df = linker.inference.predict_between(
        left_sdf, right_sdf, threshold_match_weight=cfg.match_weight_threshold
    )
    engine.execute(
        f"CREATE OR REPLACE TEMP TABLE rs_live_pairs AS SELECT * FROM {df.physical_name}"
    )
    df.drop_table_from_database_and_remove_from_cache()
    return matching.accepted_pairs_sql(engine, "rs_live_pairs", cfg, "unique_id_l", "unique_id_r")


def _linker(engine: Engine, model: dict[str, Any]) -> Any:
    """A Splink linker over :data:`MATCH_INPUT` with its term-frequency tables, kept per engine
    session while the model is the same and for at most :data:`TF_REFRESH_SECONDS`."""
    from splink import Linker

    text = json.dumps(model, sort_keys=True)
    cached = _LINKERS.get(engine)
    if cached and cached[0] == text and time.monotonic() - cached[2] < TF_REFRESH_SECONDS:
        return cached[1]
    logging.getLogger("splink").setLevel(logging.ERROR)
    linker = Linker(engine.splink_api().register(MATCH_INPUT), model, log_level=None)
    for column in _TF_COLUMNS:
        linker.table_management.compute_tf_table(column)
    _LINKERS[engine] = (text, linker, time.monotonic())
    return linker


def _cached_tables(engine: Engine) -> set[str]:
    """The physical tables (term frequencies) of this session's cached linker."""
    cached = _LINKERS.get(engine)
    if not cached:
        return set()
    cache = cached[1]._intermediate_table_cache
    return {cache[name].physical_name for name in list(cache)}


def forget(engine: Engine) -> None:
    """Drop this session's cached linker (a full run rewrites match_input and the model)."""
    _LINKERS.pop(engine, None)
