"""Stage one: from a source's raw staged table to canonical inputs.

Checks that every mapped column exists (before anything is written), computes the record id,
turns "missing" markers into nulls while keeping the raw text, fingerprints each row, and sets
aside rows that cannot be keyed (no id, or an id repeated within the file) as rejected rows.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

from tessera.config import SourceConfig
from tessera.domain.fields import ATTRIBUTE_PREFIX
from tessera.engines.base import JSON_COLUMN, ROW_COLUMN, Engine, StagedTable
from tessera.errors import MappingError
from tessera.pipeline.sql import json_path, lit, q

CANON = "tessera_canon"
REJECTS = "tessera_stage_rejects"


@dataclass(frozen=True, slots=True)
class Mapped:
    """One mapped source column: its position, column (or JSON path) and target."""

    index: int
    column: str
    target: str

    @property
    def alias(self) -> str:
        """Column of the canonical staging table holding this input exactly as read."""
        return f"c{self.index}"

    @property
    def clean(self) -> str:
        """Column holding this input trimmed, NULL when empty or a missing marker."""
        return f"n{self.index}"


@dataclass(frozen=True, slots=True)
class Canonical:
    """The canonical staging table and what it holds."""

    table: str
    mapped: list[Mapped]
    rows_kept: int
    rows_rejected: int

    def columns_for(self, target: str) -> list[Mapped]:
        """The mapped columns sending values to ``target``, in mapping order."""
        return [m for m in self.mapped if m.target == target]


def config_fingerprint(src: SourceConfig) -> str:
    """A hash of everything in the source's declaration that changes standardized values."""
    text = json.dumps(src.model_dump(mode="json"), sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def nz(expr: str, missing: list[str]) -> str:
    """``expr`` trimmed, or NULL when it is empty or a missing marker."""
    # One list constant, not an IN list: planning 40 columns x 25 markers as IN lists costs
    # a quarter of a second per statement, which a real-time micro-batch cannot afford.
    markers = ", ".join(lit(m) for m in sorted({m.lower() for m in missing}))
    return (
        f"CASE WHEN list_contains([{markers}], lower(trim({expr}))) THEN NULL ELSE trim({expr}) END"
    )


#: JSON sources: the column holding every mapped path's value, extracted in one pass, and
#: the same list with missing markers turned into NULL (one lambda, planned once: forty
#: CASE expressions cost a real-time micro-batch tens of milliseconds to plan).
_JSON_VALUES = "_values"
_JSON_CLEAN = "_clean"


def column_expr(
    staged: StagedTable, column: str, paths: dict[str, int] | None = None, clean: bool = False
) -> str:
    """SQL reading one source column (or JSON path) as text.

    For a JSON source, ``paths`` numbers the paths extracted together into
    :data:`_JSON_VALUES` (parsing each object once, not once per path); ``clean`` reads the
    value with missing markers already nulled (:data:`_JSON_CLEAN`).
    """
    if staged.is_json:
        if paths is not None and column in paths:
            return f"{_JSON_CLEAN if clean else _JSON_VALUES}[{paths[column] + 1}]"
        return f"json_extract_string({JSON_COLUMN}, {lit(json_path(column))})"
    return q(column)


def check_mapping(engine: Engine, staged: StagedTable, src: SourceConfig, where: str) -> None:
    """Fail with one line naming the file and column when a mapped column does not exist."""
    wanted = [*src.id_columns, *src.mapping]
    if not staged.is_json:
        present = set(staged.columns)
        for col in wanted:
            if col not in present:
                shown = ", ".join(staged.columns[:12]) + ("..." if len(staged.columns) > 12 else "")
                raise MappingError(f"{where}: column '{col}' not found (columns: {shown})")
        return
    if staged.rows == 0:
        return
    checks = ", ".join(
        f"count(*) FILTER (WHERE json_exists({JSON_COLUMN}, {lit(json_path(c))}))" for c in wanted
    )
    counts = engine.fetchall(f"SELECT {checks} FROM {q(staged.name)}")[0]
    for col, n in zip(wanted, counts, strict=True):
        if not n:
            raise MappingError(f"{where}: field '{col}' not found in any object")


def build_canonical(
    engine: Engine,
    staged: StagedTable,
    src: SourceConfig,
    missing: list[str],
) -> Canonical:
    """Create the canonical staging table (kept rows) and the stage-rejects table."""
    mapped = [Mapped(i, col, tgt) for i, (col, tgt) in enumerate(src.mapping.items())]
    paths: dict[str, int] | None = None
    rows_from = q(staged.name)
    if staged.is_json:
        wanted = list(dict.fromkeys([*src.id_columns, *src.mapping]))
        paths = {p: i for i, p in enumerate(wanted)}
        listed = ", ".join(lit(json_path(p)) for p in wanted)
        rows_from = (
            f"(SELECT *, list_transform({_JSON_VALUES}, lambda x: {nz('x', missing)}) "
            f"AS {_JSON_CLEAN} FROM (SELECT *, json_extract_string({JSON_COLUMN}, "
            f"[{listed}]) AS {_JSON_VALUES} FROM {rows_from}))"
        )

    def cleaned(column: str) -> str:
        if paths is not None:
            return column_expr(staged, column, paths, clean=True)
        return nz(column_expr(staged, column), missing)

    id_parts = [cleaned(c) for c in src.id_columns]
    record_id = (
        id_parts[0]
        if len(id_parts) == 1
        else f"CASE WHEN {' OR '.join(p + ' IS NULL' for p in id_parts)} THEN NULL "
        f"ELSE concat_ws('|', {', '.join(id_parts)}) END"
    )
    inputs = ", ".join(
        f"{column_expr(staged, m.column, paths)} AS {m.alias}, {cleaned(m.column)} AS {m.clean}"
        for m in mapped
    )
    attributes = _attributes_expr(staged, src, mapped, missing, paths)
    raw = _raw_expr(staged)
    salt = lit(config_fingerprint(src))
    engine.drop_tables(CANON, REJECTS, f"{CANON}_all")
    engine.execute(
        f"CREATE TEMP TABLE {CANON}_all AS SELECT {ROW_COLUMN} AS row_number, "
        f"{record_id} AS record_id{', ' + inputs if inputs else ''}, "
        f"{attributes} AS attributes, {raw} AS raw, "
        f"md5(concat({raw}::VARCHAR, {salt})) AS row_hash "
        f"FROM {rows_from}"
    )
    total, with_id, distinct = engine.fetchall(
        f"SELECT count(*), count(record_id), count(DISTINCT record_id) FROM {CANON}_all"
    )[0]
    if total == with_id == distinct:  # the usual case: every row keyed, no repeats
        engine.execute(f"ALTER TABLE {CANON}_all RENAME TO {CANON}")
        engine.execute(
            f"CREATE TEMP TABLE {REJECTS} (row_number BIGINT, reason VARCHAR, raw VARCHAR)"
        )
        return Canonical(CANON, mapped, int(total), 0)
    id_cols = ", ".join(src.id_columns)
    engine.execute(
        f"CREATE TEMP TABLE {CANON}_ranked AS SELECT *, "
        "row_number() OVER (PARTITION BY record_id ORDER BY row_number DESC) AS dup_rank, "
        "max(row_number) OVER (PARTITION BY record_id) AS kept_row "
        f"FROM {CANON}_all"
    )
    engine.execute(
        f"CREATE TEMP TABLE {REJECTS} AS SELECT row_number, CASE WHEN record_id IS NULL THEN "
        f"{lit(f'missing record id (column {id_cols} is empty)')} ELSE "
        "'duplicate record id ''' || record_id || ''' (row ' || kept_row || "
        "' has the same id and is kept)' END AS reason, raw::VARCHAR AS raw "
        f"FROM {CANON}_ranked WHERE record_id IS NULL OR dup_rank > 1"
    )
    engine.execute(
        f"CREATE TEMP TABLE {CANON} AS SELECT * EXCLUDE (dup_rank, kept_row) "
        f"FROM {CANON}_ranked WHERE record_id IS NOT NULL AND dup_rank = 1"
    )
    engine.execute(f"DROP TABLE {CANON}_all")
    engine.execute(f"DROP TABLE {CANON}_ranked")
    kept = engine.fetchall(f"SELECT count(*) FROM {CANON}")[0][0]
    rejected = engine.fetchall(f"SELECT count(*) FROM {REJECTS}")[0][0]
    return Canonical(CANON, mapped, int(kept), int(rejected))


def _attributes_expr(
    staged: StagedTable,
    src: SourceConfig,
    mapped: list[Mapped],
    missing: list[str],
    paths: dict[str, int] | None,
) -> str:
    """JSON of the source attributes: renamed ``attr:`` columns, and unmapped table columns."""
    pairs: list[tuple[str, str]] = []
    for m in mapped:
        if m.target.startswith(ATTRIBUTE_PREFIX):
            pairs.append((m.target[len(ATTRIBUTE_PREFIX) :], column_expr(staged, m.column, paths)))
    if not staged.is_json:
        used = {m.column for m in mapped} | set(src.id_columns)
        pairs.extend((c, q(c)) for c in staged.columns if c not in used)
    if not pairs:
        return "NULL::JSON"
    body = ", ".join(f"{lit(k)}, {nz(expr, missing)}" for k, expr in pairs)
    return f"json_object({body})"


def _raw_expr(staged: StagedTable) -> str:
    if staged.is_json:
        return f"{JSON_COLUMN}::JSON"
    body = ", ".join(f"{lit(c)}, {q(c)}" for c in staged.columns)
    return f"json_object({body})"
