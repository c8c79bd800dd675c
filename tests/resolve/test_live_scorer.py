"""The real-time scorer gives Splink's answer: the same accepted pairs and match weights as
Splink's ``predict_between`` over DuckDB with the saved model, and the scratch database's
string functions equal DuckDB's."""

from __future__ import annotations

import logging
from pathlib import Path

import duckdb
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.conftest import resolved_demo

from tessera.engines.scratch import ScratchDB
from tessera.pipeline.resolve import live_match, matching
from tessera.pipeline.resolve.live_scorer import LiveScorer, blocking_keys
from tessera.workspace import Workspace


@pytest.fixture(scope="module")
def resolved(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("scorer") / "demo"
    assert resolved_demo(folder, 400, 11) == "trained"
    return folder


def _splink_pairs(ws: Workspace, model: dict, left: str) -> dict[tuple[str, str], float]:
    """Splink's predict_between of table ``left`` against all of match_input, guarded."""
    from splink import Linker

    e, cfg = ws.engine, ws.config.resolution
    logging.getLogger("splink").setLevel(logging.ERROR)
    api = e.splink_api()
    e.execute(f"CREATE OR REPLACE TABLE t_right AS SELECT {_cols(ws)} FROM match_input")
    right = api.register("t_right")
    linker = Linker(right, model, log_level=None)
    for column in ("given", "family", "city"):
        linker.table_management.compute_tf_table(column)
    df = linker.inference.predict_between(
        api.register(left), right, threshold_match_weight=cfg.match_weight_threshold
    )
    e.execute(f"CREATE OR REPLACE TABLE t_pred AS SELECT * FROM {df.physical_name}")
    sql = matching.accepted_pairs_sql(e, "t_pred", cfg, "unique_id_l", "unique_id_r")
    rows = e.fetchall(f"SELECT a, b, match_weight FROM ({sql}) WHERE a <> b")
    return {(a, b): w for a, b, w in rows}


def _agree(ws: Workspace, scorer: LiveScorer, model: dict, groups: list[list[str]]) -> int:
    """Score each group of match_input records as new ones; assert the accepted pairs and
    weights equal Splink's predict_between. Returns how many groups found a link."""
    e, cfg = ws.engine, ws.config.resolution
    linked = 0
    for group in groups:
        e.execute(
            f"CREATE OR REPLACE TABLE t_left AS SELECT {_cols(ws)} FROM match_input "
            "WHERE unique_id IN (SELECT unnest(?::VARCHAR[]))",
            [group],
        )
        expected = _splink_pairs(ws, model, "t_left")
        got = {(a, b): w for a, b, w, _ in scorer.score(e, "match_input", "t_left", cfg)}
        assert got.keys() == expected.keys(), group
        for pair, weight in expected.items():
            assert got[pair] == pytest.approx(weight, abs=1e-9)
        linked += bool(got)
    return linked


def _cols(ws: Workspace) -> str:
    return ", ".join(live_match.input_columns(ws.engine))


def test_scores_and_links_equal_splink_predict_between(resolved: Path) -> None:
    with Workspace.open(resolved) as ws:
        e = ws.engine
        model = matching.load_model(e)
        assert model is not None
        keys = blocking_keys(model)
        assert keys.columns == [f"bk{i}" for i in range(len(keys.rules))]
        indexed = {
            r[0]
            for r in e.fetchall(
                "SELECT index_name FROM duckdb_indexes() WHERE table_name = ?",
                [live_match.MATCH_INPUT],
            )
        }
        assert {f"match_input_{c}" for c in keys.columns} <= indexed
        scorer = LiveScorer.build(model, live_match.MATCH_INPUT, live_match.input_columns(e))
        assert scorer.sql.count("AS MATERIALIZED (") >= 3, "CTEs run once per pair"
        ids = [
            r[0]
            for r in e.fetchall(
                "SELECT unique_id FROM match_input ORDER BY hash(unique_id) LIMIT 60"
            )
        ]
        # One record at a time (DuckDB key lookups), then twelve at once (set-based path).
        groups = [[uid] for uid in ids] + [ids[:12]]
        assert _agree(ws, scorer, model, groups) >= 10, "the sample holds records with matches"
        # The same through the in-memory candidate index (one SQLite query, rule indexes).
        total = int(e.fetchall("SELECT count(*) FROM match_input")[0][0])
        assert scorer.use_index(e, "match_input") == total
        assert scorer.index is not None
        plan = " ".join(
            str(r[-1])
            for r in scorer.scratch.fetchall("EXPLAIN QUERY PLAN " + scorer.index.candidates_sql())
        )
        assert "MULTI-INDEX OR" in plan and plan.count("USING INDEX") == len(keys.rules), plan
        assert _agree(ws, scorer, model, groups) >= 10


# Latin with the diacritics of the seeds' languages (Italian, Portuguese, Polish), Persian
# letters, and a decomposed accent (a combining mark is a code point of its own in both).
_ALPHABET = "abcdeéfghijklmnñopqrstuvwxyz -'0123456789àãçõóąćęłńśźżشیرینمحمدعلی" + "e\u0301"
_text = st.text(alphabet=_ALPHABET, max_size=14)


_FUNCTIONS = (
    "jaro_winkler_similarity(a, b)",
    "damerau_levenshtein(a, b)",
    "split_part(a || ' ' || b, ' ', 1)",
    "split_part(a || ' ' || b, ' ', 2)",
)


# Each example is a batch of pairs compared in one query per database: 300 examples of up to
# 40 pairs check ~6,000 pairs in seconds (one query per pair took a minute for 2,000).
@settings(max_examples=300, deadline=None)
@given(pairs=st.lists(st.tuples(_text, _text), min_size=1, max_size=40))
def test_scratch_string_functions_equal_duckdb(pairs: list[tuple[str, str]]) -> None:
    scratch = _scratch()
    con = _duck()
    values = ", ".join("(?, ?, ?)" for _ in pairs)
    params = [x for i, (a, b) in enumerate(pairs) for x in (i, a, b)]
    select = (
        f"WITH t(i, a, b) AS (VALUES {values}) SELECT {', '.join(_FUNCTIONS)} FROM t ORDER BY i"
    )
    mine = scratch.fetchall(select, params)
    theirs = con.execute(select, params).fetchall()
    for (a, b), got, expected in zip(pairs, mine, theirs, strict=True):
        for function, x, y in zip(_FUNCTIONS, got, expected, strict=True):
            assert x == pytest.approx(y, abs=1e-12), (function, a, b)
    assert scratch.fetchall("SELECT jaro_winkler_similarity(NULL, ?)", [pairs[0][0]])[0][0] is None


_CACHE: dict[str, object] = {}


def _scratch() -> ScratchDB:
    return _CACHE.setdefault("s", ScratchDB())  # type: ignore[return-value]


def _duck() -> duckdb.DuckDBPyConnection:
    return _CACHE.setdefault("d", duckdb.connect())  # type: ignore[return-value]
