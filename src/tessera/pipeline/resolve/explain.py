"""Why two records are (or are not) the same person.

The answer is built from what the last resolution run stored — the accepted chain of links
between the two, links refused and why, shared identifiers, manual decisions — plus the saved
Splink model's score of their person records, with each comparison's contribution.
"""

from __future__ import annotations

import math
from collections import deque
from dataclasses import dataclass, field
from typing import Any

import pyarrow as pa

from tessera.config import WorkspaceConfig
from tessera.domain.nicknames import canonical_given_names
from tessera.engines.base import Engine
from tessera.pipeline.resolve import matching
from tessera.pipeline.resolve.refs import Resolved, resolve_ref
from tessera.pipeline.sql import keys_filter

Record = tuple[str, str]


@dataclass
class Explanation:
    """Everything ``tessera explain`` shows."""

    a: Resolved
    b: Resolved
    same_profile: bool
    path: list[dict[str, Any]] = field(default_factory=list)
    refused: list[dict[str, Any]] = field(default_factory=list)
    shared_identifiers: list[dict[str, Any]] = field(default_factory=list)
    manual: list[dict[str, Any]] = field(default_factory=list)
    score: dict[str, Any] | None = None


def explain(engine: Engine, config: WorkspaceConfig, ref_a: str, ref_b: str) -> Explanation:
    """Explain the relation between two references (records, identifiers or profiles)."""
    a, b = resolve_ref(engine, config, ref_a), resolve_ref(engine, config, ref_b)
    same = a.profile_id is not None and a.profile_id == b.profile_id
    result = Explanation(a, b, same)
    profiles = [p for p in {a.profile_id, b.profile_id} if p]
    links = engine.fetch_dicts(
        "SELECT l.* FROM identity_links l JOIN profile_members m "
        "ON m.source = l.a_source AND m.record_id = l.a_record_id "
        "WHERE m.profile_id IN (SELECT unnest(?::VARCHAR[])) OR (l.b_source, l.b_record_id) IN "
        "(SELECT (source, record_id) FROM profile_members WHERE profile_id IN "
        "(SELECT unnest(?::VARCHAR[])))",
        [profiles, profiles],
    )
    accepted = [x for x in links if x["accepted"]]
    if same:
        result.path = _path(accepted, set(a.records), set(b.records))
    members: dict[Record, str | None] = {}
    for r in engine.fetch_dicts(
        "SELECT source, record_id, profile_id FROM profile_members WHERE profile_id IN "
        "(SELECT unnest(?::VARCHAR[]))",
        [profiles],
    ):
        members[(r["source"], r["record_id"])] = r["profile_id"]
    result.refused = [
        x
        for x in links
        if not x["accepted"]
        and {
            members.get((x["a_source"], x["a_record_id"])),
            members.get((x["b_source"], x["b_record_id"])),
        }
        == {a.profile_id, b.profile_id}
    ][:20]
    result.shared_identifiers = engine.fetch_dicts(
        "SELECT DISTINCT s.namespace, i.value, s.reason FROM shared_identifiers s "
        "JOIN identifiers i USING (namespace, match_key) WHERE (i.source, i.record_id) IN "
        "(SELECT (source, record_id) FROM profile_members WHERE profile_id IN "
        "(SELECT unnest(?::VARCHAR[])))",
        [profiles],
    )
    result.manual = engine.fetch_dicts(
        "SELECT * FROM manual_links WHERE (a_source, a_record_id) IN (SELECT (source, "
        "record_id) FROM profile_members WHERE profile_id IN (SELECT unnest(?::VARCHAR[]))) "
        "ORDER BY created_at",
        [profiles],
    )
    result.score = _score(engine, a.records, b.records)
    return result


def _path(
    links: list[dict[str, Any]], start: set[Record], goal: set[Record]
) -> list[dict[str, Any]]:
    """The shortest chain of accepted links from any start record to any goal record."""
    if start & goal:
        return []
    adjacent: dict[Record, list[tuple[Record, dict[str, Any]]]] = {}
    for link in links:
        x, y = (link["a_source"], link["a_record_id"]), (link["b_source"], link["b_record_id"])
        adjacent.setdefault(x, []).append((y, link))
        adjacent.setdefault(y, []).append((x, link))
    came: dict[Record, tuple[Record, dict[str, Any]] | None] = {s: None for s in start}
    queue = deque(start)
    while queue:
        node = queue.popleft()
        if node in goal:
            steps = []
            while came[node] is not None:
                prev, link = came[node]  # type: ignore[misc]
                steps.append(link)
                node = prev
            return steps[::-1]
        for nxt, link in adjacent.get(node, []):
            if nxt not in came:
                came[nxt] = (node, link)
                queue.append(nxt)
    return []


