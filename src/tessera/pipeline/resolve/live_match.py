"""Probabilistic matching of new person records against everyone, for incremental runs.

A full run compares all person records with each other (Splink's ``predict``). An incremental
run compares only the new or changed person records that share no identifier with anyone
(those that do are joined deterministically) with everyone else, with the saved model
(:mod:`tessera.pipeline.resolve.live_scorer`: candidates through the model's blocking rules by
index lookups, Splink's scoring SQL on just those). Everyone else is ``match_input``: every
person record in Splink's input shape plus one lookup key per blocking rule, written by each
run for the records it resolved.
The links found pass the same guards as in a full run (:func:`matching.link_guard`).
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
from tessera.pipeline.resolve.live_scorer import BlockingKeys, LiveScorer, blocking_keys

log = logging.getLogger(__name__)

MATCH_INPUT = "match_input"
#: New probabilistic candidates: a_source, a_record_id, b_source, b_record_id, weight, evidence.
NEW_EDGES = "rs_new_prob"
_LEFT = "rs_live_left"
_KEY = "n.source || chr(31) || n.record_id"
#: meta key: the blocking-rule expressions match_input's key columns were built for.
KEYS_META = "match_input_keys"

# Engine sessions whose scorer keeps a CandidateIndex (use_candidate_index).
_WANT_INDEX: weakref.WeakSet[Any] = weakref.WeakSet()
# Per engine session: (model text, scorer).
_SCORERS: weakref.WeakKeyDictionary[Any, tuple[str, LiveScorer]] = weakref.WeakKeyDictionary()


def save_match_input(engine: Engine, scope: str | None, model: dict[str, Any] | None) -> None:
    """Write the rows of :data:`matching.INPUT` (built over the current nodes) into
    :data:`MATCH_INPUT`: all of it, or in place of the rows of the records in ``scope``;
    with the lookup key of each of the ``model``'s blocking rules."""
    keys = blocking_keys(model) if model is not None else None
    rows = (
        f"SELECT {_KEY} AS unique_id, i.* EXCLUDE (unique_id) FROM {matching.INPUT} i "
        f"JOIN {NODES} n ON n.node = i.unique_id"
    )
    select = f"SELECT *{', ' + keys.key_columns_sql() if keys else ''} FROM ({rows})"
    if scope is None or not engine.table_exists(MATCH_INPUT):
        engine.execute(f"CREATE OR REPLACE TABLE {MATCH_INPUT} AS {select}")
        _index(engine, keys)
        return
    if not _keys_current(engine, keys):  # written before this model
        _rekey(engine, keys)
        _index(engine, keys)
    engine.execute(
        f"DELETE FROM {MATCH_INPUT} WHERE unique_id IN "
        f"(SELECT source || chr(31) || record_id FROM {scope})"
    )
    engine.execute(f"INSERT INTO {MATCH_INPUT} {select}")
    cached = _SCORERS.get(engine)
    if cached and cached[1].index is not None:  # the in-memory mirror follows
        removed = [
            str(r[0])
            for r in engine.fetchall(f"SELECT source || chr(31) || record_id FROM {scope}")
        ]
        cached[1].index.apply(removed, engine.fetchall(rows))


def _keys_current(engine: Engine, keys: BlockingKeys | None) -> bool:
    rows = engine.fetchall("SELECT value FROM meta WHERE key = ?", [KEYS_META])
    return (rows[0][0] if rows else None) == (keys.signature() if keys else None)


def _rekey(engine: Engine, keys: BlockingKeys | None) -> None:
    """Rebuild match_input with the key columns of ``keys`` (a retrained model's rules)."""
    engine.execute(
        f"CREATE OR REPLACE TABLE {MATCH_INPUT} AS SELECT {', '.join(input_columns(engine))}"
        f"{', ' + keys.key_columns_sql() if keys else ''} FROM {MATCH_INPUT}"
    )


