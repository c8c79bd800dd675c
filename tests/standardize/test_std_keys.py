"""match_key: the loose key names, cities and addresses are matched on."""

import pytest

from tessera.pipeline.standardize import clean_name, match_key, split_full_name


@pytest.mark.parametrize(
    ("raw", "key"),
    [
        ("Łukasz", "lukasz"),
        ("João", "joao"),
        ("Ferrà", "ferra"),
        ("  ROSSI  ", "rossi"),
        ("D'Angelo", "dangelo"),
        ("D’Angelo", "dangelo"),
        ("Anne-Marie", "anne marie"),
        ("Anne   Marie", "anne marie"),
        ("Via Roma, 10/B", "via roma 10 b"),
        ("Straße", "strasse"),
        ("ＡＢＣ", "abc"),  # full-width letters: NFKC
        ("São Paulo", "sao paulo"),
        ("Kraków", "krakow"),
        ("علی رضایی", "ly rdyy"),  # unidecode's transliteration, lower-cased
    ],
)
def test_match_key(raw: str, key: str) -> None:
    assert match_key(raw) == key


@pytest.mark.parametrize("raw", [None, "", "   ", "---", "''", "!?"])
def test_match_key_of_nothing_is_none(raw: str | None) -> None:
    assert match_key(raw) is None


def test_spellings_of_one_name_share_a_key() -> None:
    spellings = ["Łukasz Kowalski", "LUKASZ KOWALSKI", "lukasz  kowalski", "Łukasz-Kowalski"]
    assert {match_key(s) for s in spellings} == {"lukasz kowalski"}


@pytest.mark.parametrize(
    ("raw", "shown", "key"),
    [("Łukasz", "Łukasz", "lukasz"), ("JOÃO", "João", "joao"), ("ferrà", "Ferrà", "ferra")],
)
def test_diacritics_survive_in_the_value_but_not_the_key(raw: str, shown: str, key: str) -> None:
    assert clean_name(raw) == shown
    assert match_key(clean_name(raw)) == key


def test_diacritics_survive_a_full_name_split() -> None:
    parts = split_full_name("Łukasz Kowalski")
    assert parts.given == "Łukasz"
    assert match_key(parts.given) == "lukasz"
