"""Splink alone: the same raw records resolved with Splink 5, set up the way its docs show.

This is the baseline Tessera's resolution is compared against. Splink gets the raw person
records of a benchmark data set (the very files the Tessera workspace imports), with no
standardization beyond what any Splink user must do to load them:

* columns renamed to common names, text trimmed, empty cells and obvious missing markers
  (``-``, ``n/a``, ``null`` ...) as NULL;
* (demo only) the loyalty file's one-column name split at the first space into first name
  and surname, and each file's birth dates rewritten from its own format to ISO so one
  ``DateOfBirthComparison`` can read them all.

No case folding, no phone or e-mail normalization, no transliteration. Splink alone cannot
use event sources (orders, tickets, web events): they carry the user ids, cookies and
e-mails that tie person records together in Tessera, but they are not person rows.

Models (see :data:`MODELS`); all predict at ``threshold_match_probability=0.2`` (both FEBRL
notebooks) and cluster at ``0.99`` (the FEBRL4 notebook, the only one that clusters):

* ``splink_tutorial`` (FEBRL only): the Splink docs' example notebook *verbatim* —
  ``docs/demos/examples/duckdb/febrl3.ipynb`` / ``febrl4.ipynb`` (detailed model). It uses
  ``soc_sec_id`` and ``street_number``, which the Tessera workspace keeps only as attributes.
* ``splink``: the same notebook's recipe restricted to the fields Tessera resolves on (names,
  birth date, postcode, street, suburb; e-mail and phone for the demo), with the address and
  city comparisons added; for the demo it follows the Splink tutorial
  (``docs/demos/tutorials/04_Estimating_model_parameters``) on the demo's person files.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import pandas as pd
from bench.datasets import FEBRL_ID, BenchDataset

Key = tuple[str, str]
PREDICT_THRESHOLD = 0.2
CLUSTER_THRESHOLD = 0.99
SWEEP = (0.5, 0.9, 0.95, 0.99, 0.999)
U_SEED = 42
MISSING = frozenset({"", "-", "--", "?", "n/a", "na", "null", "none"})
SPLINK_DOCS = "https://github.com/moj-analytical-services/splink/blob/master/docs/demos/"


@dataclass(frozen=True)
class SplinkModel:
    """One Splink-alone recipe: settings and training steps, as the docs lay them out."""

    follows: str
    """Which Splink doc page the recipe comes from."""
    link_type: Literal["dedupe_only", "link_only"]
    comparisons: Callable[[], list[Any]]
    blocking_rules: Callable[[], list[Any]]
    deterministic_rules: Callable[[], list[Any]]
    recall: float
    u_max_pairs: float
    em_rules: Callable[[], list[Any]]
    em_without_term_frequencies: bool = False
    u_seed: int = U_SEED
    predict_threshold: float = PREDICT_THRESHOLD
    cluster_threshold: float = CLUSTER_THRESHOLD

    def describe(self) -> dict[str, Any]:
        """The recipe as JSON-ready data (comparisons and rules as Splink prints them)."""
        return {
            "follows": self.follows,
            "link_type": self.link_type,
            "comparisons": [_label(c) for c in self.comparisons()],
            "blocking_rules_to_generate_predictions": [_rule(r) for r in self.blocking_rules()],
            "estimate_probability_two_random_records_match": {
                "deterministic_rules": [_rule(r) for r in self.deterministic_rules()],
                "recall": self.recall,
            },
            "estimate_u_using_random_sampling": {
                "max_pairs": self.u_max_pairs,
                "seed": self.u_seed,
            },
            "estimate_parameters_using_expectation_maximisation": {
                "blocking_rules": [_rule(r) for r in self.em_rules()],
                "estimate_without_term_frequencies": self.em_without_term_frequencies,
            },
            "predict_threshold_match_probability": self.predict_threshold,
            "cluster_threshold_match_probability": self.cluster_threshold,
        }


@dataclass(frozen=True)
class SplinkRun:
    """The outcome of one Splink-alone run."""

    predicted: dict[Key, str]
    """(source, record_id) -> cluster id at the model's cluster threshold."""
    seconds: float
    """Wall time from reading the raw files to the clusters (the sweep not included)."""
    records: int
    scored_pairs: int
    """Pairs predict() returned (match probability >= the predict threshold)."""
    sweep: dict[float, dict[Key, str]] = field(default_factory=dict)
    """Clusters at other thresholds, to show how sensitive the result is to the choice."""


