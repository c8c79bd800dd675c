"""Which words are given names and which are family names: the evidence for name order.

Built once, lazily, from data Tessera already ships with: Faker's per-locale first-name and
last-name lists for the languages its users write in, the nickname groups of
:mod:`tessera.domain.nicknames`, and a short curated list of Latin transliterations of common
Iranian names (Faker's fa_IR lists are in Persian script only). A word can be in both sets
(`Thomas`, `Costa`, `Ali`): such a word is no evidence either way.
"""

from __future__ import annotations

import importlib
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from tessera.domain.nicknames import canonical_given_names
from tessera.pipeline.standardize.keys import match_key

__all__ = ["PARTICLES", "PERSIAN_SURNAME_TAILS", "NameLexicon", "lexicon_key", "name_lexicon"]

# Particles belong to the family name ('da Silva', 'van Beethoven') and stay lower-case in it.
PARTICLES = frozenset(
    ("da", "de", "di", "del", "della", "dos", "das", "do", "van", "von", "der", "den", "la", "le")
)

_LOCALES = (
    "it_IT", "pt_BR", "pt_PT", "pl_PL", "fa_IR", "en_GB", "en_US", "de_DE", "es_ES", "fr_FR",
)  # fmt: skip
# Where two surnames in a row are the convention (mother's then father's, or the reverse).
_IBERIAN = ("pt_BR", "pt_PT", "es_ES")
_GIVEN_ATTRS = ("first_names", "first_names_female", "first_names_male")
# pl_PL's `last_names` is a placeholder ('Doe'); its real lists are the two others.
_FAMILY_ATTRS = {"pl_PL": ("male_last_names", "unisex_last_names")}
_FAMILY_DEFAULT = ("last_names",)

# Faker's fa_IR data is Persian script; exports from Iran are as often in Latin letters.
_PERSIAN_GIVEN = (
    "mohammad", "mohamad", "ali", "hossein", "reza", "mehdi", "amir", "hamid", "saeed", "majid",
    "mohsen", "hassan", "javad", "ahmad", "abbas", "hadi", "sadegh", "vahid", "hamed", "mojtaba",
    "morteza", "mostafa", "mahmoud", "behnam", "dariush", "kourosh", "arash", "babak", "omid",
    "farhad", "nima", "pouya", "pedram", "shahram", "siavash", "alireza", "mohammadreza",
    "zahra", "fatemeh", "maryam", "narges", "leila", "mahsa", "neda", "shirin", "parisa",
    "elham", "azadeh", "somayeh", "roya", "niloufar", "samira", "mina", "yasaman", "hoda",
    "golnaz", "masoumeh", "zeinab", "marzieh", "fereshteh", "mahnaz", "soheila", "nazanin",
)  # fmt: skip
_PERSIAN_FAMILY = (
    "hosseini", "ahmadi", "mohammadi", "rezaei", "mousavi", "karimi", "jafari", "hashemi",
    "rahimi", "moradi", "ghasemi", "kazemi", "sadeghi", "rostami", "bagheri", "akbari",
    "heidari", "nazari", "ebrahimi", "alavi", "najafi", "soltani", "khosravi", "amini", "asadi",
    "abbasi", "mahmoudi", "salehi", "ghorbani", "karami", "azizi", "hamidi", "taheri",
    "zamani", "mirzaei", "rahmani", "sharifi", "yousefi", "jalali", "shirazi", "tehrani",
    "esfahani", "farahani", "tabrizi", "hosseinzadeh", "alizadeh", "rezazadeh", "safavi",
)  # fmt: skip
# The commonest surnames of their countries that Faker's lists leave out.
_MISSING_FAMILY = ("nowak", "colombo", "giordano", "رضایی", "حسینی", "جعفری")
# Second words of Persian compound surnames ('Mohammadi Nejad', 'Reza Zadeh', 'Ali Pour'):
# never a name alone, so the word before them belongs to the family name too.
PERSIAN_SURNAME_TAILS = frozenset(
    (
        "nejad", "nezhad", "nejhad", "zadeh", "zade", "pour", "poor", "far", "rad", "nia",
        "khah", "doost", "dust", "shahi", "abadi",
        "نژاد", "زاده", "پور", "فر", "راد", "نیا", "خواه", "دوست", "شاهی", "آبادی",
    )
)  # fmt: skip
# Persian compound given names ('Mohammad Reza', 'Ali Asghar', 'Fatemeh Zahra'): one given
# name written in two words, which a given-name column holds whole. Latin first words are
# the Persian spellings (an Egyptian 'Mohamed Ali Hassan' is a given name and two more).
# Faker's fa_IR first names add the compounds it lists ('علی رضا', 'نازنین زهرا').
_COMPOUNDS = (
    (
        ("mohammad", "mohamad", "muhammad", "mohammed", "ali", "amir", "abdol", "abol", "gholam",
         "محمد", "علی", "امیر", "عبد", "غلام"),
        ("reza", "ali", "hossein", "hosein", "hassan", "hasan", "mehdi", "mahdi", "javad",
         "sadegh", "sadeq", "taghi", "taqi", "naghi", "bagher", "baqer", "kazem", "jafar",
         "karim", "rahim", "amin", "hadi", "saleh", "taha", "asghar", "akbar", "ebrahim",
         "esmaeil",
         "رضا", "علی", "حسین", "حسن", "مهدی", "جواد", "صادق", "تقی", "نقی", "باقر", "کاظم",
         "جعفر", "کریم", "رحیم", "امین", "هادی", "صالح", "طاها", "اصغر", "اکبر", "ابراهیم",
         "اسماعیل"),
    ),
    (
        ("fatemeh", "fateme", "nazanin", "zahra", "maryam", "zeinab", "masoumeh",
         "فاطمه", "نازنین", "زهرا", "مریم", "زینب", "معصومه"),
        ("zahra", "sadat", "زهرا", "سادات"),
    ),
)  # fmt: skip
_POLISH_FEMININE = (("ski", "ska"), ("cki", "cka"), ("dzki", "dzka"))
# Arabic-script letters Persian writes with its own code points (Faker mixes both).
_PERSIAN_LETTERS = str.maketrans({"ي": "ی", "ى": "ی", "ك": "ک", "ة": "ه", "\u200c": " "})


