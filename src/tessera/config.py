"""Typed workspace configuration, parsed from ``tessera.yaml``.

Every key is documented here and in ``docs/configuration.md``. Validation errors are turned
into one :class:`~tessera.errors.ConfigError` line that names the file and the key path
(``tessera.yaml: sources.crm.mapping.Email: unknown target 'e-mail'``).
"""

from __future__ import annotations

import re
from functools import cached_property
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from tessera.domain.fields import (
    ATTRIBUTE_PREFIX,
    BUILTIN_NAMESPACES,
    DEFAULT_MISSING_VALUES,
    EVENT_FIELDS,
    PERSON_ATTRIBUTES,
    IdentifierType,
    RecordKind,
)
from tessera.domain.traits import BUILTIN_TRAITS, SEGMENT_TYPES, TraitDefinition
from tessera.errors import ConfigError

CONFIG_FILE = "tessera.yaml"
_NAME = re.compile(r"^[a-z][a-z0-9_]{0,62}$")
SourceFormat = Literal["csv", "excel", "json", "ndjson", "parquet", "sql", "segment"]

#: The source the event API writes to when the workspace declares no ``segment`` source.
DEFAULT_STREAM_SOURCE = "api"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class StorageConfig(_Model):
    """Where the workspace keeps its data."""

    engine: Literal["duckdb"] = "duckdb"
    """Storage engine. ``duckdb`` (embedded, default); PostgreSQL and Spark come later."""
    path: str = "tessera.duckdb"
    """The DuckDB file, relative to the workspace folder."""
    memory_limit: str | None = "1GB"
    """Cap on the engine's working memory (``"1GB"``, ``"8GB"``); beyond it DuckDB spills to
    disk. ``null`` lets DuckDB take up to 80% of RAM."""
    threads: int | None = Field(default=None, ge=1)
    """Worker threads for the engine; unset uses every core."""
    checkpoint_threshold: str | None = "256MB"
    """Write-ahead log size at which DuckDB folds the log into the database file (a
    checkpoint). Readers wait while it runs, and at 1M profiles one costs seconds, so the
    server's lookups pause less often with a larger value (DuckDB's own default: 16MB); the
    price is a longer log to replay after a crash. ``null``: DuckDB's default."""


class NamespaceConfig(_Model):
    """Settings of one identifier namespace (built-in ones may be overridden)."""

    type: IdentifierType = IdentifierType.ID
    """How values are standardized: ``email``, ``phone``, ``id`` or ``handle``."""
    priority: int = Field(default=3, ge=1, le=100)
    """1 is strongest; when linking would break a limit, the weakest link is dropped."""
    limit: int | None = Field(default=5, ge=1)
    """How many distinct values of this namespace one profile may hold; ``null``: no cap (an
    order reference: a customer has many orders)."""


class DefaultsConfig(_Model):
    """Workspace-wide defaults every source inherits unless it says otherwise."""

    country: str | None = None
    """ISO 3166 alpha-2 region used to read national phone numbers (``IT``, ``BR``, ``PL``)."""
    date_formats: list[str] = Field(default_factory=lambda: ["%Y-%m-%d"])
    """strftime formats tried in order for dates (ISO 8601 is always tried first)."""
    missing_values: list[str] = Field(default_factory=lambda: list(DEFAULT_MISSING_VALUES))
    """Cell values meaning 'missing' (compared trimmed and case-insensitively)."""

    @field_validator("country")
    @classmethod
    def _upper_country(cls, v: str | None) -> str | None:
        return _check_country(v)


def _check_country(v: str | None) -> str | None:
    if v is None:
        return None
    if not re.fullmatch(r"[A-Za-z]{2}", v):
        raise ValueError(f"'{v}' is not an ISO 3166 alpha-2 country code like IT or BR")
    return v.upper()


