"""Junk identifiers: values that are data but never identity ('test@test.com', '+390000000000').

A junk value is kept on its record and flagged, but never links two records: thousands of
customers who typed 'noemail@x.com' are not one person.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from phonenumbers import COUNTRY_CODE_TO_REGION_CODE

from tessera.domain.fields import DEFAULT_JUNK

__all__ = ["ANY_NAMESPACE", "JunkMatcher"]

ANY_NAMESPACE = "*"
# A national number that is a straight run ('1234567890', '9876543') is made up.
_RUNS = "01234567890123456789"
_MIN_RUN = 6
# One character repeated ('xxx', '0000'); shorter repeats such as '11' can be real ids.
_REPEATED = re.compile(r"(.)\1{2,}", re.DOTALL)


def _wildcard(pattern: str) -> str:
    """'*' matches anything; every other character stands for itself (no '?' or '[...]')."""
    return ".*".join(re.escape(part) for part in pattern.casefold().split("*"))


def _national_digits(e164: str) -> str | None:
    digits = e164[1:]
    if not (e164.startswith("+") and digits.isdigit()):
        return None
    for size in (1, 2, 3):  # country calling codes are prefix-free
        if int(digits[:size]) in COUNTRY_CODE_TO_REGION_CODE:
            return digits[size:]
    return None


def _made_up_phone(e164: str) -> bool:
    national = _national_digits(e164)
    if not national:
        return False
    if national == national[0] * len(national):
        return True
    return len(national) >= _MIN_RUN and (national in _RUNS or national in _RUNS[::-1])


class _Rules:
    __slots__ = ("exact", "wildcards")

    def __init__(self, patterns: Iterable[str]) -> None:
        exact: set[str] = set()
        wildcards: list[str] = []
        for pattern in patterns:
            if "*" in pattern:
                wildcards.append(_wildcard(pattern))
            else:
                exact.add(pattern.casefold())
        self.exact = frozenset(exact)
        self.wildcards = (
            re.compile("|".join(f"(?:{w})" for w in wildcards), re.DOTALL) if wildcards else None
        )


class JunkMatcher:
    """Tells whether a standardized identifier is a placeholder rather than a real identity.

    Patterns come per namespace (``'*'`` for all): an exact value, or one with ``*`` wildcards,
    compared case-insensitively. Built-in rules add values made of one repeated character and
    E.164 phone numbers (in any namespace) whose national digits are one digit or a straight run.
    """

    def __init__(self, patterns: Mapping[str, Iterable[str]]) -> None:
        collected: dict[str, list[str]] = {}
        for namespace, values in patterns.items():
            collected.setdefault(namespace, []).extend(values)
        shared = collected.pop(ANY_NAMESPACE, [])
        self._default = _Rules(shared)
        self._rules = {ns: _Rules([*shared, *values]) for ns, values in collected.items()}

    @classmethod
    def with_defaults(cls, extra: Mapping[str, Iterable[str]] | None = None) -> JunkMatcher:
        """The built-in junk list (``DEFAULT_JUNK``) plus a workspace's own ``junk:`` patterns."""
        merged: dict[str, list[str]] = {ns: list(values) for ns, values in DEFAULT_JUNK.items()}
        for namespace, values in (extra or {}).items():
            merged.setdefault(namespace, []).extend(values)
        return cls(merged)

    def is_junk(self, namespace: str, value: str) -> bool:
        """Whether ``value`` (already standardized for ``namespace``) must never link records."""
        folded = value.casefold()
        rules = self._rules.get(namespace, self._default)
        if folded in rules.exact:
            return True
        if rules.wildcards is not None and rules.wildcards.fullmatch(folded):
            return True
        if _REPEATED.fullmatch(folded):
            return True
        return folded[:1] == "+" and _made_up_phone(folded)
