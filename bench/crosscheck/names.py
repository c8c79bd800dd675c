"""Name pools with realistic frequencies, and the spelling variants of one name.

Each pool is the curated head of :mod:`bench.crosscheck.names_data` plus a long tail: Faker's
name lists for the culture (ordered by a fixed checksum, weighted by a Zipf curve, so the
tail is steep but never outweighs the head) and, where Faker's list is short, surnames derived
from it the way the language forms them (Italian ``-ini``/``-etti``, Persian ``-zadeh``/``-pour``).
"""

from __future__ import annotations

import importlib
import re
import zlib
from functools import cache
from typing import Any

from bench.crosscheck import names_data as data
from bench.crosscheck.rand import Rng, Weighted

CULTURES = ("IT", "PT", "BR", "PL", "IR", "GB", "US")
_FAKER_LOCALE = {
    "IT": "it_IT",
    "PT": "pt_PT",
    "BR": "pt_BR",
    "PL": "pl_PL",
    "GB": "en_GB",
    "US": "en_US",
}
_NICK_GROUP = {
    "IT": "IT",
    "PT": "PTBR",
    "BR": "PTBR",
    "PL": "PL",
    "IR": "IR",
    "GB": "EN",
    "US": "EN",
}
#: Share of people of each culture whose given name is outside the curated head.
_GIVEN_TAIL = {"IT": 0.3, "PT": 0.25, "BR": 0.3, "PL": 0.25, "IR": 0.0, "GB": 0.35, "US": 0.4}
_GIVEN = {
    ("IT", "F", "old"): data.IT_F_OLD,
    ("IT", "F", "young"): data.IT_F_YOUNG,
    ("IT", "M", "old"): data.IT_M_OLD,
    ("IT", "M", "young"): data.IT_M_YOUNG,
    ("PT", "F", ""): data.PT_F,
    ("PT", "M", ""): data.PT_M,
    ("BR", "F", ""): data.BR_F,
    ("BR", "M", ""): data.BR_M,
    ("PL", "F", ""): data.PL_F,
    ("PL", "M", ""): data.PL_M,
    ("IR", "F", ""): data.IR_F,
    ("IR", "M", ""): data.IR_M,
    ("GB", "F", ""): data.GB_F,
    ("GB", "M", ""): data.GB_M,
    ("US", "F", ""): data.US_F,
    ("US", "M", ""): data.US_M,
}
_SURNAMES = {
    "IT": data.IT_SURNAMES,
    "PT": data.PT_SURNAMES,
    "BR": data.BR_SURNAMES,
    "PL": data.PL_SURNAMES,
    "IR": data.IR_SURNAMES,
    "GB": data.GB_SURNAMES,
    "US": data.US_SURNAMES,
}
_EN_STEMS = [
    "Ash",
    "Black",
    "Brad",
    "Brook",
    "Burn",
    "Chad",
    "Clay",
    "Craw",
    "Crom",
    "Dal",
    "Dun",
    "East",
    "Ells",
    "Fair",
    "Farn",
    "Fox",
    "Gold",
    "Hart",
    "Hay",
    "Hol",
    "Kings",
    "Lang",
    "Lock",
    "Marsh",
    "Mid",
    "New",
    "North",
    "Oak",
    "Pen",
    "Rad",
    "Red",
    "Roth",
    "Shel",
    "Shep",
    "South",
    "Stan",
    "Stock",
    "Thorn",
    "Wake",
    "Walms",
    "West",
    "Whit",
    "Win",
    "Ather",
    "Bram",
    "Chester",
    "Col",
    "Hale",
    "Hunting",
    "Lin",
    "Pem",
    "Sher",
]
_EN_SUFFIXES = (
    "ford",
    "wood",
    "ley",
    "ton",
    "field",
    "worth",
    "ham",
    "by",
    "well",
    "combe",
    "bury",
    "more",
    "dale",
    "ridge",
    "son",
    "hurst",
)
_IT_SUFFIXES = ("i", "o", "a", "ini", "etti", "elli", "oni", "ucci")
#: Stems already carrying a suffix (Bianchin-, Rossett-): no second one (not 'Rossettini').
_IT_FORMED = ("ell", "ett", "in", "on", "ucc", "ier", "es", "at", "ott", "icc", "i")


