"""Person names: one part cleaned for display, a full name split into its parts."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import NamedTuple

from nameparser import Lexicon, Parser

from tessera.pipeline.standardize.name_lexicon import PARTICLES
from tessera.pipeline.standardize.name_order import (
    INITIALS,
    dot_initials,
    is_family_only,
    is_initial,
    ordered_split,
    refine_split,
)

__all__ = ["NameParts", "clean_name", "split_full_name"]


class NameParts(NamedTuple):
    """A full name split the way profiles store it; titles, suffixes and nicknames are dropped."""

    given: str | None
    middle: str | None
    family: str | None


# Salutations seen in Italian, Portuguese/Brazilian, Polish, Persian and English sources. Most
# Latin ones are in nameparser's defaults already; listing them keeps them if those change.
# Persian: the transliterated 'Mr' and 'Mrs' an agent types, the honorifics Faker's fa_IR
# prefixes use, and Seyed/Seyedeh (descent from the Prophet), which Iranian records carry
# or leave out from one source to the next. Only Persian spellings: the Arabic 'Sayed',
# 'Sayyid' and 'سيد' are given names (nameparser leaves them out for that reason).
_TITLES = (
    "sig", "sig.ra", "sig.na", "sig.a", "sigra", "gent.mo", "gent.ma", "egr", "dott",
    "dott.ssa", "dottssa", "ing", "avv", "prof", "prof.ssa", "geom", "arch", "sr", "sra", "srta",
    "dr", "dra", "pan", "pani", "mr", "mrs", "ms", "mx", "miss",
    "aghaye", "agha-ye", "aghay", "aqaye", "aqa-ye", "khanom", "khanum", "khanoom", "mohandes",
    "seyed", "seyyed", "seied", "seyedeh", "seyyedeh",
    "آقای", "جناب", "سرکار", "خانم", "دکتر", "مهندس", "سید", "سیده",
)  # fmt: skip
_PARTICLES = PARTICLES
# nameparser 2.x: an immutable Lexicon + Parser built once (its v1 HumanName/Constants facade
# wraps the same Parser and is slower); no module-global configuration is touched.
_LEXICON = Lexicon.default().add(titles=_TITLES, particles=_PARTICLES)
_PARSER = Parser(_LEXICON)
_TITLE_SET = frozenset(_TITLES)
# Any token nameparser might treat specially (title, suffix, particle, conjunction ...).
_VOCAB_FIELDS = (
    "titles", "given_name_titles", "suffix_acronyms", "suffix_words", "suffix_acronyms_ambiguous",
    "particles", "particles_ambiguous", "conjunctions", "conjunctions_ambiguous",
    "bound_given_names", "maiden_markers", "surnames", "honorific_tails", "after_given_titles",
)  # fmt: skip
_VOCABULARY: frozenset[str] = frozenset().union(*(getattr(_LEXICON, f) for f in _VOCAB_FIELDS))
# Plain words in Latin, Greek, Cyrillic or Arabic script: the scripts nameparser reads
# given-name first and without segmenting.
_PLAIN_WORD = re.compile(
    "{L}{{2,}}(?:-{L}{{2,}})*".format(
        L="[A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u1e00-\u1eff\u0370-\u03ff"
        "\u0400-\u04ff\u0620-\u064a\u066e-\u06d3\u06fa-\u06fc]"
    )
)

_ROMAN = re.compile(r"[ivxlcdm]+", re.IGNORECASE)  # 'VI' may be read as a suffix

_APOSTROPHES_AND_DASHES = str.maketrans(
    {"’": "'", "‘": "'", "`": "'", "´": "'", "ʼ": "'", "′": "'", "‐": "-", "‑": "-",
     "‒": "-", "–": "-", "—": "-", "_": " "}
)  # fmt: skip
# Letters (no digits) with single inner spaces, apostrophes or hyphens: nothing to tidy.
_TIDY = re.compile(r"[^\W\d_]+(?:[ '\-][^\W\d_]+)*")
_JOINERS = re.compile(r"\s*([-'])[\s\-']*")
_INITIALS = INITIALS
# One name word: letters with inner apostrophes or hyphens ('D'Angelo', 'Rossi-Bianchi').
_NAME_WORD = re.compile(r"[^\W\d_]+(?:['\-][^\W\d_]+)*")
# Inside a family name 'e' and 'y' join two surnames ('Souza e Silva', 'Ortega y Gasset').
_CONJUNCTIONS = frozenset(("e", "y"))


def _letters_and_joiners(text: str) -> str:
    kept = []
    for char in text:
        if char in "'-." or unicodedata.category(char)[0] in "LMN":
            kept.append(char)
        else:
            kept.append(" ")
    return "".join(kept)


def _tidy(text: str) -> str:
    text = _JOINERS.sub(r"\1", _letters_and_joiners(text))
    words: list[str] = []
    for word in text.split():
        if "." in word and not _INITIALS.fullmatch(word):
            words.extend(w.strip("-'") for w in word.split("."))
        else:
            words.append(word.strip("-'"))
    return " ".join(w for w in words if w)


def _fix_case(text: str) -> str:
    words = text.split(" ")
    last = len(words) - 1
    fixed = []
    for i, word in enumerate(words):
        lower = word.lower()
        # Particles stay lower case inside a name, conjunctions only between two words.
        inner = i < last and (lower in _PARTICLES or (i > 0 and lower in _CONJUNCTIONS))
        fixed.append(lower if inner else word.title())
    return " ".join(fixed)


def clean_name(raw: str) -> str | None:
    """Make one name part presentable without second-guessing how its owner writes it.

    Stray punctuation and spacing go; apostrophes and hyphens inside the name stay. Case is
    only repaired when the value carries none (ALL UPPER or all lower), so 'McDonald' and
    'da Silva' keep their typed form. Diacritics are kept (matching uses match_key).
    """
    text = " ".join(raw.split()) if raw else ""
    if not text:
        return None
    if not text.isascii():
        text = unicodedata.normalize("NFC", text)
    text = text.translate(_APOSTROPHES_AND_DASHES)
    if not _TIDY.fullmatch(text):
        text = _tidy(text)
        if not text:
            return None
    if text.isupper() or text.islower():
        text = _fix_case(text)
    return text


# Words recur across distinct full names (given names above all): each is judged once.
@lru_cache(maxsize=1 << 16)
def _plain_word(word: str) -> bool:
    if not _PLAIN_WORD.fullmatch(word):
        return False
    for part in word.lower().split("-"):
        if part in _VOCABULARY or f"{part}-" in _VOCABULARY or _ROMAN.fullmatch(part):
            return False
    return True


def _plain_split(text: str) -> tuple[str, str, str] | None:
    """nameparser's split of a name of plain words, without the parse.

    Plain means: listed scripts only, no vocabulary word except particles inside the name, no
    roman numerals, no commas or other punctuation but inner hyphens. The test suite checks
    this agrees with nameparser over thousands of generated names.
    """
    words = text.split()
    last = len(words) - 1
    if last > 5:
        return None
    first_particle = 0
    for i, word in enumerate(words):
        if 0 < i < last and word.lower() in _PARTICLES:
            first_particle = first_particle or i
        elif not _plain_word(word):
            return None
    if last == 0:
        return words[0], "", ""
    cut = first_particle or last
    return words[0], " ".join(words[1:cut]), " ".join(words[cut:])


def _parse(text: str) -> tuple[str, str, str]:
    parsed = _PARSER.parse(text)
    given, middle, family = parsed.given, parsed.middle, parsed.family
    # nameparser keeps only the last particle group as family ('van Kuijc van Malsen' gives
    # middle 'van Kuijc'); the family name starts at the first particle after the given name,
    # unless a comma already said where it is ('Rossi, Maria de la Paz').
    words = [] if "," in text else middle.split()
    for i, word in enumerate(words):
        if word.lower() in _PARTICLES and family:
            return given, " ".join(words[:i]), " ".join([*words[i:], family])
    return given, middle, family


def _is_title(word: str) -> bool:
    lower = word.lower()
    return lower in _TITLE_SET or lower.rstrip(".") in _TITLE_SET


@lru_cache(maxsize=1 << 16)
def _orderable(word: str) -> bool:
    """A word the order rules may judge: a name word outside nameparser's vocabulary (no
    suffix, conjunction or title), a particle, or an initial."""
    lower = word.lower()
    if lower in _PARTICLES or is_initial(word):
        return True
    if not _NAME_WORD.fullmatch(word):
        return False
    return not any(part in _VOCABULARY for part in lower.split("-"))


def _split(text: str, fast: bool = True) -> tuple[str, str, str]:
    """(given, middle, family) of a whitespace-normalized name, before cleaning.

    Leading titles go first; a title and one word is a family name ('Sig. Rossi'). A lone
    word is a family name only when the lexicon knows it as nothing else. Then capitals or
    the lexicon may say the family name was typed first; otherwise nameparser's split (or the
    fast path, ``fast``) decides. Both are refined by :func:`refine_split`.
    """
    if "," in text:  # 'ROSSI, Mario': the comma says where the family name ends
        return refine_split(_parse(text), typed_order=False)
    words = text.split()
    titled = False
    while words and _is_title(words[0]):
        del words[0]
        titled = True
    if not words:
        return "", "", ""
    if len(words) == 1:
        word = words[0]
        if titled or (_orderable(word) and is_family_only(word)):
            return "", "", word
    elif all(_orderable(w) for w in words):
        ordered = ordered_split(words)
        if ordered is not None:
            return refine_split(ordered, typed_order=False)
    text = " ".join(words)
    parts = (_plain_split(text) if fast else None) or _parse(text)
    return refine_split(parts, typed_order=True)


def split_full_name(raw: str) -> NameParts:
    """Split a one-field name so sources with separate name columns can be compared with it.

    Titles are dropped ('Dott.', 'Sra.', 'Aghaye', 'Seyed'); a title and one word is a family
    name ('Sig. Rossi', 'Mrs Smith'). 'Family, Given' is understood, and so is a family name
    typed first when capitals ('ROSSI Mario') or the name lexicon ('Rossi Mario') say so;
    otherwise the typed order stands. The family name starts at the first particle after the
    given name ('João Pedro da Silva dos Santos' gives 'da Silva dos Santos') and keeps two
    Iberian surnames ('Maria Fernanda Souza Lima' gives 'Souza Lima') and Persian compound
    surnames ('Ali Mohammadi Nejad'); a Persian compound given name stays whole ('Mohammad
    Reza'). Each part is then cleaned like :func:`clean_name`; an initial keeps (or gets) its
    dot ('J Smith' gives given 'J.'). Names made only of plain words skip nameparser, which
    would split them the same way, far slower.
    """
    text = " ".join(raw.split()) if raw else ""
    if not text:
        return NameParts(None, None, None)
    if not text.isascii():
        text = unicodedata.normalize("NFC", text)
    given, middle, family = _split(text)
    clean_given, clean_middle = dot_initials(clean_name(given), clean_name(middle))
    return NameParts(clean_given, clean_middle, clean_name(family))
