"""The canonical vocabulary every source is mapped onto.

A source's ``mapping`` sends each of its columns to one *target*:

* an **identifier namespace** (``email``, ``phone``, ``crm_id`` ... or a user-defined one),
* a **person attribute** (``given_name``, ``birth_date``, ``postcode`` ...),
* an **event field** (``event_type``, ``timestamp``, ``amount`` ...), or
* ``attr:NAME`` to keep the column as a source attribute under another name.

Columns that are not mapped are kept as source attributes under their own name.
Pure data: no I/O, no drivers.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class RecordKind(StrEnum):
    """What one row of a source is."""

    PERSON = "person"
    """A person record: a CRM contact, a loyalty member, a lead."""
    EVENT = "event"
    """Something a person did or that happened to them: an order, a ticket, a page view."""


class IdentifierType(StrEnum):
    """How values of an identifier namespace are standardized and compared."""

    EMAIL = "email"
    """RFC syntax checked; lower-cased; the matching key ignores gmail dots and +tags."""
    PHONE = "phone"
    """Parsed with the source's default country; stored as E.164."""
    ID = "id"
    """An opaque id: trimmed, compared exactly."""
    HANDLE = "handle"
    """A social handle: leading '@' dropped, compared case-insensitively."""


@dataclass(frozen=True, slots=True)
class NamespaceDefault:
    """Built-in settings of an identifier namespace (overridable in tessera.yaml)."""

    type: IdentifierType
    priority: int
    """1 is the strongest; a conflict drops the weakest link first."""
    limit: int
    """How many distinct values one profile may hold before a new one is treated as conflicting."""


BUILTIN_NAMESPACES: dict[str, NamespaceDefault] = {
    "user_id": NamespaceDefault(IdentifierType.ID, 1, 1),
    "crm_id": NamespaceDefault(IdentifierType.ID, 1, 1),
    "loyalty_card": NamespaceDefault(IdentifierType.ID, 2, 3),
    "email": NamespaceDefault(IdentifierType.EMAIL, 3, 5),
    "phone": NamespaceDefault(IdentifierType.PHONE, 3, 5),
    "social_handle": NamespaceDefault(IdentifierType.HANDLE, 4, 10),
    "device_id": NamespaceDefault(IdentifierType.ID, 5, 20),
    "anonymous_id": NamespaceDefault(IdentifierType.ID, 5, 20),
}


class FieldKind(StrEnum):
    """How a person attribute or event field is standardized."""

    NAME = "name"  # one name part: cleaned, case fixed, matching key
    FULL_NAME = "full_name"  # split into given / middle / family
    DATE = "date"  # declared formats, then ISO
    TIMESTAMP = "timestamp"  # ISO 8601 / epoch, then declared formats
    GENDER = "gender"  # female / male / other
    COUNTRY = "country"  # ISO 3166 alpha-2, names in several languages
    POSTCODE = "postcode"  # upper-cased, spaces normalised
    ADDRESS = "address"  # whitespace normalised, matching key
    TEXT = "text"  # trimmed
    CODE = "code"  # trimmed, lower-cased (event types, channels, statuses)
    CURRENCY = "currency"  # ISO 4217, upper-cased
    AMOUNT = "amount"  # decimal, '.' or ',' decimal separator, symbols dropped
    JSON = "json"  # kept as JSON text (order items)


PERSON_ATTRIBUTES: dict[str, FieldKind] = {
    "full_name": FieldKind.FULL_NAME,
    "given_name": FieldKind.NAME,
    "middle_name": FieldKind.NAME,
    "family_name": FieldKind.NAME,
    "birth_date": FieldKind.DATE,
    "gender": FieldKind.GENDER,
    "address": FieldKind.ADDRESS,  # a one-line address
    "address_line1": FieldKind.ADDRESS,
    "address_line2": FieldKind.ADDRESS,
    "postcode": FieldKind.POSTCODE,
    "city": FieldKind.TEXT,
    "country": FieldKind.COUNTRY,
    "company": FieldKind.TEXT,
    "job_title": FieldKind.TEXT,
}

EVENT_FIELDS: dict[str, FieldKind] = {
    "event_type": FieldKind.CODE,  # order, ticket, page, track, identify, campaign ...
    "event_name": FieldKind.TEXT,  # e.g. Segment's track event name
    "timestamp": FieldKind.TIMESTAMP,  # when it happened (on person records: last update)
    "channel": FieldKind.CODE,
    "status": FieldKind.CODE,
    "amount": FieldKind.AMOUNT,
    "currency": FieldKind.CURRENCY,
    "category": FieldKind.TEXT,
    "items": FieldKind.JSON,
    "url": FieldKind.TEXT,
    "subject": FieldKind.TEXT,
}

ATTRIBUTE_PREFIX = "attr:"

#: Fields whose standardized columns are stored on every record (persons and events alike).
RECORD_FIELDS: dict[str, FieldKind] = {**PERSON_ATTRIBUTES, **EVENT_FIELDS}

#: Values that mean "missing" in hand-typed data, compared after trimming and case-folding.
DEFAULT_MISSING_VALUES: tuple[str, ...] = (
    "",
    "-",
    "--",
    "?",
    ".",
    "n/a",
    "na",
    "n.a.",
    "n/d",
    "nd",
    "null",
    "none",
    "nil",
    "unknown",
    "sconosciuto",
    "desconhecido",
    "brak",
    "nieznany",
    "#n/a",
)

#: Identifier values that are data but never identity (kept, flagged, never linked).
DEFAULT_JUNK: dict[str, tuple[str, ...]] = {
    "email": (
        "test@test.com",
        "test@example.com",
        "noemail@*",
        "no-email@*",
        "noreply@*",
        "no-reply@*",
        "none@*",
        "nomail@*",
        "email@email.com",
        "a@a.com",
        "x@x.com",
        "*@example.com",
        "*@example.org",
        "*@test.com",
        "donotreply@*",
        "unknown@*",
    ),
    "phone": (
        "+10000000000",
        "+11111111111",
        "+15555555555",
        "+391234567890",
    ),
    "*": ("unknown", "n/a", "na", "none", "null", "test", "0", "-", "anonymous", "guest"),
}
