"""Small coded values (gender, country) and opaque identifiers (ids, social handles)."""

from __future__ import annotations

import functools
import re
import unicodedata
from typing import NamedTuple

from babel import Locale
from babel.core import get_global

from tessera.pipeline.standardize.keys import match_key

__all__ = [
    "ValueResult",
    "standardize_country",
    "standardize_gender",
    "standardize_handle",
    "standardize_id",
]


class ValueResult(NamedTuple):
    """A standardized value, or why the raw text could not become one (exactly one is set)."""

    value: str | None
    error: str | None


def _compact(text: str) -> str:
    """Spelling-insensitive key: 'U.S.A.', 'u s a' and 'USA' all give 'usa'."""
    key = match_key(text)
    return key.replace(" ", "") if key else ""


def _native(text: str) -> str:
    """Script-preserving key, so non-Latin names match before any transliteration."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    return "".join(ch for ch in folded if ch.isalnum())


# --- gender -------------------------------------------------------------------------------

_GENDER_WORDS = {
    "female": (
        "f", "female", "woman", "w", "mrs", "ms", "miss", "femmina", "donna", "femminile",
        "sig.ra", "signora", "feminino", "feminina", "mulher", "sra", "senhora", "k", "kobieta",
        "żeńska", "żeński", "pani", "زن", "خانم", "weiblich", "frau", "femme", "féminin", "mme",
        "madame", "mujer", "femenino", "señora", "fem",
    ),
    "male": (
        "m", "male", "man", "mr", "maschio", "uomo", "maschile", "sig", "signor", "signore",
        "masculino", "homem", "sr", "senhor", "mężczyzna", "męski", "męska", "pan", "مرد", "آقا",
        "männlich", "herr", "homme", "masculin", "monsieur", "hombre", "señor", "masc",
    ),
    "other": (
        "x", "other", "non-binary", "nonbinary", "non binary", "nb", "enby", "diverse", "divers",
        "altro", "non binario", "outro", "não binário", "inny", "niebinarny", "otro",
        "no binario", "autre", "non binaire", "دیگر",
    ),
}  # fmt: skip
_GENDERS = {_compact(w): g for g, words in _GENDER_WORDS.items() for w in words}
_GENDERS.update({_native(w): g for g, words in _GENDER_WORDS.items() for w in words})


def standardize_gender(raw: str) -> ValueResult:
    """Map the many ways sources record gender (several languages, codes, salutations) to three.

    Returns 'female', 'male' or 'other'; anything unrecognised is an error rather than a guess.
    """
    text = raw.strip() if raw else ""
    if not text:
        return ValueResult(None, None)
    gender = _GENDERS.get(_compact(text)) or _GENDERS.get(_native(text))
    if gender is None:
        return ValueResult(None, f"unrecognised gender '{text}'")
    return ValueResult(gender, None)


# --- country ------------------------------------------------------------------------------

_NAME_LOCALES = ("en", "it", "pt", "pt_PT", "es", "fr", "de", "pl", "fa")
_NOT_COUNTRIES = frozenset({"EU", "EZ", "UN", "QO", "ZZ", "XA", "XB"})
# CLDR regions that ISO 3166-1 files under another country.
_PART_OF = {"AC": "SH", "TA": "SH", "CP": "FR", "CQ": "GB", "DG": "IO", "EA": "ES", "IC": "ES"}
_ALIASES = {
    "GB": (
        "UK", "U.K.", "Great Britain", "Britain", "England", "Scotland", "Wales",
        "Northern Ireland", "Inghilterra", "Scozia", "Galles", "Gran Bretagna", "Inglaterra",
        "Escócia", "Grã-Bretanha", "Gran Bretaña", "Anglia", "Szkocja", "Walia", "انگلستان",
    ),
    "US": (
        "USA", "U.S.A.", "US", "U.S.", "America", "United States of America",
        "Stati Uniti d'America", "Estados Unidos da América", "Estados Unidos de América",
        "Stany Zjednoczone Ameryki", "آمریکا", "امریکا",
    ),
    "IR": ("Persia", "Iran, Islamic Republic of", "Islamic Republic of Iran"),
    "BR": ("Brasil",),
    "NL": ("Holland", "Olanda", "Holanda"),
    "CZ": ("Czech Republic", "Repubblica Ceca", "República Checa", "República Tcheca"),
    "CI": ("Ivory Coast",),
    "MK": ("Macedonia",),
    "SZ": ("Swaziland",),
    "TR": ("Turkey", "Türkiye", "Turchia", "Turquia", "Turcja"),
    "RU": ("Russian Federation",),
    "KR": ("Korea", "Republic of Korea"),
    "VA": ("Vatican", "Holy See"),
}  # fmt: skip


class _Countries(NamedTuple):
    codes: frozenset[str]  # ISO alpha-2
    old_codes: dict[str, str]  # lower-case alpha-3 or retired code -> alpha-2
    names: dict[str, str]  # compact or native key of a name or alias -> alpha-2


@functools.cache
def _countries() -> _Countries:
    """Built on first use: loading nine CLDR locales takes ~0.1 s, too much for every import."""
    codes = frozenset(
        c
        for c in map(str, Locale.parse("en").territories)
        if len(c) == 2 and c.isalpha() and c not in _NOT_COUNTRIES
    )

    def resolve(code: str) -> str | None:
        code = _PART_OF.get(code, code)
        return code if code in codes else None

    old_codes: dict[str, str] = {}
    for old, new in get_global("territory_aliases").items():
        target = resolve(new[0]) if len(new) == 1 else None
        if target and old.isalpha() and old not in codes:  # ITA -> IT, UK -> GB, ZR -> CD
            old_codes[old.casefold()] = target
    names: dict[str, str] = {}
    for code, words in _ALIASES.items():
        for word in words:
            names[_native(word)] = names[_compact(word)] = code
    for locale in _NAME_LOCALES:  # earlier locales win a clash
        for code, name in Locale.parse(locale).territories.items():
            target = resolve(str(code))
            if target:
                names.setdefault(_native(name), target)
                names.setdefault(_compact(name), target)
    return _Countries(codes, old_codes, names)


def standardize_country(raw: str) -> ValueResult:
    """Turn a country typed as a code or a name in one of our users' languages into alpha-2.

    ISO 3166-1 alpha-2 and alpha-3 codes, CLDR names in English, Italian, Portuguese (both
    variants), Spanish, French, German, Polish and Persian, and common aliases (UK, USA,
    England, Persia ...) are accepted, case, accents and punctuation ignored.
    """
    text = raw.strip() if raw else ""
    if not text:
        return ValueResult(None, None)
    table = _countries()
    key = _compact(text)
    if text.isascii():  # codes are Latin; a transliteration could only fake one
        if len(key) == 2 and key.upper() in table.codes:
            return ValueResult(key.upper(), None)
        found = table.old_codes.get(key)
    else:
        found = table.names.get(_native(text))
    found = found or table.names.get(key)
    if found:
        return ValueResult(found, None)
    return ValueResult(None, f"unrecognised country '{text}'")


# --- identifiers --------------------------------------------------------------------------

_PROFILE_URL = re.compile(
    r"^(?:[a-z][a-z0-9+.-]*://)?(?:www\.|m\.|mobile\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)+/",
    re.IGNORECASE,
)
# Path segments that come before the handle: linkedin.com/in/NAME, reddit.com/user/NAME.
_PROFILE_PREFIXES = frozenset({"in", "u", "user", "users", "pub", "add", "c", "channel"})
_EXCEL_INTEGER = re.compile(r"^(-?\d+)\.0+$")


def standardize_handle(raw: str) -> ValueResult:
    """Reduce a social handle, or a link to the profile, to the bare name platforms match on.

    '@Ana.Silva', 'ana.silva' and 'https://instagram.com/ana.silva/' all give 'ana.silva';
    platforms treat handles case-insensitively, so the value is case-folded.
    """
    text = raw.strip() if raw else ""
    url = _PROFILE_URL.match(text)
    if url:
        path = text[url.end() :].split("?", 1)[0].split("#", 1)[0]
        segments = [s for s in path.split("/") if s]
        while len(segments) > 1 and segments[0].casefold() in _PROFILE_PREFIXES:
            del segments[0]
        text = segments[0] if segments else ""
    handle = text.lstrip("@").strip().casefold()
    if not handle:
        return ValueResult(None, "empty handle")
    if any(ch.isspace() for ch in handle):
        return ValueResult(None, f"invalid handle '{text}' (handles have no spaces)")
    return ValueResult(handle, None)


def standardize_id(raw: str) -> ValueResult:
    """Keep an opaque id exactly as issued, undoing only the '.0' spreadsheets add to numbers.

    Ids are compared exactly, so nothing else is changed (leading zeros and case are kept).
    """
    text = raw.strip() if raw else ""
    if not text:
        return ValueResult(None, "empty id")
    excel = _EXCEL_INTEGER.match(text)
    return ValueResult(excel.group(1) if excel else text, None)