def _label(comparison: Any) -> str:
    c = comparison.get_comparison("duckdb")
    levels = [lvl.label_for_charts for lvl in c.comparison_levels]
    tf = any(getattr(lvl, "_tf_adjustment_column", None) for lvl in c.comparison_levels)
    return f"{type(comparison).__name__}({c.output_column_name}){' +tf' if tf else ''}: " + (
        " | ".join(levels)
    )


def _rule(rule: Any) -> str:
    if isinstance(rule, str):
        return rule
    return str(rule.get_blocking_rule("duckdb").blocking_rule_sql)


# -- the models --------------------------------------------------------------------------------
def _cl() -> Any:
    import splink.comparison_library as cl

    return cl


def _block_on(*cols: str) -> Any:
    from splink import block_on

    return block_on(*cols)


SWAPPED_NAMES = "l.given_name = r.surname and l.surname = r.given_name"


def _febrl_dob() -> Any:
    return _cl().DateOfBirthComparison(
        "date_of_birth", input_is_string=True, datetime_format="%Y%m%d", invalid_dates_as_null=True
    )


def _febrl3_tutorial() -> SplinkModel:
    cl = _cl()
    return SplinkModel(
        follows=SPLINK_DOCS + "examples/duckdb/febrl3.ipynb (verbatim; clusters at 0.99 as febrl4)",
        link_type="dedupe_only",
        comparisons=lambda: [
            cl.NameComparison("given_name"),
            cl.NameComparison("surname"),
            cl.DateOfBirthComparison(
                "date_of_birth", input_is_string=True, datetime_format="%Y%m%d"
            ),
            cl.DamerauLevenshteinAtThresholds("soc_sec_id", [2]),
            cl.ExactMatch("street_number").configure(term_frequency_adjustments=True),
            cl.ExactMatch("postcode").configure(term_frequency_adjustments=True),
        ],
        blocking_rules=lambda: [
            _block_on("soc_sec_id"),
            _block_on("given_name"),
            _block_on("surname"),
            _block_on("date_of_birth"),
            _block_on("postcode"),
        ],
        deterministic_rules=lambda: [
            _block_on("soc_sec_id"),
            _block_on("given_name", "surname", "date_of_birth"),
            SWAPPED_NAMES + " and l.date_of_birth = r.date_of_birth",
        ],
        recall=0.9,
        u_max_pairs=1e6,
        u_seed=2,
        em_rules=lambda: [_block_on("date_of_birth"), _block_on("postcode")],
    )


def _febrl4_tutorial() -> SplinkModel:
    cl = _cl()
    return SplinkModel(
        follows=SPLINK_DOCS + "examples/duckdb/febrl4.ipynb (detailed model, verbatim)",
        link_type="link_only",
        comparisons=lambda: [
            cl.NameComparison("given_name").configure(term_frequency_adjustments=True),
            cl.NameComparison("surname").configure(term_frequency_adjustments=True),
            _febrl_dob(),
            cl.DamerauLevenshteinAtThresholds("soc_sec_id", [1, 2]),
            cl.ExactMatch("street_number").configure(term_frequency_adjustments=True),
            cl.DamerauLevenshteinAtThresholds("postcode", [1, 2]).configure(
                term_frequency_adjustments=True
            ),
        ],
        blocking_rules=lambda: [
            _block_on("given_name", "surname"),
            SWAPPED_NAMES,
            _block_on("date_of_birth"),
            _block_on("soc_sec_id"),
            _block_on("state", "address_1"),
            _block_on("street_number", "address_1"),
            _block_on("postcode"),
        ],
        deterministic_rules=lambda: [
            _block_on("soc_sec_id"),
            _block_on("given_name", "surname", "date_of_birth"),
        ],
        recall=0.8,
        u_max_pairs=1e6,
        em_rules=lambda: [_block_on("date_of_birth"), _block_on("postcode")],
        em_without_term_frequencies=True,
    )


