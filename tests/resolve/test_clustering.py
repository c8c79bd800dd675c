"""Constrained clustering rules, on plain integers (no database)."""

from __future__ import annotations

import pytest

from tessera.domain.clustering import MANUAL, cluster, dates_conflict


@pytest.mark.parametrize(
    ("a", "b", "conflict"),
    [
        ("1980-01-02", "1980-01-02", False),
        ("1980-01-02", "1981-01-02", False),  # one typo
        ("1980-03-04", "1980-04-03", False),  # day-month swap
        ("1980-03-04", "1975-06-12", True),
        ("1980-03-04", "1980-06-12", True),
    ],
)
def test_birth_date_conflicts(a: str, b: str, conflict: bool) -> None:
    assert dates_conflict(a, b) is conflict


def test_limit_one_namespace_never_joins_two_values() -> None:
    # 0 and 1 carry different crm ids; 2 carries an e-mail shared with both
    labels, refused = cluster(
        3,
        [0, 1],
        [2, 2],
        [3, 3],
        {"crm_id": 1},
        node_values=[(0, "crm_id", "A"), (1, "crm_id", "B")],
    )
    assert labels[0] == labels[2] and labels[1] != labels[0]
    assert len(refused) == 1 and "2 crm_id values (limit 1)" in refused[0].reason


def test_conflicting_birth_dates_block_a_chain() -> None:
    labels, refused = cluster(
        3,
        [0, 1],
        [1, 2],
        [1000, 1000],
        {},
        node_dobs=[(0, "1980-01-01"), (2, "1990-07-15")],
    )
    assert labels[0] == labels[1] != labels[2]
    assert "conflicting birth dates" in refused[0].reason


def test_manual_link_is_forced_and_unlink_is_kept() -> None:
    labels, _ = cluster(
        4,
        [0, 2],
        [1, 3],
        [MANUAL, 1],
        {"crm_id": 1},
        node_values=[(0, "crm_id", "A"), (1, "crm_id", "B")],
        cannot_links=[(2, 3)],
    )
    assert labels[0] == labels[1]  # forced despite the two crm ids
    assert labels[2] != labels[3]  # unlinked


def test_weak_chain_cannot_glue_two_people_via_third() -> None:
    # A(dob1) - X - B(dob2): X joins A first, then the X-B link is refused
    labels, refused = cluster(
        3,
        [0, 1],
        [1, 2],
        [3, 3],
        {},
        node_dobs=[(0, "1970-05-05"), (2, "1990-10-10")],
    )
    assert labels[0] == labels[1] and labels[2] not in (labels[0],)
    assert len(refused) == 1


def test_a_namespace_without_limit_holds_any_number_of_values() -> None:
    # order references: one customer, many orders
    labels, refused = cluster(
        4,
        [0, 0, 0],
        [1, 2, 3],
        [3, 3, 3],
        {"order_ref": None},
        node_values=[(i, "order_ref", f"SO{i}") for i in range(4)],
    )
    assert len(set(labels)) == 1 and refused == []