def input_columns(engine: Engine) -> list[str]:
    """The columns of :data:`MATCH_INPUT` in Splink's input shape (not the lookup keys)."""
    return [
        str(r[0])
        for r in engine.fetchall(
            "SELECT column_name FROM duckdb_columns() WHERE table_name = ? "
            "AND NOT regexp_matches(column_name, '^bk[0-9]+$') ORDER BY column_index",
            [MATCH_INPUT],
        )
    ]


def _index(engine: Engine, keys: BlockingKeys | None) -> None:
    """ART indexes on the key columns (after the bulk write), and the keys' signature."""
    for col in keys.columns if keys else []:
        engine.execute(f"CREATE INDEX IF NOT EXISTS {MATCH_INPUT}_{col} ON {MATCH_INPUT} ({col})")
    engine.execute("DELETE FROM meta WHERE key = ?", [KEYS_META])
    if keys:
        engine.execute("INSERT INTO meta (key, value) VALUES (?, ?)", [KEYS_META, keys.signature()])


def match_new_persons(
    engine: Engine, cfg: ResolutionConfig, model: dict[str, Any] | None, changed: str
) -> int:
    """Create :data:`NEW_EDGES`: links from the person records in table ``changed`` to any
    other person record, by the saved model. Returns how many."""
    engine.execute(
        f"CREATE OR REPLACE TEMP TABLE {NEW_EDGES} (a_source VARCHAR, a_record_id VARCHAR, "
        "b_source VARCHAR, b_record_id VARCHAR, match_weight DOUBLE, evidence JSON)"
    )
    if model is None or not engine.table_exists(MATCH_INPUT):
        return 0
    # The changed records in Splink's input shape, e-mails and phones known to be shared
    # left out as in a full run.
    build_nodes(engine, changed)
    build_identifier_values(engine)
    engine.execute(
        f"CREATE OR REPLACE TEMP TABLE {SHARED} AS SELECT DISTINCT namespace, match_key, reason "
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
    pairs = scorer(engine, model).score(engine, MATCH_INPUT, _LEFT, cfg)
    engine.execute(f"DROP TABLE IF EXISTS {_LEFT}")
    rows = [(*_split(a), *_split(b), weight, evidence) for a, b, weight, evidence in pairs]
    if rows:
        values = ", ".join(["(?, ?, ?, ?, ?, ?)"] * len(rows))
        engine.execute(f"INSERT INTO {NEW_EDGES} VALUES {values}", [v for row in rows for v in row])
    return len(rows)


def _split(key: str) -> tuple[str, str]:
    source, _, record_id = key.partition(chr(31))
    return source, record_id


def scorer(engine: Engine, model: dict[str, Any]) -> LiveScorer:
    """This engine session's scorer for ``model`` (built on first use, then kept)."""
    text = json.dumps(model, sort_keys=True)
    cached = _SCORERS.get(engine)
    if cached and cached[0] == text:
        return cached[1]
    keys = blocking_keys(model)
    if not _keys_current(engine, keys):  # match_input written before this model
        _rekey(engine, keys)
        _index(engine, keys)
    built = LiveScorer.build(model, MATCH_INPUT, input_columns(engine))
    if engine in _WANT_INDEX:
        started = time.perf_counter()
        count = built.use_index(engine, MATCH_INPUT)
        log.info("candidate index: %d records in %.1f s", count, time.perf_counter() - started)
    _SCORERS[engine] = (text, built)
    return built


def use_candidate_index(engine: Engine) -> int | None:
    """Mirror match_input in memory for this engine session's real-time matching (a
    long-lived process: ``tessera serve``), now and whenever the scorer is rebuilt; returns
    the records mirrored, None when there is no model or match_input yet (the mirror is
    made when the first incremental run needs the scorer)."""
    _WANT_INDEX.add(engine)
    model = matching.load_model(engine)
    if model is None or not engine.table_exists(MATCH_INPUT):
        return None
    built = scorer(engine, model)
    if built.index is None:
        built.use_index(engine, MATCH_INPUT)
    assert built.index is not None
    return built.index.count()


def forget(engine: Engine) -> None:
    """Drop this session's scorer (a full run rewrites match_input and the model)."""
    _SCORERS.pop(engine, None)