def parse_weights(spec: str) -> list[tuple[str, float]]:
    """``"Maria 80, De Luca 10"`` -> ``[("Maria", 80.0), ("De Luca", 10.0)]``."""
    out = []
    for part in spec.split(","):
        name, _, weight = part.strip().rpartition(" ")
        out.append((name, float(weight)))
    return out


def _checksum_order(names: list[str]) -> list[str]:
    # Faker's lists are alphabetical: a Zipf curve over them would make 'A' names common
    return sorted(dict.fromkeys(names), key=lambda n: (zlib.crc32(n.encode()), n))


def _with_tail(
    head: list[tuple[str, float]], tail: list[str], tail_share: float, offset: int
) -> Weighted[str]:
    known = {n for n, _ in head}
    tail = [n for n in tail if n not in known]
    if not tail or tail_share <= 0:
        return Weighted(head)
    head_mass = sum(w for _, w in head)
    raw = [1.0 / (rank + offset) for rank in range(len(tail))]
    scale = head_mass * tail_share / (1 - tail_share) / sum(raw)
    return Weighted([*head, *((n, w * scale) for n, w in zip(tail, raw, strict=True))])


def _faker_person(culture: str) -> Any:
    module = importlib.import_module(f"faker.providers.person.{_FAKER_LOCALE[culture]}")
    return module.Provider


@cache
def given_pool(culture: str, gender: str, cohort: str = "", region: str = "") -> Weighted[str]:
    """Given names of ``culture`` for one sex (Italy also by birth cohort, 'old' or 'young',
    and by macro-region)."""
    head = parse_weights(_GIVEN[(culture, gender, cohort if culture == "IT" else "")])
    if culture == "IT" and region in data.IT_GIVEN_REGIONAL_BOOST:
        boost = dict(parse_weights(data.IT_GIVEN_REGIONAL_BOOST[region]))
        head = [(n, w * boost.get(n, 1.0)) for n, w in head]
    if culture == "IR":
        return Weighted(head)
    provider = _faker_person(culture)
    names = list(provider.first_names_female if gender == "F" else provider.first_names_male)
    # compounds (Faker's 'Ana Clara') are built separately for Portugal and Brazil
    names = [n for n in names if " " not in n]
    return _with_tail(head, _checksum_order(names), _GIVEN_TAIL[culture], 30)


@cache
def second_given_pool(gender: str) -> Weighted[str]:
    """Second given names of Portuguese and Brazilian compounds."""
    return Weighted(parse_weights(data.PTBR_SECOND_F if gender == "F" else data.PTBR_SECOND_M))


@cache
def surname_pool(culture: str, region: str = "") -> Weighted[str]:
    """Family names of ``culture`` (Polish in the male form), Italy's by macro-region."""
    head = parse_weights(_SURNAMES[culture])
    if culture == "IT" and region in data.IT_REGIONAL_BOOST:
        boost = dict(parse_weights(data.IT_REGIONAL_BOOST[region]))
        head = [(n, w * boost.get(n, 1.0)) for n, w in head]
    tail, share, offset = _surname_tail(culture)
    return _with_tail(head, tail, share, offset)


def _surname_tail(culture: str) -> tuple[list[str], float, int]:
    """Tail names, the population share outside the head, and the Zipf offset."""
    if culture == "IR":
        names = [stem + suffix for stem in data.IR_STEMS for suffix in data.IR_SUFFIXES]
        return _checksum_order(names), 0.76, 300
    provider = _faker_person(culture)
    if culture == "PL":
        names = [*provider.male_last_names, *provider.unisex_last_names]
        return _checksum_order(names), 0.88, 300
    base = list(provider.last_names)
    if culture == "IT":
        # Italy has ~350,000 surnames: derive more from Faker's 1,164 with the suffixes the
        # language forms them with (Bianchi -> Bianchini, Bianchetti), real ones first
        stems = {n[:-1] for n in base if " " not in n and "'" not in n and n[-1] in "aeio"}
        derived = [
            s + suffix
            for s in sorted(stems)
            if not s.endswith(_IT_FORMED)
            for suffix in _IT_SUFFIXES
        ]
        return [*_checksum_order(base), *_checksum_order(derived)], 0.935, 500
    if culture == "GB":
        # English place-name surnames (Ashford, Blackwood) lengthen Faker's 500
        derived = [s + suffix for s in _EN_STEMS for suffix in _EN_SUFFIXES]
        return _checksum_order([*base, *derived]), 0.79, 200
    if culture == "US":
        # Faker's US surnames carry the Census Bureau's frequencies: keep them in that order
        return list(base), 0.85, 60
    return _checksum_order(base), 0.10 if culture == "PT" else 0.18, 40