def lexicon_key(word: str) -> str:
    """The form a word is looked up by: match_key for Latin script, Persian letters unified.

    Arabic script is not transliterated (unidecode drops its vowels, so unrelated names
    would collide with each other and with Latin words).
    """
    if word.isascii() or unicodedata.name(word[0], "")[:5] != "ARABI":
        return match_key(word) or ""
    return word.translate(_PERSIAN_LETTERS)


@dataclass(frozen=True)
class NameLexicon:
    """Lookup keys (:func:`lexicon_key`) of known given names and family names."""

    given: frozenset[str]
    family: frozenset[str]
    iberian_family: frozenset[str]
    compounds: frozenset[tuple[str, str]]

    def is_given(self, key: str) -> bool:
        """Known as a given name (it may be a family name as well)."""
        return key in self.given

    def is_family(self, key: str) -> bool:
        """Known as a family name (it may be a given name as well)."""
        return key in self.family

    def only_given(self, key: str) -> bool:
        """Known as a given name and never as a family name: evidence on its own."""
        return key in self.given and key not in self.family

    def only_family(self, key: str) -> bool:
        """Known as a family name and never as a given name: evidence on its own."""
        return key in self.family and key not in self.given

    def compound(self, first: str, second: str) -> bool:
        """Whether two given-name words are one compound given name ('Mohammad Reza')."""
        return (first, second) in self.compounds


def _keys(names: Iterable[str]) -> set[str]:
    out: set[str] = set()
    for name in names:
        for word in name.replace("-", " ").split():
            key = lexicon_key(word)
            if len(key) > 1 and " " not in key and key not in PARTICLES:
                out.add(key)
    return out


def _two_words(names: Iterable[str]) -> Iterable[tuple[str, str]]:
    for name in names:
        words = name.split()
        if len(words) == 2:
            yield words[0], words[1]


def _feminine(surnames: Iterable[str]) -> set[str]:
    out = set()
    for name in surnames:
        for masc, fem in _POLISH_FEMININE:
            if name.endswith(masc):
                out.add(name[: -len(masc)] + fem)
    return out


@cache
def name_lexicon() -> NameLexicon:
    """The lexicon, built on first use (~0.2 s: importing Faker's ten locale modules)."""
    given = _keys(canonical_given_names()) | _keys(_PERSIAN_GIVEN)
    pairs = {
        (lexicon_key(a), lexicon_key(b))
        for firsts, seconds in _COMPOUNDS
        for a in firsts
        for b in seconds
    }
    family = _keys(_PERSIAN_FAMILY) | _keys(_MISSING_FAMILY) | _keys(PERSIAN_SURNAME_TAILS)
    iberian: set[str] = set()
    for locale in _LOCALES:
        provider = importlib.import_module(f"faker.providers.person.{locale}").Provider
        for attr in _GIVEN_ATTRS:
            names = getattr(provider, attr, ())
            given |= _keys(names)
            if locale == "fa_IR":  # not 'Maria Fernanda': a given and a middle name
                pairs |= {(lexicon_key(a), lexicon_key(b)) for a, b in _two_words(names)}
        surnames: list[str] = []
        for attr in _FAMILY_ATTRS.get(locale, _FAMILY_DEFAULT):
            surnames.extend(getattr(provider, attr, ()))
        keys = _keys(surnames) | _keys(_feminine(surnames))
        family |= keys
        if locale in _IBERIAN:
            iberian |= keys
    # A pair only meets itself in one script ('mohammad reza', 'محمد رضا').
    pairs = {(a, b) for a, b in pairs if a.isascii() == b.isascii()}
    return NameLexicon(
        given=frozenset(given),
        family=frozenset(family),
        iberian_family=frozenset(iberian),
        compounds=frozenset((a, b) for a, b in pairs if a != b),
    )
