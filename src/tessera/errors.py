"""Tessera's one error hierarchy.

Every error a user can cause is a :class:`TesseraError`; the CLI and the API turn it into a
single sentence (``str(error)``) in exactly one place each, never a traceback::

    TesseraError
    ├── ConfigError(ValueError)          tessera.yaml is missing, unreadable or invalid
    ├── WorkspaceError                   no workspace here / workspace already exists
    ├── SourceError                      a source cannot be imported at all (terminal)
    │   ├── SourceReadError(OSError)     the file / database cannot be read
    │   └── MappingError(KeyError)       a mapped column does not exist in the source
    ├── ReferenceNotFound(LookupError)   an unknown record / profile reference
    ├── AmbiguousReference(LookupError)  an identifier several profiles carry: pick one
    └── TransientError                   a failure worth retrying (a locked file, a lost link)

Bad *rows* are not errors: they are imported, flagged in the data-quality table, and counted.
Bad *files* are errors: they fail before anything is written.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any


class TesseraError(Exception):
    """Base of every error Tessera raises on purpose; ``str()`` is the user-facing sentence."""


class ConfigError(TesseraError, ValueError):
    """The workspace configuration is invalid; the message names the file and key path."""


class WorkspaceError(TesseraError):
    """The workspace folder is missing, or cannot be created where asked."""


class SourceError(TesseraError):
    """A source cannot be imported at all. Terminal: retrying the same input fails again."""


class SourceReadError(SourceError, OSError):
    """The source's file or database cannot be opened or parsed."""


class MappingError(SourceError, KeyError):
    """A column named in a source's mapping does not exist in the data."""

    def __str__(self) -> str:  # KeyError would quote the message
        return str(self.args[0]) if self.args else ""


class ReferenceNotFound(TesseraError, LookupError):
    """A record, identifier or profile reference that matches nothing."""


class AmbiguousReference(TesseraError, LookupError):
    """An identifier reference that several profiles carry — a couple's shared e-mail, a
    family landline, two people identity resolution kept apart — so it designates none of
    them alone: the caller picks one of :attr:`profile_ids` (sorted).

    :attr:`candidates` summarises each (name, city, birth year, records carrying the
    identifier...) when the code that raised it had them; :attr:`carriers` maps each profile
    id to the (source, record_id) keys carrying the identifier."""

    def __init__(
        self,
        ref: str,
        profile_ids: Sequence[str],
        candidates: Sequence[Mapping[str, Any]] = (),
        carriers: Mapping[str, Sequence[tuple[str, str]]] | None = None,
    ) -> None:
        self.ref = ref
        self.profile_ids = sorted(profile_ids)
        self.candidates = [dict(c) for c in candidates]
        self.carriers = {p: list(keys) for p, keys in (carriers or {}).items()}
        shown = ", ".join(self.profile_ids[:5]) + (", ..." if len(self.profile_ids) > 5 else "")
        super().__init__(
            f"{ref} is carried by {len(self.profile_ids)} profiles; use a profile id: {shown}"
        )


class TransientError(TesseraError):
    """A failure that may succeed when retried (a locked database file, a dropped connection)."""