def draw_given(rng: Rng, culture: str, gender: str, birth_year: int, region: str = "") -> str:
    """A canonical given name (Portuguese/Brazilian ones are often two names)."""
    cohort = "old" if birth_year < 1975 else "young"
    given = given_pool(culture, gender, cohort, region if culture == "IT" else "").draw(rng)
    if culture in ("PT", "BR"):
        compound = 0.8 if given == "Maria" else 0.35 if gender == "F" else 0.25
        if rng.chance(compound):
            second = second_given_pool(gender).draw(rng)
            if second != given:
                given = f"{given} {second}"
    return given


def draw_family(rng: Rng, culture: str, region: str = "") -> str:
    """A canonical family name: one surname, or two or three for Portugal and Brazil."""
    pool = surname_pool(culture, region)
    if culture not in ("PT", "BR"):
        return pool.draw(rng)
    r = rng.random()
    count = 1 if r < 0.25 else 2 if r < 0.95 else 3
    parts: list[str] = []
    while len(parts) < count:
        name = pool.draw(rng)
        if name not in parts:
            parts.append(name)
    if parts[-1] in ("Silva", "Costa", "Cruz", "Rocha") and rng.chance(0.35):
        parts[-1] = f"da {parts[-1]}"
    elif parts[-1] in ("Santos", "Reis", "Anjos") and rng.chance(0.3):
        parts[-1] = f"dos {parts[-1]}"
    return " ".join(parts)


def last_surname(family: str) -> str:
    """The final surname with its particle: 'Santos da Silva' -> 'da Silva'."""
    words = family.split()
    if len(words) >= 2 and words[-2] in ("da", "de", "do", "dos", "das"):
        return " ".join(words[-2:])
    return words[-1]


def polish_female(surname: str) -> str:
    """The female form of a Polish surname: Kowalski -> Kowalska (Nowak stays Nowak)."""
    for male, female in (("ski", "ska"), ("cki", "cka"), ("dzki", "dzka")):
        if surname.endswith(male):
            return surname[: -len(male)] + female
    return surname


def nicknames(culture: str, given: str) -> tuple[str, ...]:
    """The nicknames a person called ``given`` may go by in ``culture``."""
    return data.NICKNAMES[_NICK_GROUP[culture]].get(given, ())


_PERSIAN_RULES = (
    (re.compile(r"ou"), "oo"),
    (re.compile(r"ou"), "u"),
    (re.compile(r"ei"), "ey"),
    (re.compile(r"gh"), "q"),
    (re.compile(r"zadeh$"), "zade"),
    (re.compile(r"eh$"), "e"),
    (re.compile(r"i$"), "y"),
    (re.compile(r"ss"), "s"),
    (re.compile(r"mm"), "m"),
)


@cache
def persian_variants(name: str) -> tuple[str, ...]:
    """Other Latin spellings of a Persian name (curated, else by transliteration rules)."""
    if name in data.IR_VARIANTS:
        return data.IR_VARIANTS[name]
    out = []
    for pattern, repl in _PERSIAN_RULES:
        variant = pattern.sub(repl, name)
        if variant != name and variant not in out:
            out.append(variant)
    return tuple(out)


def is_sayyid(surname: str) -> bool:
    """Whether the family is a Seyed one (the title then often precedes the given name)."""
    return surname in data.IR_SAYYID_SURNAMES
