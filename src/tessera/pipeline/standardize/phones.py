"""Phone numbers to E.164, so one line typed ten ways becomes one identifier."""

from __future__ import annotations

import re
from typing import NamedTuple

import phonenumbers
from phonenumbers import NumberParseException, PhoneNumberFormat, ValidationResult

__all__ = ["PhoneResult", "standardize_phone"]


class PhoneResult(NamedTuple):
    """An E.164 number, or why the raw text could not become one (exactly one is set)."""

    value: str | None
    error: str | None


NO_COUNTRY = "cannot tell the country of a national number (set the source's country)"
INVALID = "invalid phone number"

_URI_PREFIX = re.compile(r"^(?:tel|phone|callto)\s*:\s*", re.IGNORECASE)
# Spreadsheets turn long digit strings into floats: '393331234567.0', '3.93331234567E+11'.
_FLOAT_TAIL = re.compile(r"^(\+?\d+)\.0+$")
_SCIENTIFIC = re.compile(r"^(\d)\.(\d+)[eE]\+?(\d{1,2})$")
_E164 = PhoneNumberFormat.E164
_REGIONS = frozenset(phonenumbers.SUPPORTED_REGIONS)
_WHY_NOT_POSSIBLE = {
    ValidationResult.TOO_SHORT: " (too short)",
    ValidationResult.TOO_LONG: " (too long)",
    ValidationResult.INVALID_LENGTH: " (wrong length)",
    ValidationResult.IS_POSSIBLE_LOCAL_ONLY: " (local number without area code)",
    ValidationResult.INVALID_COUNTRY_CODE: " (unknown country code)",
}
_PARSE_ERRORS = {
    NumberParseException.INVALID_COUNTRY_CODE: f"{INVALID} (unknown country code)",
    NumberParseException.NOT_A_NUMBER: f"{INVALID} (not a number)",
    NumberParseException.TOO_SHORT_AFTER_IDD: f"{INVALID} (too short)",
    NumberParseException.TOO_SHORT_NSN: f"{INVALID} (too short)",
    NumberParseException.TOO_LONG: f"{INVALID} (too long)",
}


def _unexcel(text: str) -> str:
    match = _FLOAT_TAIL.match(text)
    if match:
        return match.group(1)
    match = _SCIENTIFIC.match(text)
    # Only when every digit survived: '3.93331E+11' lost six of them, and guessing zeros
    # would invent somebody else's number.
    if match and len(match.group(2)) == int(match.group(3)):
        return match.group(1) + match.group(2)
    return text


def _valid(number: phonenumbers.PhoneNumber, region: str | None) -> bool:
    # Calling codes shared by many regions (+1: 25 NANPA regions, +44: GB, GG, IM, JE) make
    # is_valid_number try each region; the source's own region is the likely one, try it first.
    if (
        region
        and number.country_code == phonenumbers.country_code_for_region(region)
        and phonenumbers.is_valid_number_for_region(number, region)
    ):
        return True
    return bool(phonenumbers.is_valid_number(number))


def _parse(text: str, region: str | None) -> phonenumbers.PhoneNumber | str:
    try:
        number = phonenumbers.parse(text, region)
    except NumberParseException as exc:
        if exc.error_type == NumberParseException.INVALID_COUNTRY_CODE and not (
            region or text.startswith("+")
        ):
            return NO_COUNTRY
        return _PARSE_ERRORS.get(exc.error_type, INVALID)
    if _valid(number, region):
        return number
    reason = phonenumbers.is_possible_number_with_reason(number)
    return INVALID + _WHY_NOT_POSSIBLE.get(reason, "")


def standardize_phone(raw: str, default_region: str | None) -> PhoneResult:
    """Give every spelling of a phone line the one E.164 form that identity matching compares.

    ``default_region`` (ISO alpha-2, the source's country) reads national numbers such as
    '333-1234567'; without it only '+' or '00' numbers can be placed. Numbers that
    libphonenumber's metadata says are unassigned (including fiction ranges such as the UK's
    07700 900xxx) are rejected, because a number nobody can own is no identity.
    """
    text = raw.strip() if raw else ""
    if not text:
        return PhoneResult(None, None)
    if text[0] in "tTpPcC":
        text = _URI_PREFIX.sub("", text)
    if "." in text or "E" in text or "e" in text:
        text = _unexcel(text)
    region = default_region.upper() if default_region else None
    if region not in _REGIONS:
        region = None  # an unknown code places nothing; say so like a missing one
    if region is None and text.startswith("00"):
        text = "+" + text[2:]  # international prefix used by most of the world
    parsed = _parse(text, region)
    if isinstance(parsed, str) and region is not None and text.startswith("00"):
        # '0039 ...' in a source whose own international prefix is not 00 (US: 011).
        retried = _parse("+" + text[2:], None)
        if not isinstance(retried, str):
            parsed = retried
    if isinstance(parsed, str):
        return PhoneResult(None, parsed)
    return PhoneResult(phonenumbers.format_number(parsed, _E164), None)
