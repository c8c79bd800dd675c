"""The workspace's tables, in DuckDB's dialect (the canonical one).

``records`` holds the current version of every person record and event (one wide row each:
for every canonical field the standardized value beside ``<field>_raw``, exactly as read);
``identifiers`` holds every identifier a record carries; ``record_history`` keeps superseded
versions; ``imports``, ``quality_issues`` and ``rejected_rows`` make every import accountable.
"""

from __future__ import annotations

from tessera.domain.fields import RECORD_FIELDS, FieldKind

SCHEMA_VERSION = 4

#: Canonical fields whose values are stored under another column.
STORED_AS: dict[str, str] = {"timestamp": "occurred_at", "address": "address_line1"}

#: Columns holding a matching key (NFKC, case-folded, diacritics stripped) beside the value.
KEYED_FIELDS: tuple[str, ...] = (
    "given_name",
    "middle_name",
    "family_name",
    "city",
    "address_line1",
)

_TYPES: dict[FieldKind, str] = {
    FieldKind.DATE: "DATE",
    FieldKind.TIMESTAMP: "TIMESTAMPTZ",
    FieldKind.AMOUNT: "DECIMAL(18,4)",
    FieldKind.JSON: "JSON",
}


def storage_column(field: str) -> str:
    """The ``records`` column a canonical field's standardized value is stored in."""
    return STORED_AS.get(field, field)


def record_value_columns() -> list[tuple[str, str]]:
    """(column, SQL type) of every standardized, raw and key column of ``records``."""
    cols: list[tuple[str, str]] = []
    for field, kind in RECORD_FIELDS.items():
        if field in STORED_AS:
            continue
        if kind is FieldKind.FULL_NAME:
            cols.append(("full_name_raw", "VARCHAR"))
            continue
        cols.append((field, _TYPES.get(kind, "VARCHAR")))
        cols.append((f"{field}_raw", "VARCHAR"))
        if field in KEYED_FIELDS:
            cols.append((f"{field}_key", "VARCHAR"))
    cols.append(("occurred_at", "TIMESTAMPTZ"))
    cols.append(("occurred_at_raw", "VARCHAR"))
    return cols


RECORD_META_COLUMNS: list[tuple[str, str]] = [
    ("source", "VARCHAR NOT NULL"),
    ("record_id", "VARCHAR NOT NULL"),
    ("kind", "VARCHAR NOT NULL"),
    ("version", "INTEGER NOT NULL"),
    ("row_hash", "VARCHAR NOT NULL"),
    ("row_number", "BIGINT"),
    ("import_id", "BIGINT NOT NULL"),
    ("first_seen_at", "TIMESTAMPTZ NOT NULL"),
    ("updated_at", "TIMESTAMPTZ NOT NULL"),
]

RECORD_TAIL_COLUMNS: list[tuple[str, str]] = [
    ("attributes", "JSON"),  # unmapped / attr: columns, missing markers turned into null
    ("raw", "JSON"),  # the whole row exactly as read
]


def record_columns() -> list[tuple[str, str]]:
    """Every column of ``records``, in order."""
    return [*RECORD_META_COLUMNS, *record_value_columns(), *RECORD_TAIL_COLUMNS]


def _ddl(table: str, cols: list[tuple[str, str]]) -> str:
    body = ",\n  ".join(f"{name} {typ}" for name, typ in cols)
    return f"CREATE TABLE IF NOT EXISTS {table} (\n  {body}\n)"