def _febrl_same_fields(
    link_type: Literal["dedupe_only", "link_only"], recall: float, notebook: str
) -> SplinkModel:
    """The FEBRL notebook recipe on the fields Tessera resolves on (no soc_sec_id)."""
    cl = _cl()
    return SplinkModel(
        follows=SPLINK_DOCS + f"examples/duckdb/{notebook} without soc_sec_id/street_number, "
        "plus address_1 (Jaro-Winkler) and suburb (exact)",
        link_type=link_type,
        comparisons=lambda: [
            cl.NameComparison("given_name").configure(term_frequency_adjustments=True),
            cl.NameComparison("surname").configure(term_frequency_adjustments=True),
            _febrl_dob(),
            cl.DamerauLevenshteinAtThresholds("postcode", [1, 2]).configure(
                term_frequency_adjustments=True
            ),
            cl.JaroWinklerAtThresholds("address_1", [0.9, 0.8]),
            cl.ExactMatch("suburb").configure(term_frequency_adjustments=True),
        ],
        blocking_rules=lambda: [
            _block_on("given_name", "surname"),
            SWAPPED_NAMES,
            _block_on("date_of_birth"),
            _block_on("postcode"),
            _block_on("suburb", "address_1"),
        ],
        deterministic_rules=lambda: [
            _block_on("given_name", "surname", "date_of_birth"),
            SWAPPED_NAMES + " and l.date_of_birth = r.date_of_birth",
        ],
        recall=recall,
        u_max_pairs=1e7,
        em_rules=lambda: [_block_on("date_of_birth"), _block_on("postcode")],
        em_without_term_frequencies=True,
    )


def _demo_model() -> SplinkModel:
    cl = _cl()
    return SplinkModel(
        follows=SPLINK_DOCS + "tutorials/04_Estimating_model_parameters.ipynb (fake_1000 model: "
        "names, dob, city, e-mail) plus phone and postcode; FEBRL4 notebook thresholds",
        link_type="dedupe_only",
        comparisons=lambda: [
            cl.NameComparison("first_name").configure(term_frequency_adjustments=True),
            cl.NameComparison("surname").configure(term_frequency_adjustments=True),
            cl.DateOfBirthComparison("dob", input_is_string=True, datetime_format="%Y-%m-%d"),
            cl.EmailComparison("email"),
            cl.ExactMatch("phone"),
            cl.ExactMatch("postcode").configure(term_frequency_adjustments=True),
            cl.ExactMatch("city").configure(term_frequency_adjustments=True),
        ],
        blocking_rules=lambda: [
            _block_on("first_name", "surname"),
            _block_on("first_name", "dob"),
            _block_on("surname", "dob"),
            _block_on("email"),
            _block_on("phone"),
            _block_on("surname", "postcode"),
        ],
        deterministic_rules=lambda: [
            _block_on("first_name", "dob"),
            "l.first_name = r.first_name and levenshtein(r.surname, l.surname) <= 2",
            _block_on("email"),
        ],
        recall=0.7,
        u_max_pairs=1e7,
        em_rules=lambda: [_block_on("first_name", "surname"), _block_on("dob")],
    )


def _rldata_tutorial() -> SplinkModel:
    cl = _cl()
    return SplinkModel(
        follows=SPLINK_DOCS + "tutorials (NameComparison with term frequencies, "
        "DateOfBirthComparison) on RLdata's fname_c1 / lname_c1 / birth date",
        link_type="dedupe_only",
        comparisons=lambda: [
            cl.NameComparison("fname_c1").configure(term_frequency_adjustments=True),
            cl.NameComparison("lname_c1").configure(term_frequency_adjustments=True),
            cl.DateOfBirthComparison("birth_date", input_is_string=True),
        ],
        blocking_rules=lambda: [
            _block_on("fname_c1", "lname_c1"),
            _block_on("birth_date"),
            _block_on("substr(fname_c1, 1, 2)", "substr(lname_c1, 1, 2)"),
        ],
        # RLdata's duplicates differ in exactly one field: any two of the three agree
        deterministic_rules=lambda: [
            _block_on("fname_c1", "lname_c1"),
            _block_on("fname_c1", "birth_date"),
            _block_on("lname_c1", "birth_date"),
        ],
        recall=0.9,
        u_max_pairs=1e7,
        em_rules=lambda: [_block_on("birth_date"), _block_on("fname_c1", "lname_c1")],
    )


