"""Scoring a few new person records against everyone, fast enough for each event.

A full run scores pairs with Splink's ``predict`` in the workspace engine. For a handful of new
records that path is dominated by fixed costs (Splink's ``predict_between`` takes ~300 ms
against 1M records whatever the number of new records), so real-time matching takes the route
Splink provides for it, ``compare_records`` with a cached SQL:

1. **Candidates** come from the model's own blocking rules: each rule's equality conditions
   (Splink's ``_equi_join_conditions``) give one key per record — a hash of the rule's
   expressions, NULL when one of them is — stored as a column ``bk<i>`` of ``match_input`` with
   an ART index. A new record's candidates are the records sharing one of its keys: point
   lookups, no scan. Hashes only prefilter: the rules themselves are applied by Splink's SQL.
   A long-lived process (``tessera serve``) mirrors ``match_input`` in memory instead
   (:class:`CandidateIndex`: one SQLite query, ≈ 0.2 ms, where the DuckDB lookups take ≈ 5).
2. **Scores** come from Splink's SQL for the model (``compare_records``, with the blocking
   rules as its join condition), generated once and run on a scratch SQLite database holding
   just the new records and their candidates (:mod:`tessera.engines.scratch`: SQLite keeps
   the prepared statement; DuckDB would plan the 11 KB query again on every call, ~8 ms).
   Term frequencies are those of ``match_input``, computed once per process (Splink's
   ``compute_tf_table`` formula) and refreshed every :data:`TF_REFRESH_SECONDS`.
3. **Guards**: the link conditions of a full run (:func:`matching.link_guard`) on the
   same rows, then the match-weight threshold.

A test holds the scores and accepted pairs equal to Splink's ``predict_between``.
"""

from __future__ import annotations

import json
import re
import time
from dataclasses import dataclass, field
from typing import Any

from tessera.config import ResolutionConfig
from tessera.engines.base import Engine
from tessera.engines.scratch import ScratchDB
from tessera.pipeline.resolve import matching

TF_REFRESH_SECONDS = 600.0
#: Up to this many new records, candidates are found by index point lookups per record and
#: key; more records are joined with ``match_input`` in one set-based query per key.
POINT_LOOKUP_RECORDS = 4
_LEFT, _RIGHT = "live_l", "live_r"
_KEYS = "rs_live_keys"
_CTE = re.compile(r"^(__splink__\w+) as \($", re.MULTILINE)


@dataclass(frozen=True, slots=True)
class BlockingKeys:
    """The model's prediction blocking rules as candidate-lookup keys."""

    rules: tuple[str, ...]
    """Each rule's SQL on ``l`` / ``r``."""
    expressions: tuple[tuple[str, ...], ...]
    """Per rule, the expressions both sides must agree on (in terms of one record)."""

    def key_columns_sql(self) -> str:
        """``bk0, bk1, ...`` of a record: a hash of each rule's expressions, or NULL."""
        parts = []
        for i, exprs in enumerate(self.expressions):
            present = " AND ".join(f"({e}) IS NOT NULL" for e in exprs)
            parts.append(f"CASE WHEN {present} THEN hash({i}, {', '.join(exprs)}) END AS bk{i}")
        return ", ".join(parts)

    @property
    def columns(self) -> list[str]:
        return [f"bk{i}" for i in range(len(self.expressions))]

    def signature(self) -> str:
        return json.dumps([list(e) for e in self.expressions])


def blocking_keys(model: dict[str, Any]) -> BlockingKeys:
    """The lookup keys of the model's prediction blocking rules (Splink parses the rules)."""
    settings = _settings(model)
    rules, exprs = [], []
    for rule in settings._blocking_rules_to_generate_predictions:
        pairs = rule._equi_join_conditions
        if not pairs or any(left != right for left, right in pairs):
            raise ValueError(
                f"blocking rule {rule.blocking_rule_sql!r} has no equality of the same "
                "expression on both sides to look candidates up by"
            )
        rules.append(rule.blocking_rule_sql)
        exprs.append(tuple(left for left, _ in pairs))
    return BlockingKeys(tuple(rules), tuple(exprs))


def _settings(model: dict[str, Any]) -> Any:
    from splink.internals.settings_creator import SettingsCreator

    return SettingsCreator.from_path_or_dict(model).get_settings("duckdb")