class SourceConfig(_Model):
    """One source of records or events, and how its columns map onto Tessera's fields."""

    kind: RecordKind = RecordKind.PERSON
    """``person`` (contacts, members, leads) or ``event`` (orders, tickets, page views)."""
    format: SourceFormat
    """``csv``, ``excel`` (.xlsx), ``json`` (array or NDJSON), ``ndjson``, ``parquet``, ``sql``,
    or ``segment``: messages sent to the HTTP event API (``tessera serve``) with a write key of
    this source — identify calls become person records, the other calls events."""
    path: str | None = None
    """The file, relative to the workspace folder (not for ``sql``)."""
    id: str | list[str] | None = None
    """Column holding the source's own record id, or a list of columns forming it (required
    except for ``segment`` sources, whose messages are keyed by ``messageId``)."""
    mapping: dict[str, str] = Field(default_factory=dict)
    """Source column (a JSON path like ``context.traits.email`` for JSON) -> canonical target."""
    trust: int = Field(default=5, ge=1, le=100)
    """Trust rank: 1 is the most trusted source (used by survivorship)."""
    country: str | None = None
    """Default country for this source's national phone numbers; overrides ``defaults.country``."""
    date_formats: list[str] | None = None
    """strftime formats for this source's dates; overrides ``defaults.date_formats``."""
    decimal: Literal[".", ","] = "."
    """Decimal separator of amounts (``,`` for ``1.234,50``)."""
    event_type: str | None = None
    """Constant event type for an event source whose rows carry none (``order``, ``ticket``)."""
    delimiter: str | None = None
    """CSV only: the delimiter; sniffed when unset."""
    encoding: str = "utf-8"
    """CSV only: the file's text encoding (any codec Python knows: ``cp1252``, ``latin-1``)."""
    sheet: str | int = 0
    """Excel only: the sheet's name, or its 0-based index."""
    url: str | None = None
    """SQL only: a SQLAlchemy URL (``sqlite:///legacy.db``, ``postgresql+psycopg://...``)."""
    query: str | None = None
    """SQL only: the SELECT that returns the rows."""

    @field_validator("country")
    @classmethod
    def _upper_country(cls, v: str | None) -> str | None:
        return _check_country(v)

    @field_validator("id")
    @classmethod
    def _nonempty_id(cls, v: str | list[str]) -> str | list[str]:
        if isinstance(v, list) and not v:
            raise ValueError("needs at least one column")
        return v

    @field_validator("delimiter")
    @classmethod
    def _one_char(cls, v: str | None) -> str | None:
        if v is not None and len(v) != 1 and v != "\\t":
            raise ValueError("must be a single character")
        return "\t" if v == "\\t" else v

    @field_validator("encoding")
    @classmethod
    def _known_codec(cls, v: str) -> str:
        import codecs

        try:
            return codecs.lookup(v).name
        except LookupError:
            raise ValueError(f"unknown text encoding '{v}'") from None

    @model_validator(mode="after")
    def _format_needs(self) -> SourceConfig:
        if self.id is None and self.format != "segment":
            raise ValueError(f"a {self.format} source needs 'id' (the record id column)")
        if self.format == "sql":
            if not self.url or not self.query:
                raise ValueError("a sql source needs both 'url' and 'query'")
        elif self.format == "segment":
            pass
        elif not self.path:
            raise ValueError(f"a {self.format} source needs 'path'")
        return self

    @property
    def id_columns(self) -> list[str]:
        """The record id column(s) as a list."""
        if self.id is None:
            return ["messageId"] if self.format == "segment" else []
        return [self.id] if isinstance(self.id, str) else list(self.id)


class ResolutionConfig(_Model):
    """How identity resolution decides that records belong to the same person."""

    match_weight_threshold: float = 8.0
    """Splink match weight (log2 of the odds) a probabilistic link needs to be accepted."""
    u_max_pairs: int = Field(default=2_000_000, ge=10_000)
    """Random record pairs sampled to estimate u probabilities when the model is trained."""
    em_max_pairs: int = Field(default=2_000_000, ge=10_000)
    """Blocked pairs each expectation-maximisation session trains on (sampled beyond this)."""
    seed: int = 42
    """Seed for the random sampling, so training is repeatable."""
    max_identifier_group: int = Field(default=500, ge=2)
    """An identifier carried by more records than this (and not by one person's events)
    is treated as shared: a shop terminal's e-mail, a kiosk's device id."""
    given_names_must_agree: bool = True
    """Refuse probabilistic links between records whose given names clearly differ, however
    strong the rest (twins, couples at one address). Turn off only for data where a given name
    can be replaced wholesale by noise (synthetic benchmarks such as FEBRL)."""
    households: bool = True
    """Group profiles sharing an address (and a surname or an identifier) into households."""


Survivorship = Literal["most_recent", "source_priority", "most_frequent", "most_complete"]


