"""standardize_phone: E.164 or a reason."""

import pytest

from tessera.pipeline.standardize import PhoneResult, standardize_phone
from tessera.pipeline.standardize.phones import NO_COUNTRY


@pytest.mark.parametrize(
    ("raw", "region", "e164"),
    [
        ("+39 333 1234567", None, "+393331234567"),
        ("+39 333 1234567", "BR", "+393331234567"),  # '+' wins over the source's country
        ("0039 333 1234567", "IT", "+393331234567"),
        ("0039 333 1234567", None, "+393331234567"),
        ("0039 333 1234567", "US", "+393331234567"),  # US dials 011, but 00 is unambiguous
        ("011 39 333 1234567", "US", "+393331234567"),
        ("333-1234567", "IT", "+393331234567"),
        ("333-1234567", "it", "+393331234567"),
        ("(619) 236-0200", "US", "+16192360200"),
        ("+98 912 345 6789", None, "+989123456789"),
        ("0912 345 6789", "IR", "+989123456789"),
        ("+48 601 234 567", None, "+48601234567"),
        ("601-234-567", "PL", "+48601234567"),
        ("(11) 91234-5678", "BR", "+5511912345678"),
        ("+55 11 91234-5678", None, "+5511912345678"),
        ("07911 123456", "GB", "+447911123456"),
        ("+44 20 7946 0958", None, "+442079460958"),
        ("tel:+39 333 1234567", None, "+393331234567"),
        ("TEL: +39-333-1234567", None, "+393331234567"),
        ("+39 333 1234567 ext. 12", None, "+393331234567"),
        ("(619) 236-0200 x305", "US", "+16192360200"),
        ("393331234567.0", "IT", "+393331234567"),  # Excel float artefact
        ("+393331234567.0", None, "+393331234567"),
        ("3331234567.0", "IT", "+393331234567"),
        ("3.93331234567E+11", "IT", "+393331234567"),
        ("  +39 333 1234567  ", None, "+393331234567"),
        ("(+39) 333 1234567", None, "+393331234567"),
        ("+39 (0) 2 1234567", None, "+39021234567"),  # Italian landlines keep their 0
        ("+44 (0)20 7946 0958", None, "+442079460958"),  # UK trunk '(0)' dropped
        ("39 333 1234567", "IT", "+393331234567"),  # country code typed without '+'
        ("0039-333-1234567", "BR", "+393331234567"),
        ("＋３９ ３３３ １２３４５６７", None, "+393331234567"),  # full-width
        ("۰۹۱۲ ۳۴۵ ۶۷۸۹", "IR", "+989123456789"),  # Persian digits
        ("+39 333 1234567", "XX", "+393331234567"),  # unknown region: '+' still works
    ],
)
def test_valid_numbers_become_e164(raw: str, region: str | None, e164: str) -> None:
    assert standardize_phone(raw, region) == PhoneResult(e164, None)


@pytest.mark.parametrize(
    ("raw", "region", "error"),
    [
        ("333-1234567", None, NO_COUNTRY),
        ("393331234567.0", None, NO_COUNTRY),  # the '+' was lost: cannot be placed
        ("(619) 236-0200", None, NO_COUNTRY),
        ("12", "IT", "invalid phone number (too short)"),
        ("abc", "IT", "invalid phone number (not a number)"),
        ("+999 1234567", None, "invalid phone number (unknown country code)"),
        ("+39 333 12345678901234", None, "invalid phone number (too long)"),
        ("+1 555 555 5555", None, "invalid phone number"),  # no 555 area code
        ("+391234567890", None, "invalid phone number"),
        # Excel rounded away six digits: refuse rather than invent a number
        ("3.93331E+11", "IT", "invalid phone number (not a number)"),
        ("333 1234567", "XX", NO_COUNTRY),
        # Ofcom's range reserved for drama: libphonenumber knows nobody can own it.
        ("07700 900123", "GB", "invalid phone number"),
    ],
)
def test_invalid_numbers_give_a_reason(raw: str, region: str | None, error: str) -> None:
    assert standardize_phone(raw, region) == PhoneResult(None, error)


def test_no_country_message_tells_what_to_do() -> None:
    assert NO_COUNTRY == "cannot tell the country of a national number (set the source's country)"


@pytest.mark.parametrize("raw", ["", "   "])
def test_empty_is_missing_not_an_error(raw: str) -> None:
    assert standardize_phone(raw, "IT") == PhoneResult(None, None)
