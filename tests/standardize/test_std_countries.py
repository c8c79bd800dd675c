"""standardize_country: codes and names in our users' languages to ISO alpha-2."""

import pytest

from tessera.pipeline.standardize import ValueResult, standardize_country

CASES = {
    "IT": ["IT", "it", "ITA", "Italy", "Italia", "ITALIA", "Itália", "Włochy", "ایتالیا",
           "Italien", "Italie"],
    "BR": ["BR", "BRA", "Brazil", "Brasile", "Brasil", "Brazylia", "برزیل", "Brasilien",
           "Brésil"],
    "PL": ["PL", "POL", "Poland", "Polonia", "Polônia", "Polónia", "Polska", "لهستان", "Polen",
           "Pologne"],
    "IR": ["IR", "IRN", "Iran", "Irã", "Irão", "Irán", "ایران", "Persia"],
    "DE": ["DE", "DEU", "Germany", "Germania", "Alemanha", "Niemcy", "آلمان", "Deutschland",
           "Allemagne", "Alemania"],
    "GB": ["GB", "GBR", "UK", "U.K.", "United Kingdom", "Regno Unito", "Reino Unido",
           "Wielka Brytania", "بریتانیا", "Vereinigtes Königreich", "Royaume-Uni",
           "Great Britain", "England", "Scotland", "Wales"],
    "US": ["US", "USA", "U.S.A.", "u.s.a.", "United States", "United States of America",
           "America", "Stati Uniti", "Estados Unidos", "Stany Zjednoczone", "ایالات متحده",
           "Vereinigte Staaten", "États-Unis", "Etats Unis"],
    "ES": ["Spain", "Spagna", "España", "Espanha", "Hiszpania", "Canary Islands"],
    "FR": ["France", "Francia", "França", "Francja", "Frankreich"],
    "CI": ["Côte d’Ivoire", "Cote d'Ivoire", "Ivory Coast"],
}  # fmt: skip


@pytest.mark.parametrize(
    ("raw", "code"), [(raw, code) for code, raws in CASES.items() for raw in raws]
)
def test_country(raw: str, code: str) -> None:
    assert standardize_country(raw) == ValueResult(code, None)


@pytest.mark.parametrize("raw", ["Atlantis", "ZZ", "EU", "XYZ", "Europe"])
def test_unknown_country_is_an_error(raw: str) -> None:
    assert standardize_country(raw) == ValueResult(None, f"unrecognised country '{raw}'")


def test_empty_country_is_missing() -> None:
    assert standardize_country("  ") == ValueResult(None, None)
