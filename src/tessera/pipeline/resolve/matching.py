"""Probabilistic matching of person records with Splink, on the workspace's own engine.

Person records are compared on names (nicknames and transliterations folded, Jaro-Winkler for
typos), birth date (typos and day-month swaps), postcode, city, address, e-mail and phone.
The model is trained unsupervised — u by random sampling, m by expectation maximisation — and
saved in the workspace (``meta`` table, key ``splink_model``) to be reused until
``--retrain``. Each accepted link keeps its evidence: the match weight and every comparison's
contribution (log2 of its Bayes factor).
"""

from __future__ import annotations

import json
import logging
from typing import Any

from tessera.config import ResolutionConfig
from tessera.engines.base import Engine
from tessera.pipeline.resolve.graph import IDV, NODES, SHARED, names_differ_sql

INPUT = "rs_splink_input"
PROB_EDGES = "rs_prob_edges"
MODEL_KEY = "splink_model"

#: Same year, day and month swapped (ISO text dates of a Splink pair).
DOB_SWAPPED = (
    "substr(birth_date_l, 1, 4) = substr(birth_date_r, 1, 4) AND "
    "substr(birth_date_l, 6, 2) = substr(birth_date_r, 9, 2) AND "
    "substr(birth_date_l, 9, 2) = substr(birth_date_r, 6, 2)"
)

#: Columns Splink compares, built from the standardized records and identifiers.
_INPUT_SQL = f"""
SELECT n.node AS unique_id, n.given_name_key AS given, n.given_canon,
       n.family_name_key AS family, strftime(n.birth_date, '%Y-%m-%d') AS birth_date,
       n.postcode, n.city_key AS city, n.address_line1_key AS address,
       e.email, p.phone
FROM {NODES} n
LEFT JOIN (SELECT node, min(match_key) AS email FROM {IDV} v
           ANTI JOIN {SHARED} s USING (namespace, match_key)
           WHERE namespace = 'email' GROUP BY node) e USING (node)
LEFT JOIN (SELECT node, min(match_key) AS phone FROM {IDV} v
           ANTI JOIN {SHARED} s USING (namespace, match_key)
           WHERE namespace = 'phone' GROUP BY node) p USING (node)
WHERE n.kind = 'person' {{where}}
"""


def _settings() -> Any:
    import splink.comparison_level_library as cll
    import splink.comparison_library as cl
    from splink import SettingsCreator, block_on

    # Given and family name typed into each other's field (common in hand-typed forms).
    swapped = cll.CustomLevel(
        "given_l = family_r AND family_l = given_r", label_for_charts="names swapped"
    )
    given = cl.CustomComparison(
        output_column_name="given",
        comparison_levels=[
            cll.NullLevel("given"),
            cll.ExactMatchLevel("given").configure(tf_adjustment_column="given"),
            swapped,
            cll.ExactMatchLevel("given_canon"),
            cll.JaroWinklerLevel("given", 0.92),
            cll.JaroWinklerLevel("given", 0.8),
            cll.ElseLevel(),
        ],
    )
    dob = cl.CustomComparison(
        output_column_name="birth_date",
        comparison_levels=[
            cll.NullLevel("birth_date"),
            cll.ExactMatchLevel("birth_date"),
            cll.CustomLevel(
                DOB_SWAPPED,
                label_for_charts="day and month swapped",
            ),
            cll.DamerauLevenshteinLevel("birth_date", 1),
            cll.ElseLevel(),
        ],
    )
    return SettingsCreator(
        link_type="dedupe_only",
        unique_id_column_name="unique_id",
        comparisons=[
            given,
            cl.CustomComparison(
                output_column_name="family",
                comparison_levels=[
                    cll.NullLevel("family"),
                    cll.ExactMatchLevel("family").configure(tf_adjustment_column="family"),
                    swapped,
                    cll.JaroWinklerLevel("family", 0.92),
                    cll.JaroWinklerLevel("family", 0.88),
                    cll.JaroWinklerLevel("family", 0.7),
                    cll.ElseLevel(),
                ],
            ),
            dob,
            cl.ExactMatch("postcode"),
            cl.ExactMatch("city").configure(term_frequency_adjustments=True),
            cl.JaroWinklerAtThresholds("address", [0.95, 0.85]),
            # Exact only: customers' e-mails are built from their names, so a similar-looking
            # address mostly repeats the name evidence (and breaks Splink's independence
            # assumption); an identical one is already a deterministic link unless shared.
            cl.ExactMatch("email"),
            cl.ExactMatch("phone"),
        ],
        blocking_rules_to_generate_predictions=[
            block_on("given_canon", "family"),
            block_on("birth_date", "substr(family, 1, 2)"),
            block_on("birth_date", "substr(given, 1, 2)"),
            block_on("family", "postcode"),
            block_on("postcode", "birth_date"),
            block_on("address", "substr(given, 1, 1)"),
            block_on("email"),
            block_on("phone"),
        ],
        retain_intermediate_calculation_columns=True,
        retain_matching_columns=True,
    )


