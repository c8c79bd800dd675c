"""The birth-date conflict rule is written twice — in SQL for set-based shared-identifier
detection (``graph.dates_conflict_sql``) and in Python for the constrained union-find
(``clustering.dates_conflict``). One table of cases holds both to the same answers."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from tessera.domain.clustering import dates_conflict
from tessera.engines.duckdb import DuckDBEngine
from tessera.pipeline.resolve.graph import dates_conflict_sql

CASES = [
    ("1985-03-07", "1985-03-07", False),  # the same date
    ("1985-03-07", "1986-03-07", False),  # one typo in the year
    ("1985-03-07", "1985-04-07", False),  # one typo in the month
    ("1985-03-07", "1985-03-08", False),  # one typo in the day
    ("1985-03-07", "1985-07-03", False),  # day and month swapped
    ("1985-03-07", "1986-07-03", True),  # swapped and another year: two people
    ("1985-03-07", "1986-04-07", True),  # year and month differ
    ("1985-03-07", "1985-04-08", True),  # month and day differ
    ("1985-03-07", "1990-11-21", True),  # nothing in common
    ("2001-01-01", "2001-01-01", False),
    ("2001-02-01", "2001-01-02", False),  # a swap
]


def _random_cases(n: int) -> list[tuple[str, str]]:
    rng = random.Random(7)
    base = dt.date(1930, 1, 1)
    out = []
    for _ in range(n):
        a = base + dt.timedelta(days=rng.randrange(30000))
        b = a.replace(
            year=a.year + rng.choice([0, 0, 1]),
            month=rng.choice([a.month, a.month, min(a.day, 12)]),
            day=min(rng.choice([a.day, a.day, a.month]), 28),
        )
        out.append((a.isoformat(), b.isoformat()))
    return out


@pytest.fixture(scope="module")
def engine() -> DuckDBEngine:
    return DuckDBEngine(None)


def _sql(engine: DuckDBEngine, a: str, b: str) -> bool:
    cond = dates_conflict_sql("a", "b")
    return bool(
        engine.fetchall(f"SELECT {cond} FROM (SELECT ?::DATE AS a, ?::DATE AS b)", [a, b])[0][0]
    )


@pytest.mark.parametrize(("a", "b", "conflict"), CASES)
def test_both_rules_give_the_expected_answer(
    engine: DuckDBEngine, a: str, b: str, conflict: bool
) -> None:
    assert dates_conflict(a, b) is conflict
    assert _sql(engine, a, b) is conflict
    assert dates_conflict(b, a) is conflict and _sql(engine, b, a) is conflict


def test_both_rules_agree_on_random_near_dates(engine: DuckDBEngine) -> None:
    for a, b in _random_cases(300):
        assert dates_conflict(a, b) == _sql(engine, a, b), (a, b)