MODELS: dict[str, dict[str, Callable[[], SplinkModel]]] = {
    "febrl1": {"splink_tutorial": _febrl3_tutorial},
    "febrl2": {"splink_tutorial": _febrl3_tutorial},
    "rldata500": {"splink_tutorial": _rldata_tutorial},
    "rldata10000": {"splink_tutorial": _rldata_tutorial},
    "febrl3": {
        "splink": lambda: _febrl_same_fields("dedupe_only", 0.9, "febrl3.ipynb"),
        "splink_tutorial": _febrl3_tutorial,
    },
    "febrl4": {
        "splink": lambda: _febrl_same_fields("link_only", 0.8, "febrl4.ipynb"),
        "splink_tutorial": _febrl4_tutorial,
    },
    "demo": {"splink": _demo_model},
}
"""Data set family -> system name -> model."""


def models_for(dataset: BenchDataset) -> dict[str, Callable[[], SplinkModel]]:
    """The Splink-alone models that apply to ``dataset`` (demo-N uses the demo models)."""
    return MODELS.get(dataset.name.split("-")[0], {})


# -- raw data as a Splink user would load it ------------------------------------------------------
def _text(series: pd.Series) -> pd.Series:
    """Trimmed text; empty cells and obvious missing markers become None."""
    s = series.astype("string").str.strip()
    s = s.mask(s.str.lower().isin(MISSING))
    return s.astype(object).where(s.notna(), None)


def _frame(source: str, ids: pd.Series, columns: dict[str, pd.Series]) -> pd.DataFrame:
    df = pd.DataFrame({"source": source, "record_id": _text(ids)})
    for name, values in columns.items():
        df[name] = _text(values).to_numpy()
    df["uid"] = df["source"] + "|" + df["record_id"]
    return df


def _iso_date(series: pd.Series, fmt: str) -> pd.Series:
    parsed = pd.to_datetime(_text(series), format=fmt, errors="coerce")
    return parsed.dt.strftime("%Y-%m-%d")


def febrl_frames(dataset: BenchDataset) -> list[pd.DataFrame]:
    """One frame per FEBRL source, read back from the workspace's CSV files."""
    frames = []
    for source in dataset.person_sources:
        raw = pd.read_csv(
            dataset.folder / "data" / f"{source}.csv", dtype=str, keep_default_na=False
        )
        columns = {c: raw[c] for c in raw.columns if c != FEBRL_ID}
        frames.append(_frame(source, raw[FEBRL_ID], columns))
    return frames


def demo_frames(dataset: BenchDataset) -> list[pd.DataFrame]:
    """The demo's person files (CRM CSV, loyalty JSON, fair XLSX) as one frame."""
    data = dataset.folder / "data"
    crm = pd.read_csv(
        data / "crm_contacts.csv", sep=";", dtype=str, keep_default_na=False, encoding="utf-8"
    )
    loyalty = pd.json_normalize(json.loads((data / "loyalty_members.json").read_text("utf-8")))
    fair = pd.read_excel(
        data / "trade_fair.xlsx", sheet_name="Leads", dtype=str, engine="calamine"
    ).fillna("")
    names = _text(loyalty["name"]).str.split(n=1, expand=True).reindex(columns=[0, 1])
    none = pd.Series([None] * len(fair), dtype=object)
    frames = [
        _frame("crm", crm["ID Contatto"], {
            "first_name": crm["Nome"], "surname": crm["Cognome"],
            "dob": _iso_date(crm["Data di nascita"], "%d/%m/%Y"), "email": crm["E-mail"],
            "phone": crm["Cellulare"], "postcode": crm["CAP"], "city": crm["Città"],
        }),
        _frame("loyalty", loyalty["card_number"], {
            "first_name": names[0], "surname": names[1],
            "dob": _iso_date(loyalty["birth_date"], "%Y-%m-%d"), "email": loyalty["email"],
            "phone": loyalty["phone"], "postcode": loyalty["address.postcode"],
            "city": loyalty["address.city"],
        }),
        _frame("fair", fair["Lp."], {
            "first_name": fair["Imię"], "surname": fair["Nazwisko"], "dob": none,
            "email": fair["E-mail"], "phone": fair["Telefon"], "postcode": none,
            "city": fair["Miasto"],
        }),
    ]  # fmt: skip
    return [pd.concat(frames, ignore_index=True)]