class CandidateIndex:
    """``match_input`` mirrored in the scorer's scratch SQLite database, with one index per
    blocking rule on the rule's expressions: a new record's candidates are then one SQLite
    query (the rules OR'ed, answered by the indexes: ≈ 0.2 ms) instead of one DuckDB index
    lookup per rule (≈ 0.5 ms each). For long-lived processes (``tessera serve``): building
    it reads all of ``match_input`` (≈ 9 s and ≈ 0.4 GB at 1M records); every incremental
    run then applies its changes (:meth:`apply`), and a failed batch drops it (rebuilt on
    the next use), since it is not part of the workspace's transactions."""

    TABLE = "mi"

    def __init__(self, scratch: ScratchDB, keys: BlockingKeys, columns: list[str]) -> None:
        self.scratch, self.keys, self.columns = scratch, keys, columns
        self.ready = False

    def build(self, engine: Engine, match_input: str) -> int:
        s, cols = self.scratch, self.columns
        s.execute(f"DROP TABLE IF EXISTS {self.TABLE}")
        s.execute(f"CREATE TABLE {self.TABLE} ({', '.join(cols)})")
        table = engine.fetch_arrow(f"SELECT {', '.join(cols)} FROM {match_input}")
        marks = ", ".join("?" * len(cols))
        for batch in table.to_batches(max_chunksize=100_000):
            columns = [batch.column(i).to_pylist() for i in range(len(cols))]
            s.executemany(f"INSERT INTO {self.TABLE} VALUES ({marks})", zip(*columns, strict=True))
        s.execute(f"CREATE UNIQUE INDEX {self.TABLE}_id ON {self.TABLE} (unique_id)")
        for i, exprs in enumerate(self.keys.expressions):
            s.execute(f"CREATE INDEX {self.TABLE}_k{i} ON {self.TABLE} ({', '.join(exprs)})")
        s.execute(f"ANALYZE {self.TABLE}")
        self.ready = True
        return int(table.num_rows)

    def count(self) -> int:
        """How many records the mirror holds."""
        return int(self.scratch.fetchall(f"SELECT count(*) FROM {self.TABLE}")[0][0])

    def apply(self, removed: list[str], rows: list[tuple[Any, ...]]) -> None:
        """Remove the records ``removed`` (unique ids), then add ``rows`` (input columns)."""
        s = self.scratch
        s.executemany(f"DELETE FROM {self.TABLE} WHERE unique_id = ?", ((r,) for r in removed))
        marks = ", ".join("?" * len(self.columns))
        s.executemany(f"INSERT OR REPLACE INTO {self.TABLE} VALUES ({marks})", rows)

    def candidates_sql(self) -> str:
        """SELECT the candidate rows of the records in the scratch table of new records."""
        rules = " OR ".join(f"({rule})" for rule in self.keys.rules)
        cols = ", ".join(f"r.{c}" for c in self.columns)
        return f"SELECT DISTINCT {cols} FROM {_LEFT} l JOIN {self.TABLE} r ON {rules}"