def schema_statements() -> list[str]:
    """DDL creating every table that does not exist yet."""
    history_cols = [(n, t.replace(" NOT NULL", "")) for n, t in record_columns()] + [
        ("identifiers", "JSON"),
        ("superseded_at", "TIMESTAMPTZ"),
        ("superseded_by_import", "BIGINT"),
    ]
    return [
        "CREATE SEQUENCE IF NOT EXISTS import_seq START 1",
        _ddl(
            "imports",
            [
                ("import_id", "BIGINT PRIMARY KEY"),
                ("source", "VARCHAR NOT NULL"),
                ("location", "VARCHAR"),
                ("fingerprint", "VARCHAR"),
                ("started_at", "TIMESTAMPTZ"),
                ("finished_at", "TIMESTAMPTZ"),
                ("status", "VARCHAR"),  # ok | skipped | failed
                ("rows_read", "BIGINT"),
                ("inserted", "BIGINT"),
                ("updated", "BIGINT"),
                ("unchanged", "BIGINT"),
                ("rejected", "BIGINT"),
                ("quality_issues", "BIGINT"),
                ("message", "VARCHAR"),
            ],
        ),
        _ddl("records", record_columns()),
        _ddl("record_history", history_cols),
        _ddl(
            "identifiers",
            [
                ("source", "VARCHAR NOT NULL"),
                ("record_id", "VARCHAR NOT NULL"),
                ("namespace", "VARCHAR NOT NULL"),
                ("column_name", "VARCHAR"),
                ("raw_value", "VARCHAR"),
                ("value", "VARCHAR"),  # standardized, shown as the customer's data
                ("match_key", "VARCHAR"),  # looser key used for linking, never shown
                ("status", "VARCHAR NOT NULL"),  # valid | invalid | junk
                ("import_id", "BIGINT"),
            ],
        ),
        _ddl(
            "quality_issues",
            [
                ("import_id", "BIGINT"),
                ("source", "VARCHAR NOT NULL"),
                ("record_id", "VARCHAR"),
                ("row_number", "BIGINT"),
                ("field", "VARCHAR"),
                ("column_name", "VARCHAR"),
                ("raw_value", "VARCHAR"),
                ("reason", "VARCHAR"),
            ],
        ),
        *identity_statements(),
        _ddl(
            "rejected_rows",
            [
                ("import_id", "BIGINT"),
                ("source", "VARCHAR NOT NULL"),
                ("row_number", "BIGINT"),
                ("reason", "VARCHAR"),
                ("raw", "VARCHAR"),
            ],
        ),
    ]


def _pair(prefix: str) -> list[tuple[str, str]]:
    return [(f"{prefix}_source", "VARCHAR NOT NULL"), (f"{prefix}_record_id", "VARCHAR NOT NULL")]


