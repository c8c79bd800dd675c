"""Constrained clustering: profiles are connected components of accepted links, built so that
one weak chain can never glue two people together.

Links are applied strongest first (manual must-links, then identifier links by namespace
priority, then probabilistic links by match weight). Before two groups merge, the merge must
keep every constraint of the merged group:

* no identifier namespace holds more distinct values than its per-profile limit
  (so two different ``crm_id`` values never meet: the Segment rule);
* no two birth dates conflict (different in two or more of year / month / day, and not a
  day-month swap);
* no manual cannot-link pair ends up inside.

A refused link is recorded with its reason. Manual must-links are applied first and always.
Pure Python over integer node ids: the order-dependent greedy merge is inherently sequential;
everything set-shaped around it (finding links, scoring them) runs in the engine.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

MANUAL = 0
"""Edge rank of manual must-links: applied first, without constraint checks."""


@dataclass(frozen=True, slots=True)
class Refusal:
    """A link that was not applied, and why."""

    edge: int
    reason: str


@dataclass
class _Group:
    values: dict[str, set[str]] = field(default_factory=dict)
    dobs: set[str] = field(default_factory=set)
    cannot: set[int] = field(default_factory=set)


def dates_conflict(a: str, b: str) -> bool:
    """Two ISO dates that cannot be the same person's birth date.

    One differing component is a typo (1985 vs 1986); a day-month swap is a data-entry
    convention mix-up. Two or more differing components are two people.
    """
    if a == b:
        return False
    ya, ma, da = a[:4], a[5:7], a[8:10]
    yb, mb, db = b[:4], b[5:7], b[8:10]
    if ya == yb and ma == db and da == mb:
        return False
    return (ya != yb) + (ma != mb) + (da != db) >= 2


class ConstrainedClusters:
    """Union-find whose unions respect per-group constraints."""

    def __init__(
        self,
        n_nodes: int,
        limits: Mapping[str, int | None],
        node_values: Iterable[tuple[int, str, str]] = (),
        node_dobs: Iterable[tuple[int, str]] = (),
        cannot_links: Iterable[tuple[int, int]] = (),
    ) -> None:
        self.parent = list(range(n_nodes))
        self.size = [1] * n_nodes
        self.limits = dict(limits)
        self.groups: dict[int, _Group] = {}
        for node, namespace, value in node_values:
            self._group(node).values.setdefault(namespace, set()).add(value)
        for node, dob in node_dobs:
            self._group(node).dobs.add(dob)
        for a, b in cannot_links:
            if a != b:
                self._group(a).cannot.add(b)
                self._group(b).cannot.add(a)

    def _group(self, node: int) -> _Group:
        g = self.groups.get(node)
        if g is None:
            g = self.groups[node] = _Group()
        return g

    def find(self, node: int) -> int:
        """The root of ``node``'s group (with path halving)."""
        parent = self.parent
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    def conflict(self, ra: int, rb: int) -> str | None:
        """Why groups ``ra`` and ``rb`` (roots) cannot merge, or None."""
        ga, gb = self.groups.get(ra), self.groups.get(rb)
        if ga is None or gb is None:
            return None
        for namespace, va in ga.values.items():
            vb = gb.values.get(namespace)
            if not vb:
                continue
            limit = self.limits.get(namespace, 5)
            if limit is None:
                continue
            union = len(va | vb)
            if union > limit:
                return f"would give one profile {union} {namespace} values (limit {limit})"
        if ga.dobs and gb.dobs:
            for da in ga.dobs:
                for db in gb.dobs:
                    if dates_conflict(da, db):
                        return f"conflicting birth dates {min(da, db)} / {max(da, db)}"
        small, other = (ga, rb) if len(ga.cannot) <= len(gb.cannot) else (gb, ra)
        for node in small.cannot:
            if self.find(node) == other:
                return "a manual unlink keeps these records apart"
        return None

    def union(self, a: int, b: int, force: bool = False) -> str | None:
        """Merge the groups of ``a`` and ``b``; return the reason when refused."""
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return None
        if not force:
            reason = self.conflict(ra, rb)
            if reason:
                return reason
        if self.size[ra] < self.size[rb]:
            ra, rb = rb, ra
        self.parent[rb] = ra
        self.size[ra] += self.size[rb]
        gb = self.groups.pop(rb, None)
        if gb is not None:
            ga = self._group(ra)
            for namespace, values in gb.values.items():
                ga.values.setdefault(namespace, set()).update(values)
            ga.dobs |= gb.dobs
            ga.cannot |= gb.cannot
        return None

    def labels(self) -> list[int]:
        """The root of every node."""
        return [self.find(i) for i in range(len(self.parent))]


def cluster(
    n_nodes: int,
    edges_a: Sequence[int],
    edges_b: Sequence[int],
    edges_rank: Sequence[int],
    limits: Mapping[str, int | None],
    node_values: Iterable[tuple[int, str, str]] = (),
    node_dobs: Iterable[tuple[int, str]] = (),
    cannot_links: Iterable[tuple[int, int]] = (),
) -> tuple[list[int], list[Refusal]]:
    """Apply edges in the given order (already sorted strongest first); return labels, refusals.

    Edges of rank :data:`MANUAL` are forced.
    """
    uf = ConstrainedClusters(n_nodes, limits, node_values, node_dobs, cannot_links)
    refused: list[Refusal] = []
    for i, (a, b, rank) in enumerate(zip(edges_a, edges_b, edges_rank, strict=True)):
        reason = uf.union(a, b, force=rank == MANUAL)
        if reason:
            refused.append(Refusal(i, reason))
    return uf.labels(), refused
