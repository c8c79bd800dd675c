"""Accuracy of an identity resolution against a ground truth.

Scores a clustering (record -> predicted profile) against the truth (record -> real entity)
with the pairwise measures used in the record-linkage literature, plus two numbers a CDP user
feels directly: how many profiles mix different people, and how many people are split over
several profiles. Pure Python and linear in the number of records: pair counts come from the
contingency table (``n * (n - 1) / 2`` per cell), never from enumerating pairs.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Mapping
from dataclasses import asdict, dataclass
from itertools import repeat
from operator import itemgetter, mul
from typing import Any, TypeVar

__all__ = ["ClusterMetrics", "as_dict", "cluster_metrics"]


@dataclass(frozen=True)
class ClusterMetrics:
    """Pairwise and cluster-level accuracy of one clustering against the truth."""

    records: int
    """Records scored (those present in both the prediction and the truth)."""
    true_pairs: int
    """Record pairs that belong to the same true entity."""
    predicted_pairs: int
    """Record pairs put into the same predicted cluster."""
    tp: int
    """Pairs both predicted together and truly the same entity."""
    fp: int
    """Pairs predicted together that are different entities (over-merging)."""
    fn: int
    """Pairs of the same entity the prediction kept apart (missed links)."""
    precision: float
    """tp / predicted_pairs; 1.0 when nothing was linked."""
    recall: float
    """tp / true_pairs; 1.0 when there was nothing to link."""
    f1: float
    """Harmonic mean of precision and recall."""
    profiles: int
    """Distinct predicted clusters among the scored records."""
    persons: int
    """Distinct true entities among the scored records."""
    mixed_profile_share: float
    """Share of predicted clusters holding records of more than one true entity."""
    split_person_share: float
    """Share of true entities whose records are spread over more than one predicted cluster."""


_ABSENT = object()
K = TypeVar("K", bound=Hashable)


def _pair_count(sizes: Counter[Any]) -> int:
    """Sum of n * (n - 1) / 2 over the group sizes."""
    n = sizes.values()
    return int(sum(map(mul, n, n)) - sum(n)) // 2


def _aligned(
    outer: Mapping[K, Hashable], inner: Mapping[K, Hashable]
) -> tuple[list[Hashable], list[Hashable]]:
    """Values of ``outer`` and ``inner`` for the keys they share, position by position."""
    looked_up: list[Any] = list(map(inner.get, outer, repeat(_ABSENT)))
    if _ABSENT not in looked_up:  # the usual case: every key is on both sides
        return list(outer.values()), looked_up
    kept = [(o, i) for o, i in zip(outer.values(), looked_up, strict=True) if i is not _ABSENT]
    return [o for o, _ in kept], [i for _, i in kept]


def cluster_metrics(predicted: Mapping[K, Hashable], truth: Mapping[K, Hashable]) -> ClusterMetrics:
    """Score ``predicted`` (record key -> cluster id) against ``truth`` (record key -> entity).

    Only keys present in *both* mappings are scored: a record the resolution never saw, or
    one without a known true entity, is left out of every count (``records`` says how many
    were scored). Runs in linear time, so millions of records take seconds.
    """
    if len(truth) < len(predicted):
        truth_ids, cluster_ids = _aligned(truth, predicted)
    else:
        cluster_ids, truth_ids = _aligned(predicted, truth)
    # every count below is done by Counter's C loop; no per-record Python code
    cells = Counter(zip(cluster_ids, truth_ids, strict=True))
    cluster_sizes = Counter(cluster_ids)
    entity_sizes = Counter(truth_ids)
    entities_per_cluster = Counter(map(itemgetter(0), cells))
    clusters_per_entity = Counter(map(itemgetter(1), cells))
    tp = _pair_count(cells)

    records = len(cluster_ids)
    predicted_pairs = _pair_count(cluster_sizes)
    true_pairs = _pair_count(entity_sizes)
    precision = tp / predicted_pairs if predicted_pairs else 1.0
    recall = tp / true_pairs if true_pairs else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    profiles, persons = len(cluster_sizes), len(entity_sizes)
    # every cluster holds at least one entity (and vice versa): count the pure ones in C
    mixed = profiles - list(entities_per_cluster.values()).count(1)
    split = persons - list(clusters_per_entity.values()).count(1)
    return ClusterMetrics(
        records=records,
        true_pairs=true_pairs,
        predicted_pairs=predicted_pairs,
        tp=tp,
        fp=predicted_pairs - tp,
        fn=true_pairs - tp,
        precision=precision,
        recall=recall,
        f1=f1,
        profiles=profiles,
        persons=persons,
        mixed_profile_share=mixed / profiles if profiles else 0.0,
        split_person_share=split / persons if persons else 0.0,
    )


def as_dict(m: ClusterMetrics) -> dict[str, float | int]:
    """The metrics as a flat dict with floats rounded to 6 places, ready for a JSON line."""
    return {k: round(v, 6) if isinstance(v, float) else v for k, v in asdict(m).items()}
