"""standardize_gender, standardize_handle, standardize_id."""

import pytest

from tessera.pipeline.standardize import (
    ValueResult,
    standardize_gender,
    standardize_handle,
    standardize_id,
)


@pytest.mark.parametrize(
    ("raw", "gender"),
    [
        *[(v, "female") for v in ["f", "F", "female", "Female", "woman", "Mrs", "Ms."]],
        *[(v, "male") for v in ["m", "M", "male", "MALE", "man", "Mr", "Mr."]],
        # Italian
        *[(v, "male") for v in ["maschio", "Uomo", "M"]],
        *[(v, "female") for v in ["femmina", "Donna", "F"]],
        # Portuguese
        *[(v, "male") for v in ["masculino", "Homem"]],
        *[(v, "female") for v in ["feminino", "Mulher"]],
        # Polish: K is kobieta
        *[(v, "male") for v in ["mężczyzna", "Mezczyzna", "M"]],
        *[(v, "female") for v in ["kobieta", "K", "k"]],
        # Persian
        ("مرد", "male"),
        ("زن", "female"),
        *[(v, "other") for v in ["x", "X", "non-binary", "Non Binary", "nonbinary", "other"]],
        ("diverse", "other"),
    ],
)
def test_gender(raw: str, gender: str) -> None:
    assert standardize_gender(raw) == ValueResult(gender, None)


@pytest.mark.parametrize("raw", ["xyz", "maybe", "2"])
def test_unknown_gender_is_an_error(raw: str) -> None:
    assert standardize_gender(raw) == ValueResult(None, f"unrecognised gender '{raw}'")


@pytest.mark.parametrize(
    ("raw", "handle"),
    [
        ("@Ana.Silva", "ana.silva"),
        ("ana.silva", "ana.silva"),
        ("  @ana  ", "ana"),
        ("https://instagram.com/ana.silva", "ana.silva"),
        ("https://www.instagram.com/Ana.Silva/?hl=en", "ana.silva"),
        ("instagram.com/ana.silva", "ana.silva"),
        ("https://www.tiktok.com/@ana_s", "ana_s"),
        ("https://www.linkedin.com/in/ana-silva-123/", "ana-silva-123"),
        ("https://twitter.com/AnaSilva#top", "anasilva"),
    ],
)
def test_handle(raw: str, handle: str) -> None:
    assert standardize_handle(raw) == ValueResult(handle, None)


@pytest.mark.parametrize(
    ("raw", "error"),
    [
        ("@", "empty handle"),
        ("", "empty handle"),
        ("https://instagram.com/", "empty handle"),
        ("ana silva", "invalid handle 'ana silva' (handles have no spaces)"),
    ],
)
def test_bad_handle(raw: str, error: str) -> None:
    assert standardize_handle(raw) == ValueResult(None, error)


@pytest.mark.parametrize(
    ("raw", "value"),
    [
        ("12345.0", "12345"),  # Excel float artefact
        ("12345.00", "12345"),
        ("12345", "12345"),
        ("  ABC-001 ", "ABC-001"),  # case kept: ids compare exactly
        ("00123", "00123"),  # leading zeros kept
        ("1.5", "1.5"),
        ("12345.01", "12345.01"),
    ],
)
def test_id(raw: str, value: str) -> None:
    assert standardize_id(raw) == ValueResult(value, None)


@pytest.mark.parametrize("raw", ["", "   "])
def test_empty_id_is_an_error(raw: str) -> None:
    assert standardize_id(raw) == ValueResult(None, "empty id")
