"""standardize_email: syntax-checked value and the looser matching key."""

import pytest

from tessera.pipeline.standardize import EmailResult, standardize_email


@pytest.mark.parametrize(
    ("raw", "value"),
    [
        ("Mario.Rossi@Example.com", "mario.rossi@example.com"),
        ("  mario@rossi.it  ", "mario@rossi.it"),
        ("MAILTO:Ana@Silva.com.br", "ana@silva.com.br"),
        ("mailto:ana@silva.com.br?subject=Oi", "ana@silva.com.br"),
        ("<ana@silva.pt>", "ana@silva.pt"),
        ("Ana Silva <Ana@Silva.pt>", "ana@silva.pt"),
        ("ŁUKASZ@Żółw.PL", "łukasz@żółw.pl"),  # internationalised: kept, lower-cased
        ("x@xn--exmple-cua.de", "x@exämple.de"),  # the library's normal form of the domain
        ("test@test.com", "test@test.com"),  # test domains pass syntax (junk rules flag them)
        ("user@example.com", "user@example.com"),
    ],
)
def test_valid_addresses(raw: str, value: str) -> None:
    result = standardize_email(raw)
    assert result.value == value
    assert result.error is None


@pytest.mark.parametrize(
    ("raw", "key"),
    [
        ("Mario.Rossi@Gmail.com", "mariorossi@gmail.com"),
        ("m.a.r.i.o.rossi+promo@gmail.com", "mariorossi@gmail.com"),
        ("Mario.Rossi+x+y@googlemail.com", "mariorossi@gmail.com"),
        ("ana+news@outlook.com", "ana@outlook.com"),
        ("ana+news@hotmail.com", "ana@hotmail.com"),
        ("ana+news@hotmail.it", "ana@hotmail.it"),
        ("ana+news@hotmail.co.uk", "ana@hotmail.co.uk"),
        ("ana+news@live.com", "ana@live.com"),
        ("ana+news@icloud.com", "ana@icloud.com"),
        ("ana+news@me.com", "ana@me.com"),
        ("ana+news@fastmail.com", "ana@fastmail.com"),
        ("ana+news@fastmail.fm", "ana@fastmail.fm"),
        ("ana+news@proton.me", "ana@proton.me"),
        ("ana+news@protonmail.com", "ana@protonmail.com"),
        # everyone else: the key is the value (dots and tags may be significant)
        ("ana.silva+news@example.com", "ana.silva+news@example.com"),
        ("ana.silva@outlook.com", "ana.silva@outlook.com"),
        ("ana+news@live.acme.com", "ana+news@live.acme.com"),
        ("+news@gmail.com", "+news@gmail.com"),  # nothing before the tag: kept whole
    ],
)
def test_matching_key(raw: str, key: str) -> None:
    assert standardize_email(raw).key == key


def test_gmail_value_keeps_what_was_typed() -> None:
    result = standardize_email("Mario.Rossi+promo@GoogleMail.com")
    assert result == EmailResult("mario.rossi+promo@googlemail.com", "mariorossi@gmail.com", None)


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("mario.rossi", "An email address must have an @-sign."),
        ("ab@@x.it", "The part after the @-sign contains invalid characters: '@'."),
        ("mario@gmail", "The part after the @-sign is not valid. It should have a period."),
        ("a..b@x.it", "An email address cannot have two periods in a row."),
        ("foo bar@x.it", "The email address contains invalid characters before the @-sign: SPACE."),
        (
            "x@foo.test",
            "The part after the @-sign is a special-use or reserved name that cannot be used "
            "with email.",
        ),
    ],
)
def test_invalid_addresses(raw: str, reason: str) -> None:
    assert standardize_email(raw) == EmailResult(None, None, f"invalid e-mail: {reason}")


@pytest.mark.parametrize("raw", ["", "   ", "mailto:"])
def test_empty_is_missing_not_an_error(raw: str) -> None:
    assert standardize_email(raw) == EmailResult(None, None, None)