class ProfilesConfig(_Model):
    """How each profile's golden record is chosen."""

    survivorship: Survivorship = "most_recent"
    """The workspace default rule for every attribute."""
    attributes: dict[str, Survivorship] = Field(default_factory=dict)
    """Rule per attribute (``name``, ``birth_date``, ``gender``, ``address``, ``company``,
    ``job_title``), overriding the default."""
    source_priority: list[str] = Field(default_factory=list)
    """Source order for ``source_priority`` (most trusted first); default: by trust rank."""
    traits: dict[str, TraitDefinition] = Field(default_factory=dict)
    """Computed traits, by name (added to, or replacing, the built-in ones)."""
    builtin_traits: bool = True
    """Compute the built-in traits (lifetime value, order count, recency, funnel stage ...)."""
    event_types: list[str] = Field(default_factory=list)
    """Event types the data carries beyond the sources' constant ones and Segment's."""

    def all_traits(self) -> dict[str, TraitDefinition]:
        """Built-in traits (unless switched off) overlaid with the workspace's own."""
        merged = dict(BUILTIN_TRAITS) if self.builtin_traits else {}
        merged.update(self.traits)
        return merged

    @field_validator("attributes")
    @classmethod
    def _known_attributes(cls, v: dict[str, str]) -> dict[str, str]:
        known = ("name", "birth_date", "gender", "address", "company", "job_title")
        for name in v:
            if name not in known:
                raise ValueError(f"unknown attribute '{name}' (known: {', '.join(known)})")
        return v

    def rule_for(self, attribute: str) -> str:
        """The survivorship rule of one attribute."""
        return self.attributes.get(attribute, self.survivorship)


class WorkspaceConfig(_Model):
    """The whole ``tessera.yaml``."""

    name: str = "tessera"
    """A label for the workspace."""
    storage: StorageConfig = Field(default_factory=StorageConfig)
    defaults: DefaultsConfig = Field(default_factory=DefaultsConfig)
    identifiers: dict[str, NamespaceConfig] = Field(default_factory=dict)
    """Extra identifier namespaces, or overrides of built-in ones' priority and limit."""
    junk: dict[str, list[str]] = Field(default_factory=dict)
    """Extra junk identifier values per namespace (``*`` for any): exact or ``*`` wildcards."""
    sources: dict[str, Annotated[SourceConfig, Field()]] = Field(default_factory=dict)
    """The sources, by name (lower-case letters, digits, underscores)."""
    resolution: ResolutionConfig = Field(default_factory=ResolutionConfig)
    """Identity resolution settings."""
    profiles: ProfilesConfig = Field(default_factory=ProfilesConfig)
    """Golden record settings."""

    @field_validator("sources", "identifiers", "junk", mode="before")
    @classmethod
    def _none_is_empty(cls, v: Any) -> Any:
        return {} if v is None else v

    @model_validator(mode="after")
    def _default_stream_source(self) -> WorkspaceConfig:
        # The event API always has somewhere to write: a declared segment source or "api".
        if not any(s.format == "segment" for s in self.sources.values()) and (
            DEFAULT_STREAM_SOURCE not in self.sources
        ):
            self.sources[DEFAULT_STREAM_SOURCE] = SourceConfig(format="segment")
        return self

    def file_sources(self) -> list[str]:
        """Sources read by ``tessera import`` (every source but the event API's)."""
        return [n for n, s in self.sources.items() if s.format != "segment"]

    def stream_sources(self) -> list[str]:
        """Sources fed by the HTTP event API."""
        return [n for n, s in self.sources.items() if s.format == "segment"]

    @model_validator(mode="after")
    def _check_names_and_mappings(self) -> WorkspaceConfig:
        for ns in self.identifiers:
            if not _NAME.match(ns):
                raise _KeyProblem(["identifiers", ns], "namespace names use a-z, 0-9 and _")
            if ns in PERSON_ATTRIBUTES or ns in EVENT_FIELDS:
                raise _KeyProblem(["identifiers", ns], "clashes with a built-in field name")
        namespaces = self.namespaces()
        for ns in self.junk:
            if ns != "*" and ns not in namespaces:
                raise _KeyProblem(["junk", ns], f"unknown identifier namespace '{ns}'")
        for name, src in self.sources.items():
            if not _NAME.match(name):
                raise _KeyProblem(["sources", name], "source names use a-z, 0-9 and _")
            for column, target in src.mapping.items():
                problem = _target_problem(target, src.kind, namespaces)
                if problem:
                    raise _KeyProblem(["sources", name, "mapping", column], problem)
            if src.kind is RecordKind.PERSON and src.event_type:
                raise _KeyProblem(["sources", name, "event_type"], "only for kind: event")
        known_types = {t.lower() for t in (*SEGMENT_TYPES, *self.profiles.event_types)}
        known_types |= {s.event_type.lower() for s in self.sources.values() if s.event_type}
        for trait, definition in self.profiles.traits.items():
            if not re.fullmatch(r"[a-z][a-z0-9_]{0,62}", trait):
                raise _KeyProblem(["profiles", "traits", trait], "trait names use a-z, 0-9, _")
            for t in definition.event_types():
                if t.lower() not in known_types:
                    raise _KeyProblem(
                        ["profiles", "traits", trait, "event_type"],
                        f"unknown event type '{t}' (known: {', '.join(sorted(known_types))}; "
                        "declare others under profiles.event_types)",
                    )
        for i, name in enumerate(self.profiles.source_priority):
            if name not in self.sources:
                raise _KeyProblem(
                    ["profiles", "source_priority", str(i)], f"unknown source '{name}'"
                )
        return self

    def namespaces(self) -> dict[str, NamespaceConfig]:
        """Every identifier namespace: built-in defaults overlaid with the workspace's own."""
        return dict(self._namespaces)

    @cached_property
    def _namespaces(self) -> dict[str, NamespaceConfig]:
        # built once per (frozen) configuration: profile lookups ask on every request
        merged = {
            ns: NamespaceConfig(type=d.type, priority=d.priority, limit=d.limit)
            for ns, d in BUILTIN_NAMESPACES.items()
        }
        merged.update(self.identifiers)
        return merged