@dataclass
class LiveScorer:
    """Per engine session and model: keys, term frequencies, the prepared scoring SQL."""

    model: dict[str, Any]
    keys: BlockingKeys
    input_columns: list[str]
    tf_columns: list[str]
    scratch: ScratchDB = field(default_factory=ScratchDB)
    tf: dict[str, dict[Any, float]] = field(default_factory=dict)
    tf_at: float = 0.0
    sql: str = ""
    index: CandidateIndex | None = None
    _cols: list[str] = field(default_factory=list)
    _out: list[str] = field(default_factory=list)

    @classmethod
    def build(cls, model: dict[str, Any], match_input: str, columns: list[str]) -> LiveScorer:
        """A scorer for ``model`` over table ``match_input`` (Splink input ``columns``)."""
        tf_columns = [c.unquote().name for c in _settings(model)._term_frequency_columns]
        scorer = cls(model, blocking_keys(model), columns, tf_columns)
        scorer._prepare()
        return scorer

    def _prepare(self) -> None:
        """Create the scratch tables and generate Splink's scoring SQL for them, once."""
        from splink.internals.realtime import compare_records

        cols = self.input_columns + [f"tf_{c}" for c in self.tf_columns]
        for table in (_LEFT, _RIGHT):
            self.scratch.execute(f"DROP TABLE IF EXISTS {table}")
            self.scratch.execute(f"CREATE TABLE {table} ({', '.join(cols)})")
        join = " OR ".join(f"({rule})" for rule in self.keys.rules)
        df = compare_records(
            _LEFT,
            _RIGHT,
            self.model,
            self.scratch.splink_api(),
            join_condition=f"l.unique_id <> r.unique_id AND ({join})",
        )
        sql = str(df.sql_used_to_create)
        df.drop_table_from_database_and_remove_from_cache(force_non_splink_table=True)
        sql = re.sub(r"^\s*CREATE TABLE \S+ AS\s*", "", sql, flags=re.IGNORECASE)
        # SQLite would inline each CTE wherever it is used (the string comparisons of one
        # pair then run hundreds of times); materialized, each runs once per pair.
        self.sql = _CTE.sub(r"\1 AS MATERIALIZED (", sql)
        self._cols = cols
        self._out = self.scratch.columns(self.sql)

    def _guarded(self, cfg: ResolutionConfig) -> str:
        evidence, condition = matching.link_guard(self._out, cfg)
        return (
            f"SELECT unique_id_l, unique_id_r, match_weight, {evidence} FROM ({self.sql}) "
            f"WHERE match_weight >= ? AND {condition}"
        )

    def _term_frequencies(self, engine: Engine, match_input: str) -> None:
        if self.tf and time.monotonic() - self.tf_at < TF_REFRESH_SECONDS:
            return
        self.tf = {}
        for c in self.tf_columns:
            rows = engine.fetchall(
                f"SELECT {c}, count(*) / sum(count(*)) OVER () FROM {match_input} "
                f"WHERE {c} IS NOT NULL GROUP BY {c}"
            )
            self.tf[c] = {v: float(f) for v, f in rows}
        self.tf_at = time.monotonic()

    def candidates(
        self, engine: Engine, match_input: str, left: str
    ) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        """The new records (table ``left``, Splink's input shape) and their candidates."""
        names = self.input_columns
        columns = ", ".join(names)
        width = len(names)
        keyed = engine.fetchall(f"SELECT {columns}, {self.keys.key_columns_sql()} FROM {left}")
        if len(keyed) <= POINT_LOOKUP_RECORDS:
            branches, params = [], []
            for row in keyed:
                for col, key in zip(self.keys.columns, row[width:], strict=True):
                    if key is not None:
                        branches.append(f"SELECT {columns} FROM {match_input} WHERE {col} = ?")
                        params.append(key)
            found = engine.fetchall(" UNION ALL ".join(branches), params) if branches else []
        else:
            engine.execute(
                f"CREATE OR REPLACE TEMP TABLE {_KEYS} AS "
                f"SELECT {self.keys.key_columns_sql()} FROM {left}"
            )
            found = engine.fetchall(
                " UNION ALL ".join(
                    f"SELECT {columns} FROM {match_input} SEMI JOIN {_KEYS} k USING ({c})"
                    for c in self.keys.columns
                )
            )
            engine.execute(f"DROP TABLE {_KEYS}")
        lefts = [dict(zip(names, row[:width], strict=True)) for row in keyed]
        new_ids = {row["unique_id"] for row in lefts}
        seen: set[Any] = set()
        right = []
        at = names.index("unique_id")
        for row in found:
            uid = row[at]
            if uid not in seen and uid not in new_ids:
                seen.add(uid)
                right.append(dict(zip(names, row, strict=True)))
        return lefts, right

    def use_index(self, engine: Engine, match_input: str) -> int:
        """Mirror ``match_input`` into a :class:`CandidateIndex` (returns its records)."""
        self.index = CandidateIndex(self.scratch, self.keys, self.input_columns)
        return self.index.build(engine, match_input)

    def score(
        self, engine: Engine, match_input: str, left: str, cfg: ResolutionConfig
    ) -> list[tuple[str, str, float, str]]:
        """Accepted pairs (a, b, match weight, evidence JSON) of the records in ``left``
        with any other record, a < b."""
        self._term_frequencies(engine, match_input)
        s = self.scratch
        s.execute(f"DELETE FROM {_LEFT}")
        s.execute(f"DELETE FROM {_RIGHT}")
        marks = ", ".join("?" * len(self._cols))
        if self.index is not None and self.index.ready:
            lefts, right = self._indexed_candidates(engine, left, marks)
        else:
            lefts, right = self.candidates(engine, match_input, left)
            s.executemany(f"INSERT INTO {_LEFT} VALUES ({marks})", map(self._row, lefts))
        if not lefts:
            return []
        rows_l = [self._row(r) for r in lefts]
        rows_r = [self._row(r) for r in right] + rows_l  # new records may match each other
        s.executemany(f"INSERT INTO {_RIGHT} VALUES ({marks})", rows_r)
        found = s.fetchall(self._guarded(cfg), [cfg.match_weight_threshold])
        pairs: dict[tuple[str, str], tuple[str, str, float, str]] = {}
        for a, b, weight, evidence in found:
            lo, hi = (a, b) if a < b else (b, a)
            pairs.setdefault((lo, hi), (lo, hi, float(weight), evidence))
        return list(pairs.values())

    def _indexed_candidates(
        self, engine: Engine, left: str, marks: str
    ) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        """The new records (written to the scratch table as well) and their candidates
        from the in-memory :class:`CandidateIndex`."""
        assert self.index is not None
        names = self.input_columns
        rows = engine.fetchall(f"SELECT {', '.join(names)} FROM {left}")
        lefts = [dict(zip(names, row, strict=True)) for row in rows]
        self.scratch.executemany(f"INSERT INTO {_LEFT} VALUES ({marks})", map(self._row, lefts))
        new_ids = {r["unique_id"] for r in lefts}
        at = names.index("unique_id")
        right = [
            dict(zip(names, row, strict=True))
            for row in (self.scratch.fetchall(self.index.candidates_sql()) if lefts else [])
            if row[at] not in new_ids
        ]
        return lefts, right

    def _row(self, record: dict[str, Any]) -> list[Any]:
        return [record[c] for c in self.input_columns] + [
            self.tf[c].get(record[c]) for c in self.tf_columns
        ]
