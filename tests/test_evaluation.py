"""Cluster accuracy metrics: hand-computed cases and a brute-force property check."""

from __future__ import annotations

import itertools
import json
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tessera.evaluation import ClusterMetrics, as_dict, cluster_metrics

# three people: a has 3 records, b has 2, c has 1
TRUTH = {1: "a", 2: "a", 3: "a", 4: "b", 5: "b", 6: "c"}


def test_perfect_clustering() -> None:
    m = cluster_metrics({k: f"p-{e}" for k, e in TRUTH.items()}, TRUTH)
    assert (m.records, m.true_pairs, m.predicted_pairs, m.tp, m.fp, m.fn) == (6, 4, 4, 4, 0, 0)
    assert (m.precision, m.recall, m.f1) == (1.0, 1.0, 1.0)
    assert (m.profiles, m.persons) == (3, 3)
    assert (m.mixed_profile_share, m.split_person_share) == (0.0, 0.0)


def test_all_singletons_link_nothing() -> None:
    m = cluster_metrics({k: k for k in TRUTH}, TRUTH)
    assert (m.true_pairs, m.predicted_pairs, m.tp, m.fp, m.fn) == (4, 0, 0, 0, 4)
    assert m.precision == 1.0  # nothing linked, so nothing linked wrongly
    assert m.recall == 0.0
    assert m.f1 == 0.0
    assert (m.profiles, m.persons) == (6, 3)
    assert m.mixed_profile_share == 0.0
    assert m.split_person_share == pytest.approx(2 / 3)  # a and b are split, c is not


def test_one_over_merge() -> None:
    # b's two records are merged into a's profile: 5 records in one profile
    predicted = {1: "x", 2: "x", 3: "x", 4: "x", 5: "x", 6: "y"}
    m = cluster_metrics(predicted, TRUTH)
    assert (m.predicted_pairs, m.tp, m.fp, m.fn) == (10, 4, 6, 0)
    assert m.precision == pytest.approx(0.4)
    assert m.recall == 1.0
    assert m.f1 == pytest.approx(2 * 0.4 / 1.4)
    assert (m.profiles, m.persons) == (2, 3)
    assert m.mixed_profile_share == 0.5
    assert m.split_person_share == 0.0


def test_one_split() -> None:
    # a's third record gets its own profile
    predicted = {1: "x", 2: "x", 3: "z", 4: "y", 5: "y", 6: "w"}
    m = cluster_metrics(predicted, TRUTH)
    assert (m.predicted_pairs, m.tp, m.fp, m.fn) == (2, 2, 0, 2)
    assert m.precision == 1.0
    assert m.recall == 0.5
    assert m.f1 == pytest.approx(2 / 3)
    assert (m.profiles, m.persons) == (4, 3)
    assert m.mixed_profile_share == 0.0
    assert m.split_person_share == pytest.approx(1 / 3)


def test_only_keys_on_both_sides_are_scored() -> None:
    predicted = {1: "x", 2: "x", 4: "y", 99: "x", 100: "y"}  # 99 and 100 have no truth
    m = cluster_metrics(predicted, TRUTH)  # 3, 5 and 6 were never resolved
    assert m.records == 3
    assert (m.true_pairs, m.predicted_pairs, m.tp) == (1, 1, 1)
    assert (m.profiles, m.persons) == (2, 2)
    assert m.f1 == 1.0
    # the same result whichever side is the larger mapping
    assert cluster_metrics({k: predicted[k] for k in (1, 2, 4)}, TRUTH) == m


def test_empty_inputs() -> None:
    m = cluster_metrics({}, TRUTH)
    assert (m.records, m.profiles, m.persons) == (0, 0, 0)
    assert (m.precision, m.recall, m.f1) == (1.0, 1.0, 1.0)
    assert (m.mixed_profile_share, m.split_person_share) == (0.0, 0.0)


def test_as_dict_is_flat_rounded_and_json_ready() -> None:
    m = cluster_metrics({1: "x", 2: "x", 3: "z", 4: "y", 5: "y", 6: "w"}, TRUTH)
    d = as_dict(m)
    assert list(d) == list(ClusterMetrics.__dataclass_fields__)
    assert d["f1"] == 0.666667
    assert d["tp"] == 2 and isinstance(d["tp"], int)
    assert json.loads(json.dumps(d)) == d


def test_linear_time_on_many_records() -> None:
    n = 300_000
    truth = {i: i // 3 for i in range(n)}
    predicted = {i: i // 4 for i in range(n)}
    start = time.perf_counter()
    m = cluster_metrics(predicted, truth)
    assert time.perf_counter() - start < 2.0
    assert m.records == n
    # per 12 records: truth 4 triples (12 pairs), prediction 3 quads (18 pairs), tp 3+1+1+3
    assert (m.true_pairs, m.predicted_pairs, m.tp) == (n // 12 * 12, n // 12 * 18, n // 12 * 8)


def _brute_force(predicted: dict[int, int], truth: dict[int, int]) -> tuple[int, int, int]:
    keys = sorted(predicted.keys() & truth.keys())
    true_pairs = predicted_pairs = tp = 0
    for a, b in itertools.combinations(keys, 2):
        same_truth = truth[a] == truth[b]
        same_pred = predicted[a] == predicted[b]
        true_pairs += same_truth
        predicted_pairs += same_pred
        tp += same_truth and same_pred
    return true_pairs, predicted_pairs, tp


_labels = st.dictionaries(st.integers(0, 40), st.integers(0, 6), max_size=40)


@settings(max_examples=200, deadline=None)
@given(predicted=_labels, truth=_labels)
def test_matches_brute_force_pair_enumeration(
    predicted: dict[int, int], truth: dict[int, int]
) -> None:
    m = cluster_metrics(predicted, truth)
    true_pairs, predicted_pairs, tp = _brute_force(predicted, truth)
    assert (m.true_pairs, m.predicted_pairs, m.tp) == (true_pairs, predicted_pairs, tp)
    assert m.fp == predicted_pairs - tp and m.fn == true_pairs - tp
    assert m.precision == (tp / predicted_pairs if predicted_pairs else 1.0)
    assert m.recall == (tp / true_pairs if true_pairs else 1.0)
    assert 0.0 <= m.f1 <= 1.0
    shared = predicted.keys() & truth.keys()
    assert m.records == len(shared)
    assert m.profiles == len({predicted[k] for k in shared})
    assert m.persons == len({truth[k] for k in shared})
    mixed = sum(
        len({truth[k] for k in shared if predicted[k] == c}) > 1
        for c in {predicted[k] for k in shared}
    )
    split = sum(
        len({predicted[k] for k in shared if truth[k] == e}) > 1 for e in {truth[k] for k in shared}
    )
    assert m.mixed_profile_share == (mixed / m.profiles if m.profiles else 0.0)
    assert m.split_person_share == (split / m.persons if m.persons else 0.0)