def _target_problem(target: str, kind: RecordKind, namespaces: dict[str, Any]) -> str | None:
    if target.startswith(ATTRIBUTE_PREFIX):
        rest = target[len(ATTRIBUTE_PREFIX) :]
        return None if rest.strip() else "attr: needs a name after the colon"
    if target in namespaces or target in PERSON_ATTRIBUTES or target in EVENT_FIELDS:
        return None
    known = sorted([*namespaces, *PERSON_ATTRIBUTES, *EVENT_FIELDS])
    close = [k for k in known if k.replace("_", "") == target.replace("_", "").replace("-", "")]
    hint = f" (did you mean '{close[0]}'?)" if close else ""
    return f"unknown target '{target}'{hint}; use an identifier namespace, a field, or attr:NAME"


class _KeyProblem(ValueError):
    def __init__(self, path: list[str], message: str) -> None:
        super().__init__(message)
        self.path = path
        self.message = message


def parse_config(data: Any, origin: str = CONFIG_FILE) -> WorkspaceConfig:
    """Validate already-loaded YAML data; raise :class:`ConfigError` naming ``origin`` and key."""
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ConfigError(f"{origin}: the top level must be a mapping of keys")
    try:
        return WorkspaceConfig.model_validate(data)
    except ValidationError as exc:
        raise ConfigError(_describe(exc, origin)) from None


def _describe(exc: ValidationError, origin: str) -> str:
    err = exc.errors()[0]
    ctx = err.get("ctx") or {}
    inner = ctx.get("error")
    if isinstance(inner, _KeyProblem):
        return f"{origin}: {'.'.join(inner.path)}: {inner.message}"
    loc = ".".join(str(p) for p in err["loc"] if not str(p).startswith("function-after"))
    msg = err["msg"]
    if err["type"] == "extra_forbidden":
        msg = "unknown key"
    elif err["type"] == "missing":
        msg = "required key is missing"
    msg = msg.removeprefix("Value error, ")
    more = f" (and {len(exc.errors()) - 1} more problem(s))" if len(exc.errors()) > 1 else ""
    return f"{origin}: {loc or '(top level)'}: {msg}{more}"


def load_config(folder: Path) -> WorkspaceConfig:
    """Read and validate ``folder/tessera.yaml``."""
    path = folder / CONFIG_FILE
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(f"{path}: not found (create a workspace with 'tessera init')") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot be read ({exc})") from None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" line {mark.line + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or "invalid YAML"
        raise ConfigError(f"{path}:{where}: {problem}") from None
    return parse_config(data, str(path))
