"""Stage two (identifiers): every identifier a row carries, standardized and classified.

Each identifier keeps its raw text, its standardized value (shown as the customer's data) and
a matching key (looser, never shown); its status is ``valid``, ``invalid`` (flagged in the
quality table) or ``junk`` (a blocklisted value: kept as data, never used to link).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from tessera.config import NamespaceConfig
from tessera.domain.fields import IdentifierType
from tessera.engines.base import Engine
from tessera.pipeline.distinct import register_mapping
from tessera.pipeline.sql import lit, q
from tessera.pipeline.staging import Canonical, nz
from tessera.pipeline.standardize import (
    JunkMatcher,
    standardize_email,
    standardize_handle,
    standardize_id,
    standardize_phone,
)

IDS = "tessera_ids"
ID_INPUT = "tessera_id_input"

#: Separators of several values typed into one cell. Phones keep '/' (Italian '02/1234567').
_SPLIT = {IdentifierType.EMAIL: r"[;,\s]+", IdentifierType.PHONE: r"[;,]+"}


@dataclass(frozen=True)
class IdentifierStandardizer:
    """Standardizes one namespace's values; picklable so worker processes can run it."""

    namespace: str
    type: IdentifierType
    region: str | None
    junk: JunkMatcher

    def __call__(self, raw: str) -> Sequence[str | None]:
        """(value, match_key, status, reason) for one distinct raw value."""
        value: str | None
        key: str | None
        error: str | None
        if self.type is IdentifierType.EMAIL:
            value, key, error = standardize_email(raw)
        elif self.type is IdentifierType.PHONE:
            value, error = standardize_phone(raw, self.region)
            key = value
        elif self.type is IdentifierType.HANDLE:
            value, error = standardize_handle(raw)
            key = value
        else:
            value, error = standardize_id(raw)
            key = value
        if value is None:
            return (None, None, "invalid", error or f"invalid {self.namespace}")
        if self.junk.is_junk(self.namespace, value):
            return (value, key, "junk", "junk value: kept as data, never used to link")
        return (value, key, "valid", None)


def standardize_identifiers(
    engine: Engine,
    canon: Canonical,
    namespaces: dict[str, NamespaceConfig],
    region: str | None,
    missing: list[str],
    junk: JunkMatcher,
) -> None:
    """Create table :data:`IDS` (one row per identifier value) for the canonical rows."""
    parts: list[str] = []
    for m in canon.mapped:
        if m.target not in namespaces:
            continue
        split = _SPLIT.get(namespaces[m.target].type)
        value = m.clean
        piece = (
            f"unnest(CASE WHEN regexp_matches({value}, {lit(split)}) THEN "
            f"regexp_split_to_array({value}, {lit(split)}) ELSE [{value}] END)"
            if split
            else value
        )
        parts.append(
            f"SELECT row_number, record_id, {lit(m.target)} AS namespace, "
            f"{lit(m.column)} AS column_name, {m.alias} AS raw_value, {piece} AS input "
            f"FROM {canon.table} WHERE {value} IS NOT NULL"
        )
    if not parts:
        engine.execute(
            f"CREATE OR REPLACE TEMP TABLE {IDS} (row_number BIGINT, record_id VARCHAR, "
            "namespace VARCHAR, column_name VARCHAR, raw_value VARCHAR, value VARCHAR, "
            "match_key VARCHAR, status VARCHAR, reason VARCHAR)"
        )
        return
    engine.execute(
        f"CREATE OR REPLACE TEMP TABLE {ID_INPUT} AS "
        f"SELECT * FROM ({' UNION ALL '.join(parts)}) AS p "
        f"WHERE {nz('input', missing)} IS NOT NULL"
    )
    selects: list[str] = []
    views: list[str] = []
    for ns in sorted({m.target for m in canon.mapped if m.target in namespaces}):
        view = f"tessera_idmap_{ns}"
        fn = IdentifierStandardizer(ns, namespaces[ns].type, region, junk)
        register_mapping(
            engine,
            view,
            f"SELECT trim(input) AS v FROM {ID_INPUT} WHERE namespace = {lit(ns)}",
            fn,
            ("value", "match_key", "status", "reason"),
        )
        views.append(view)
        selects.append(
            "SELECT i.row_number, i.record_id, i.namespace, i.column_name, i.raw_value, "
            "m.value, m.match_key, m.status, m.reason "
            f"FROM {ID_INPUT} i JOIN {q(view)} m ON m.raw = trim(i.input) "
            f"WHERE i.namespace = {lit(ns)}"
        )
    # One row per distinct (record, namespace, value): the same e-mail typed twice is one fact.
    engine.execute(
        f"CREATE OR REPLACE TEMP TABLE {IDS} AS SELECT * FROM ({' UNION ALL '.join(selects)}) AS s "
        "QUALIFY row_number() OVER (PARTITION BY record_id, namespace, "
        "coalesce(value, raw_value) ORDER BY column_name, raw_value) = 1"
    )
    engine.drop_tables(ID_INPUT, *views)