def _person_input(engine: Engine, records: list[Record]) -> dict[str, Any] | None:
    where, params = keys_filter("r", records)
    rows = engine.fetch_dicts(
        "SELECT r.source, r.record_id, r.given_name_key AS given, r.family_name_key AS family, "
        "strftime(r.birth_date, '%Y-%m-%d') AS birth_date, "
        "upper(replace(r.postcode, ' ', '')) AS postcode, r.city_key AS city, "
        "r.address_line1_key AS address, (SELECT min(match_key) FROM identifiers i "
        "WHERE i.source = r.source AND i.record_id = r.record_id AND i.namespace = 'email' "
        "AND i.status = 'valid') AS email, (SELECT min(match_key) FROM identifiers i "
        "WHERE i.source = r.source AND i.record_id = r.record_id AND i.namespace = 'phone' "
        "AND i.status = 'valid') AS phone FROM records r "
        f"WHERE r.kind = 'person' AND {where}",
        params,
    )
    if not rows:
        return None
    row = rows[0]
    first = (row["given"] or "").split(" ")[0]
    row["given_canon"] = canonical_given_names().get(first, first or None)
    # Term frequencies of the whole workspace, as prediction saw them (two rows alone would
    # make every value look unique or universal).
    for col, expr in (
        ("given", "given_name_key"),
        ("family", "family_name_key"),
        ("city", "city_key"),
    ):
        value = row.get(col)
        tf = (
            engine.fetchall(
                f"SELECT count(*) FILTER (WHERE {expr} = ?) / greatest(count({expr}), 1) "
                "FROM records WHERE kind = 'person'",
                [value],
            )[0][0]
            if value is not None
            else None
        )
        row[f"tf_{col}"] = float(tf) if tf else None
    email = row.get("email")
    tf_email = (
        engine.fetchall(
            "SELECT count(*) FILTER (WHERE match_key = ?) / greatest(count(*), 1) "
            "FROM identifiers WHERE namespace = 'email' AND status = 'valid'",
            [email],
        )[0][0]
        if email is not None
        else None
    )
    row["tf_email"] = float(tf_email) if tf_email else None
    return row


def _score(engine: Engine, a: list[Record], b: list[Record]) -> dict[str, Any] | None:
    model = matching.load_model(engine)
    left, right = _person_input(engine, a), _person_input(engine, b)
    if model is None or left is None or right is None:
        return None
    label_l = f"{left.pop('source')}:{left.pop('record_id')}"
    label_r = f"{right.pop('source')}:{right.pop('record_id')}"
    cols = [
        "given",
        "given_canon",
        "family",
        "birth_date",
        "postcode",
        "city",
        "address",
        "email",
        "phone",
    ]
    tfs = ["tf_given", "tf_family", "tf_city", "tf_email"]
    table = pa.table(
        {
            "unique_id": pa.array([0, 1], pa.int64()),
            **{c: pa.array([left.get(c), right.get(c)], pa.string()) for c in cols},
            **{c: pa.array([left.get(c), right.get(c)], pa.float64()) for c in tfs},
        }
    )
    engine.register_arrow("rs_explain_rows", table)
    try:
        engine.execute(
            f"CREATE OR REPLACE TEMP TABLE {matching.INPUT} AS SELECT * FROM rs_explain_rows"
        )
    finally:
        engine.unregister("rs_explain_rows")
    left["unique_id"], right["unique_id"] = 0, 1
    row = matching.score_pair(engine, model, left, right)
    engine.execute(f"DROP TABLE IF EXISTS {matching.INPUT}")
    contributions = {
        k[3:]: round(float(v), 2)
        for k, v in row.items()
        if k.startswith("mw_") and isinstance(v, (int, float)) and not math.isnan(v)
    }
    return {
        "left": label_l,
        "right": label_r,
        "match_weight": round(float(row["match_weight"]), 2),
        "match_probability": round(float(row["match_probability"]), 6),
        "contributions": contributions,
    }
