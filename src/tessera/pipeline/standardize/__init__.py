"""Pure standardization of raw identifier and attribute values (no I/O, no database).

Each function takes one trimmed raw value and returns a NamedTuple with the standardized
value or an error; the ingest pipeline calls them once per distinct raw value.
"""

from tessera.pipeline.standardize.emails import EmailResult, standardize_email
from tessera.pipeline.standardize.junk import ANY_NAMESPACE, JunkMatcher
from tessera.pipeline.standardize.keys import match_key
from tessera.pipeline.standardize.names import NameParts, clean_name, split_full_name
from tessera.pipeline.standardize.phones import PhoneResult, standardize_phone
from tessera.pipeline.standardize.values import (
    ValueResult,
    standardize_country,
    standardize_gender,
    standardize_handle,
    standardize_id,
)

__all__ = [
    "ANY_NAMESPACE",
    "EmailResult",
    "JunkMatcher",
    "NameParts",
    "PhoneResult",
    "ValueResult",
    "clean_name",
    "match_key",
    "split_full_name",
    "standardize_country",
    "standardize_email",
    "standardize_gender",
    "standardize_handle",
    "standardize_id",
    "standardize_phone",
]
