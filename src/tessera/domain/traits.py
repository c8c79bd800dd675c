"""Computed traits: declared in tessera.yaml, parsed into a whitelisted tree, compiled to SQL.

No user text is evaluated: a trait names a function from :data:`FUNCTIONS`, a field from
:data:`FIELDS`, and filters that compare whitelisted fields with literal values. The compiler
in ``pipeline/unify/traits.py`` turns the tree into aggregate expressions with bound literals.
"""

from __future__ import annotations

from typing import Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

#: Event fields a trait may aggregate or filter on (the ``records`` columns of the same name).
FIELDS: tuple[str, ...] = (
    "amount",
    "category",
    "channel",
    "status",
    "event_type",
    "event_name",
    "currency",
    "url",
    "subject",
    "occurred_at",
)
NUMERIC_FIELDS = ("amount",)
TraitFunction = Literal[
    "count", "sum", "avg", "min", "max", "first", "last", "most_frequent", "distinct", "ratio"
]
FUNCTIONS: tuple[str, ...] = get_args(TraitFunction)
#: Event types every workspace may have: Segment's message types.
SEGMENT_TYPES = ("identify", "track", "page", "screen", "group", "alias")

Scalar = str | int | float | bool


def _check_field(name: str) -> str:
    """A whitelisted field name, or a ValueError naming the known ones."""
    if name not in FIELDS:
        raise ValueError(f"unknown field '{name}' (known: {', '.join(FIELDS)})")
    return name


def _check_where(where: dict[str, object]) -> dict[str, object]:
    for name in where:
        _check_field(name)
    return where


class Condition(BaseModel):
    """Which events count: literal comparisons on whitelisted fields, time of day."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    where: dict[str, Scalar | list[Scalar]] = Field(default_factory=dict)
    """Field -> value (equality) or list of values (any of them)."""
    hour_before: int | None = Field(default=None, ge=0, le=24)
    """Only events before this hour of the day (UTC), e.g. 10 for breakfast buyers."""
    hour_from: int | None = Field(default=None, ge=0, le=23)
    """Only events from this hour of the day on (UTC)."""

    @field_validator("where")
    @classmethod
    def _known_fields(cls, v: dict[str, object]) -> dict[str, object]:
        return _check_where(v)


class TraitDefinition(BaseModel):
    """One computed trait of every profile."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    function: TraitFunction
    field: str | None = None
    """The event field aggregated (not needed for ``count`` and ``ratio``)."""
    event_type: str | list[str] | None = None
    """Only events of this type (or these types)."""
    where: dict[str, Scalar | list[Scalar]] = Field(default_factory=dict)
    """Further literal filters on whitelisted fields."""
    window_days: int | None = Field(default=None, ge=1)
    """Only events of the last N days (relative to when traits are computed)."""
    numerator: Condition | None = None
    """For ``ratio``: which of the counted events form the numerator."""
    description: str | None = None

    @field_validator("field")
    @classmethod
    def _known_field(cls, v: str | None) -> str | None:
        return None if v is None else _check_field(v)

    @field_validator("where")
    @classmethod
    def _known_where(cls, v: dict[str, object]) -> dict[str, object]:
        return _check_where(v)

    @model_validator(mode="after")
    def _shape(self) -> TraitDefinition:
        if self.function in ("count", "ratio"):
            if self.function == "ratio" and self.numerator is None:
                raise ValueError("a ratio needs 'numerator'")
            return self
        if self.field is None:
            raise ValueError(f"'{self.function}' needs 'field'")
        if self.function in ("sum", "avg") and self.field not in NUMERIC_FIELDS:
            raise ValueError(
                f"'{self.function}' needs a numeric field ({', '.join(NUMERIC_FIELDS)})"
            )
        return self

    def event_types(self) -> list[str]:
        """The event types this trait is restricted to (empty: all)."""
        if self.event_type is None:
            return []
        return [self.event_type] if isinstance(self.event_type, str) else list(self.event_type)


#: Traits every workspace gets unless it defines one of the same name.
BUILTIN_TRAITS: dict[str, TraitDefinition] = {
    "lifetime_value": TraitDefinition(
        function="sum", field="amount", event_type="order", description="Sum of all order amounts"
    ),
    "order_count": TraitDefinition(function="count", event_type="order"),
    "average_order_value": TraitDefinition(function="avg", field="amount", event_type="order"),
    "first_order_at": TraitDefinition(function="min", field="occurred_at", event_type="order"),
    "last_order_at": TraitDefinition(function="max", field="occurred_at", event_type="order"),
    "orders_last_90_days": TraitDefinition(function="count", event_type="order", window_days=90),
    "favourite_category": TraitDefinition(
        function="most_frequent", field="category", event_type="order"
    ),
    "preferred_channel": TraitDefinition(function="most_frequent", field="channel"),
    "open_tickets": TraitDefinition(
        function="count", event_type="ticket", where={"status": ["open", "pending", "new"]}
    ),
    "breakfast_order_share": TraitDefinition(
        function="ratio",
        event_type="order",
        numerator=Condition(hour_before=10),
        description="Share of orders placed before 10:00 (breakfast buyers)",
    ),
}
