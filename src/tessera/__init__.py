"""Tessera: an open-source Customer Data Platform building a Single Customer View.

The public API is what this module exports; everything else may change between releases.
"""

from __future__ import annotations

from tessera.config import WorkspaceConfig, load_config
from tessera.errors import (
    AmbiguousReference,
    ConfigError,
    MappingError,
    ReferenceNotFound,
    SourceError,
    SourceReadError,
    TesseraError,
    TransientError,
    WorkspaceError,
)
from tessera.pipeline.ingest import ImportResult
from tessera.workspace import ImportFailure, SourceStatus, Workspace

__version__ = "0.1.0"

__all__ = [
    "AmbiguousReference",
    "ConfigError",
    "ImportFailure",
    "ImportResult",
    "MappingError",
    "ReferenceNotFound",
    "SourceError",
    "SourceReadError",
    "SourceStatus",
    "TesseraError",
    "TransientError",
    "Workspace",
    "WorkspaceConfig",
    "WorkspaceError",
    "__version__",
    "load_config",
]
