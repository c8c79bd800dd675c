"""Seeded randomness: one independent stream per purpose, and fast weighted draws.

Every stream is a ``random.Random`` seeded with a text (``crosscheck/<seed>/<purpose>``), which
Python hashes with SHA-512: the same on every machine and independent of ``PYTHONHASHSEED``.
Drawing each source from its own stream keeps one source's output unchanged when another
source's code changes.
"""

from __future__ import annotations

import bisect
import itertools
import random
from collections.abc import Iterable, Sequence
from typing import Generic, TypeVar

T = TypeVar("T")


class Rng(random.Random):
    """A seeded stream with float-based draws.

    The stdlib's ``choice``/``randint`` draw unbiased bits in a Python loop; at a few million
    draws per data set a 53-bit float is exact enough and about twice as fast.
    """

    def __init__(self, seed: int, purpose: str) -> None:
        super().__init__(f"crosscheck/{seed}/{purpose}")

    def pick(self, items: Sequence[T]) -> T:
        """One element of ``items``, uniformly."""
        return items[int(self.random() * len(items))]

    def chance(self, p: float) -> bool:
        """True with probability ``p``."""
        return self.random() < p

    def between(self, lo: int, hi: int) -> int:
        """An integer in ``[lo, hi]``."""
        return lo + int(self.random() * (hi - lo + 1))

    def digits(self, n: int) -> str:
        """``n`` random decimal digits (leading zeros kept)."""
        return f"{int(self.random() * 10**n):0{n}d}"

    def uuid(self) -> str:
        """A random version-4 UUID in its usual text form."""
        h = f"{self.getrandbits(128):032x}"
        return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-{'89ab'[int(h[16], 16) & 3]}{h[17:20]}-{h[20:]}"

    def geometric(self, p: float, cap: int) -> int:
        """Failures before the first success of a ``p`` coin, at most ``cap``."""
        n = 0
        while n < cap and self.random() >= p:
            n += 1
        return n


class Weighted(Generic[T]):
    """Items drawn with fixed weights (cumulative sums computed once, a bisect per draw)."""

    __slots__ = ("_cum", "_total", "items")

    def __init__(self, pairs: Iterable[tuple[T, float]]) -> None:
        kept = [(item, float(w)) for item, w in pairs if w > 0]
        if not kept:
            raise ValueError("a weighted pool needs at least one item with a positive weight")
        self.items: tuple[T, ...] = tuple(item for item, _ in kept)
        self._cum = list(itertools.accumulate(w for _, w in kept))
        self._total = self._cum[-1]

    def draw(self, rng: random.Random) -> T:
        """One item, with probability proportional to its weight."""
        return self.items[bisect.bisect_right(self._cum, rng.random() * self._total)]

    def share(self, item: T) -> float:
        """The probability of drawing ``item`` (0.0 when absent)."""
        total = 0.0
        previous = 0.0
        for candidate, cum in zip(self.items, self._cum, strict=True):
            if candidate == item:
                total += cum - previous
            previous = cum
        return total / self._total