def rldata_frames(dataset: BenchDataset) -> list[pd.DataFrame]:
    """The RLdata file as the workspace imports it."""
    raw = pd.read_csv(dataset.folder / "data" / "rldata.csv", dtype=str, keep_default_na=False)
    columns = {c: raw[c] for c in raw.columns if c != "rec_id"}
    return [_frame("rldata", raw["rec_id"], columns)]


def load_frames(dataset: BenchDataset) -> list[pd.DataFrame]:
    """The raw person frames Splink alone gets for ``dataset``."""
    if dataset.name.startswith("demo"):
        return demo_frames(dataset)
    if dataset.name.startswith("rldata"):
        return rldata_frames(dataset)
    return febrl_frames(dataset)


# -- running it ---------------------------------------------------------------------------------
def run_splink_alone(
    dataset: BenchDataset, model: SplinkModel, sweep: Sequence[float] = SWEEP
) -> SplinkRun:
    """Train ``model`` on the raw person records of ``dataset``, predict and cluster them.

    Returns record -> cluster id at ``model.cluster_threshold`` (and at each ``sweep`` value)
    keyed ``(source, record_id)`` like the truth, so both systems are scored the same way.
    """
    from splink import DuckDBAPI, Linker, SettingsCreator

    start = time.perf_counter()
    frames = load_frames(dataset)
    db_api = DuckDBAPI()
    tables = [db_api.register(df, dataset_display_name=str(df["source"].iloc[0])) for df in frames]
    settings = SettingsCreator(
        unique_id_column_name="uid",
        link_type=model.link_type,
        comparisons=model.comparisons(),
        blocking_rules_to_generate_predictions=model.blocking_rules(),
        retain_intermediate_calculation_columns=False,
    )
    linker = Linker(tables if len(tables) > 1 else tables[0], settings, log_level=logging.WARNING)
    linker.training.estimate_probability_two_random_records_match(
        model.deterministic_rules(), recall=model.recall
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=model.u_max_pairs, seed=model.u_seed)
    for rule in model.em_rules():
        linker.training.estimate_parameters_using_expectation_maximisation(
            rule, estimate_without_term_frequencies=model.em_without_term_frequencies
        )
    predictions = linker.inference.predict(threshold_match_probability=model.predict_threshold)

    def clusters(threshold: float) -> dict[Key, str]:
        table = linker.clustering.cluster_pairwise_predictions_at_threshold(
            predictions, threshold_match_probability=threshold
        ).as_pyarrow_table()
        uids = table.column("uid").to_pylist()
        cids = table.column("cluster_id").to_pylist()
        return {_key(u): str(c) for u, c in zip(uids, cids, strict=True)}

    predicted = clusters(model.cluster_threshold)
    seconds = time.perf_counter() - start
    scored = int(predictions.as_duckdbpyrelation().aggregate("count(*)").fetchall()[0][0])
    others = {t: clusters(t) for t in sweep if t != model.cluster_threshold}
    others[model.cluster_threshold] = predicted
    return SplinkRun(
        predicted=predicted,
        seconds=seconds,
        records=sum(len(f) for f in frames),
        scored_pairs=scored,
        sweep=dict(sorted(others.items())),
    )


def _key(uid: str) -> Key:
    source, _, record_id = uid.partition("|")
    return source, record_id