def build_input(engine: Engine, where: str = "") -> int:
    """Create the Splink input table of person records; return its row count."""
    return engine.write(f"CREATE OR REPLACE TEMP TABLE {INPUT} AS {_INPUT_SQL.format(where=where)}")


def drop_splink_tables(engine: Engine, keep: set[str] | frozenset[str] = frozenset()) -> None:
    """Drop the work tables Splink leaves in the database (``__splink__*``), but ``keep``."""
    rows = engine.fetchall(
        "SELECT schema_name, table_name FROM duckdb_tables() "
        "WHERE starts_with(table_name, '__splink__')"
    )
    for schema, table in rows:
        if table not in keep:
            engine.execute(f'DROP TABLE IF EXISTS "{schema}"."{table}"')


def load_model(engine: Engine) -> dict[str, Any] | None:
    """The saved Splink model of this workspace, if one was trained."""
    rows = engine.fetchall("SELECT value FROM meta WHERE key = ?", [MODEL_KEY])
    return json.loads(rows[0][0]) if rows else None


def _linker(engine: Engine, settings: Any) -> Any:
    from splink import Linker

    db_api = engine.splink_api()
    sdf = db_api.register(INPUT)
    # Splink's warnings (an unobserved comparison level, say) are for model authors; Tessera
    # reports what matters in its own run summary.
    logging.getLogger("splink").setLevel(logging.ERROR)
    return Linker(sdf, settings, log_level=None)


def train(engine: Engine, cfg: ResolutionConfig) -> dict[str, Any]:
    """Train the model on the current input (u by sampling, m by EM) and save it."""
    from splink import block_on

    linker = _linker(engine, _settings())
    linker.training.estimate_probability_two_random_records_match(
        [block_on("given_canon", "family", "birth_date")], recall=0.7
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=cfg.u_max_pairs, seed=cfg.seed)
    # Each session estimates the comparisons its blocking rule does not fix. On some data a
    # session degenerates (an m probability underflows inside Splink's EM): then the next
    # rule that trains the same comparisons is tried.
    sessions = [
        [block_on("given_canon", "family"), block_on("email"), block_on("phone")],
        [block_on("birth_date"), block_on("email"), block_on("phone"), block_on("postcode")],
    ]
    for candidates in sessions:
        for rule in candidates:
            try:
                linker.training.estimate_parameters_using_expectation_maximisation(
                    rule, max_pairs=cfg.em_max_pairs
                )
                break
            except ValueError as exc:
                logging.getLogger(__name__).info("EM session failed, next rule: %s", exc)
    model: dict[str, Any] = _floor_m(linker.misc.save_model_to_json())
    engine.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", [MODEL_KEY, json.dumps(model)])
    return model


#: EM can drive an m probability towards zero (no true match ever disagreed on a field in
#: training); below this it would underflow and veto matches outright.
M_FLOOR = 1e-6


def _floor_m(model: dict[str, Any]) -> dict[str, Any]:
    for comparison in model.get("comparisons", []):
        for level in comparison.get("comparison_levels", []):
            m = level.get("m_probability")
            if isinstance(m, (int, float)) and m < M_FLOOR:
                level["m_probability"] = M_FLOOR
    return model


def predict(engine: Engine, cfg: ResolutionConfig, model: dict[str, Any]) -> int:
    """Create :data:`PROB_EDGES` (a, b, match_weight, evidence) above the threshold."""
    linker = _linker(engine, model)
    df = linker.inference.predict(threshold_match_weight=cfg.match_weight_threshold)
    edges = engine.write(
        f"CREATE OR REPLACE TEMP TABLE {PROB_EDGES} AS "
        + accepted_pairs_sql(engine, df.physical_name, cfg, "unique_id_l", "unique_id_r")
    )
    df.drop_table_from_database_and_remove_from_cache()
    return edges


