"""Golden records, lookup tables and traits of a few profiles, reading their rows once.

After an incremental resolution only the profiles of the re-resolved components change. Their
members, records and identifiers are copied once into small temp tables, and every unify step
reads those instead of scanning the workspace tables once per attribute and trait.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import pyarrow as pa

from tessera.config import WorkspaceConfig
from tessera.engines.base import Engine
from tessera.pipeline.unify.documents import write_documents
from tessera.pipeline.unify.golden import GoldenResult, build_golden
from tessera.pipeline.unify.lookups import DELTA, UnifyInputs, drop_deltas
from tessera.pipeline.unify.traits import build_traits

_IDS = "unify_ids"
INPUTS = UnifyInputs(
    members="unify_members", records="unify_records", identifiers="unify_identifiers"
)


def unify_profiles(
    engine: Engine,
    config: WorkspaceConfig,
    profile_ids: Iterable[str],
    *,
    as_of: dt.datetime | None = None,
    members: str | None = None,
) -> GoldenResult:
    """Recompute golden attributes (with the lookup tables), traits and documents of
    ``profile_ids``; ids that no longer exist lose their rows. ``members``: a table holding
    exactly the members of those profiles (profile_id, source, record_id), as a scoped
    resolution leaves it — read instead of scanning ``profile_members``."""
    ids = sorted(set(profile_ids))
    engine.register_arrow(_IDS, pa.table({"profile_id": pa.array(ids, pa.string())}))
    try:
        engine.execute(
            f"CREATE OR REPLACE TEMP TABLE {INPUTS.members} AS SELECT * FROM "
            + (
                members
                if members
                else f"profile_members WHERE profile_id IN (SELECT profile_id FROM {_IDS})"
            )
        )
        # records is wide (60-odd columns): find the members' rows on the two key columns,
        # then fetch whole rows by rowid (DuckDB reads only those) — a plain semi join reads
        # every column of every row (40 -> 14 ms at 42k records).
        engine.execute(
            f"CREATE OR REPLACE TEMP TABLE {INPUTS.records} AS SELECT * FROM records "
            "WHERE rowid IN (SELECT rowid FROM records "
            f"SEMI JOIN {INPUTS.members} USING (source, record_id))"
        )
        engine.execute(
            f"CREATE OR REPLACE TEMP TABLE {INPUTS.identifiers} AS SELECT * FROM identifiers "
            f"SEMI JOIN {INPUTS.members} USING (source, record_id)"
        )
        golden = build_golden(engine, config, ids, INPUTS)
        build_traits(
            engine, config.profiles.all_traits(), as_of=as_of, profile_ids=ids, inputs=INPUTS
        )
        write_documents(engine, _IDS, DELTA, ids)
    finally:
        drop_deltas(engine)
        engine.unregister(_IDS)
        engine.drop_tables(INPUTS.members, INPUTS.records, INPUTS.identifiers)
    return golden