def identity_statements() -> list[str]:
    """DDL of identity resolution: links, decisions, profiles and their history."""
    return [
        "CREATE SEQUENCE IF NOT EXISTS resolution_seq START 1",
        _ddl(
            "manual_links",
            [
                *_pair("a"),
                *_pair("b"),
                ("decision", "VARCHAR NOT NULL"),  # link | unlink
                ("created_at", "TIMESTAMPTZ NOT NULL"),
                ("note", "VARCHAR"),
            ],
        ),
        _ddl(
            "identity_links",
            [
                ("run_id", "BIGINT"),
                *_pair("a"),
                *_pair("b"),
                ("kind", "VARCHAR"),  # manual | identifier | probabilistic
                ("namespace", "VARCHAR"),
                ("match_key", "VARCHAR"),
                ("match_weight", "DOUBLE"),
                ("evidence", "JSON"),
                ("accepted", "BOOLEAN"),
                ("reason", "VARCHAR"),
            ],
        ),
        _ddl(
            "shared_identifiers",
            [
                ("run_id", "BIGINT"),
                ("namespace", "VARCHAR"),
                ("match_key", "VARCHAR"),
                ("records", "BIGINT"),
                ("reason", "VARCHAR"),
            ],
        ),
        _ddl(
            "profile_members",
            [
                ("profile_id", "VARCHAR NOT NULL"),
                ("source", "VARCHAR NOT NULL"),
                ("record_id", "VARCHAR NOT NULL"),
            ],
        ),
        _ddl(
            "profiles",
            [
                ("profile_id", "VARCHAR PRIMARY KEY"),
                ("created_at", "TIMESTAMPTZ"),
                ("updated_at", "TIMESTAMPTZ"),
                ("records", "BIGINT"),
                ("person_records", "BIGINT"),
                ("household_id", "VARCHAR"),
            ],
        ),
        _ddl(
            "profile_redirects",
            [
                ("old_id", "VARCHAR PRIMARY KEY"),
                ("new_id", "VARCHAR NOT NULL"),
                ("changed_at", "TIMESTAMPTZ"),
                ("reason", "VARCHAR"),
            ],
        ),
        _ddl(
            "profile_history",
            [
                ("run_id", "BIGINT"),
                ("changed_at", "TIMESTAMPTZ"),
                ("event", "VARCHAR"),  # created | merged | split | retired
                ("profile_id", "VARCHAR"),
                ("related_id", "VARCHAR"),
                ("records", "BIGINT"),
            ],
        ),
        _ddl(
            "households",
            [
                ("household_id", "VARCHAR NOT NULL"),
                ("profile_id", "VARCHAR NOT NULL"),
                ("address_key", "VARCHAR"),
            ],
        ),
        _ddl(
            "golden_attributes",
            [
                ("profile_id", "VARCHAR NOT NULL"),
                ("attribute", "VARCHAR NOT NULL"),
                ("value", "VARCHAR"),
                ("parts", "JSON"),
                ("source", "VARCHAR"),
                ("record_id", "VARCHAR"),
                ("observed_at", "TIMESTAMPTZ"),
                ("rule", "VARCHAR"),
                ("alternatives", "JSON"),
                ("computed_at", "TIMESTAMPTZ"),
            ],
        ),
        # -- real-time collection (the HTTP event API) --------------------------------------
        "CREATE SEQUENCE IF NOT EXISTS inbox_seq START 1",
        "CREATE SEQUENCE IF NOT EXISTS quarantine_seq START 1",
        _ddl(
            "api_keys",
            [
                ("key_id", "VARCHAR PRIMARY KEY"),  # public part, shown in lists and logs
                ("scope", "VARCHAR NOT NULL"),  # write | read | admin
                ("source", "VARCHAR"),  # write keys: the source their messages belong to
                ("secret_hash", "VARCHAR NOT NULL"),  # sha256 of the whole key
                ("created_at", "TIMESTAMPTZ NOT NULL"),
                ("revoked_at", "TIMESTAMPTZ"),
                ("note", "VARCHAR"),
            ],
        ),
        _ddl(
            "event_inbox",  # every accepted message, stored before the 200 is sent
            [
                ("seq", "BIGINT NOT NULL"),  # acceptance order (inbox_seq)
                ("source", "VARCHAR NOT NULL"),
                ("message_id", "VARCHAR NOT NULL"),
                ("type", "VARCHAR NOT NULL"),  # identify | track | page | screen | group | alias
                ("received_at", "TIMESTAMPTZ NOT NULL"),
                ("event_time", "TIMESTAMPTZ"),  # timestamp corrected for client clock skew
                ("payload", "JSON NOT NULL"),  # the message, batch context merged in
                ("PRIMARY KEY", "(source, message_id)"),
            ],
        ),
        _ddl(
            "event_quarantine",  # messages of an accepted request that failed validation
            [
                ("quarantine_id", "BIGINT PRIMARY KEY"),
                ("source", "VARCHAR NOT NULL"),
                ("message_id", "VARCHAR"),
                ("received_at", "TIMESTAMPTZ NOT NULL"),
                ("reason", "VARCHAR NOT NULL"),
                ("payload", "VARCHAR NOT NULL"),  # the raw message text
                ("replayed_at", "TIMESTAMPTZ"),
            ],
        ),
        _ddl(
            "event_duplicates",  # retried messages already stored (same source + messageId)
            [
                ("received_at", "TIMESTAMPTZ NOT NULL"),
                ("source", "VARCHAR NOT NULL"),
                ("message_id", "VARCHAR NOT NULL"),
            ],
        ),
        _ddl(
            "event_rejections",  # requests answered 4xx as a whole
            [
                ("received_at", "TIMESTAMPTZ NOT NULL"),
                ("key_id", "VARCHAR"),
                ("path", "VARCHAR"),
                ("status", "INTEGER NOT NULL"),
                ("code", "VARCHAR NOT NULL"),
                ("reason", "VARCHAR NOT NULL"),
                ("messages", "INTEGER NOT NULL"),  # messages in the body (1 if unparseable)
                ("bytes", "BIGINT"),
            ],
        ),
        _ddl(
            "resolution_runs",
            [
                ("run_id", "BIGINT PRIMARY KEY"),
                ("started_at", "TIMESTAMPTZ"),
                ("finished_at", "TIMESTAMPTZ"),
                ("records", "BIGINT"),
                ("identifier_links", "BIGINT"),
                ("probabilistic_links", "BIGINT"),
                ("refused_links", "BIGINT"),
                ("shared_identifiers", "BIGINT"),
                ("profiles", "BIGINT"),
                ("created", "BIGINT"),
                ("merged", "BIGINT"),
                ("split", "BIGINT"),
                ("model", "VARCHAR"),
                ("seconds_by_stage", "JSON"),
            ],
        ),
    ]