def accepted_pairs_sql(
    engine: Engine, table: str, cfg: ResolutionConfig, left: str, right: str
) -> str:
    """SELECT a, b, match_weight, evidence of the pairs in Splink's prediction ``table`` that
    may become links (``left`` / ``right``: the pair's id columns)."""
    cols = [
        r[0]
        for r in engine.fetchall(
            "SELECT column_name FROM duckdb_columns() WHERE table_name = ?", [table]
        )
    ]
    evidence, condition = link_guard(cols, cfg)
    return (
        f"SELECT least({left}, {right}) AS a, greatest({left}, {right}) AS b, match_weight, "
        f"{evidence} AS evidence FROM {table} WHERE {condition}"
    )


def link_guard(cols: list[str], cfg: ResolutionConfig) -> tuple[str, str]:
    """For Splink's prediction columns ``cols``: the SQL of a pair's evidence (a JSON object
    of each comparison's match weight) and the condition a pair must meet to become a link.
    Plain SQL functions only (DuckDB's names): real-time scoring runs it on SQLite too."""
    # Splink 5 reports each comparison's match weight (mw_*); older releases Bayes factors.
    parts = [f"'{c[3:]}', round({c}, 2)" for c in cols if c.startswith("mw_")] or [
        f"'{c[3:]}', round(log2({c}), 2)" for c in cols if c.startswith("bf_")
    ]
    evidence = f"json_object({', '.join(parts) or chr(39) + 'none' + chr(39) + ', 0'})"
    # However strong the rest of the evidence, two clearly different given names are two
    # people (twins, a couple at one address): such pairs never become links.
    differ = names_differ_sql("given_l", "given_r", "given_canon_l", "given_canon_r")
    # A name is not an identity: at scale many people share a name and a city. A link also
    # needs one agreeing field beyond names and city: birth date (exact, swapped or one
    # typo), or the same address line, postcode, e-mail or phone.
    # A similar-looking e-mail is not enough (mario.rossi85@ vs mario.rossi58@).
    # Written on the retained input columns, not on gamma levels: a saved model may lack a
    # comparison Splink could not train, and the rule must hold regardless.
    clauses = {
        "birth_date": "birth_date_l = birth_date_r "
        "OR damerau_levenshtein(birth_date_l, birth_date_r) <= 1 "
        f"OR ({DOB_SWAPPED})",
        "address": "address_l = address_r",
        "postcode": "postcode_l = postcode_r",
        "email": "email_l = email_r",
        "phone": "phone_l = phone_r",
    }
    present = [f"({sql})" for col, sql in clauses.items() if f"{col}_l" in cols]
    corroborated = " OR ".join(present) or "true"
    condition = (
        f"({'1 = 1 OR ' if not cfg.given_names_must_agree else ''}"
        f"given_l IS NULL OR given_r IS NULL OR NOT {differ} "
        "OR (given_l = family_r AND family_l = given_r)) "
        f"AND ({corroborated})"
    )
    return evidence, condition


def score_pair(
    engine: Engine, model: dict[str, Any], a: dict[str, Any], b: dict[str, Any]
) -> dict[str, Any]:
    """Splink's score of two person records (as rows of :data:`INPUT`), with evidence."""
    linker = _linker(engine, model)
    df = linker.inference.score_pair(a, b)
    row: dict[str, Any] = df.as_record_list()[0]
    df.drop_table_from_database_and_remove_from_cache()
    drop_splink_tables(engine)
    return row


def model_chart(engine: Engine, model: dict[str, Any], out: str) -> None:
    """Write Splink's match-weights chart of the saved model as a standalone HTML file."""
    linker = _linker(engine, model)
    chart = linker.visualisations.match_weights_chart()
    chart.save(out)
    drop_splink_tables(engine)


def count_candidate_pairs(engine: Engine, sample: float = 1.0) -> int:
    """How many record pairs the prediction blocking rules generate (needs :data:`INPUT`)."""
    from splink.blocking_analysis import count_comparisons_from_blocking_rules

    settings = _settings().get_settings("duckdb").as_dict()
    sdf = engine.splink_api().register(INPUT)
    records = count_comparisons_from_blocking_rules(
        sdf,
        blocking_rules=settings["blocking_rules_to_generate_predictions"],
        link_type="dedupe_only",
        unique_id_column_name="unique_id",
        record_sample_proportion=sample,
    )
    return int(records[-1]["cumulative_comparison_count"]) if records else 0
