"""Person names: one part cleaned for display, a full name split into its parts."""

from __future__ import annotations

import re
import unicodedata
from typing import NamedTuple

from nameparser import Lexicon, Parser

__all__ = ["NameParts", "clean_name", "split_full_name"]


class NameParts(NamedTuple):
    """A full name split the way profiles store it; titles, suffixes and nicknames are dropped."""

    given: str | None
    middle: str | None
    family: str | None


# Salutations seen in Italian, Portuguese/Brazilian, Polish and English sources. Most are in
# nameparser's defaults already; listing them keeps them if the defaults change.
_TITLES = (
    "sig", "sig.ra", "sig.na", "sigra", "dott", "dott.ssa", "dottssa", "ing", "avv", "prof",
    "prof.ssa", "geom", "arch", "sr", "sra", "srta", "dr", "dra", "pan", "pani", "mr", "mrs",
    "ms", "miss",
)  # fmt: skip
# Particles belong to the family name ('da Silva', 'van Beethoven') and stay lower-case in it.
_PARTICLES = frozenset(
    ("da", "de", "di", "del", "della", "dos", "das", "do", "van", "von", "der", "den", "la", "le")
)
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
_INITIALS = re.compile(r"(?:[^\W\d_]\.)+")


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
    return " ".join(
        word.lower() if i < last and word.lower() in _PARTICLES else word.title()
        for i, word in enumerate(words)
    )


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


def _plain_word(word: str) -> bool:
    if not _PLAIN_WORD.fullmatch(word):
        return False
    for part in word.lower().split("-"):
        if part in _VOCABULARY or f"{part}-" in _VOCABULARY or _ROMAN.fullmatch(part):
            return False
    return True


def _plain_split(text: str) -> tuple[str, str, str] | None:
    """nameparser's split of a name of plain words (after one known title), without the parse.

    Plain means: listed scripts only, no vocabulary word except particles inside the name, no
    roman numerals, no commas or other punctuation but inner hyphens. The test suite checks
    this agrees with nameparser over thousands of generated names.
    """
    words = text.split()
    if len(words) > 2 and words[0].lower().rstrip(".") in _TITLE_SET:
        del words[0]
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


def split_full_name(raw: str) -> NameParts:
    """Split a one-field name so sources with separate name columns can be compared with it.

    nameparser decides the split (titles such as 'Dott.' or 'Sra.' dropped, 'Family, Given'
    understood), except that the family name starts at the first particle after the given
    name: 'João Pedro da Silva dos Santos' gives family 'da Silva dos Santos'. Each part is
    then cleaned like :func:`clean_name`. Names made only of plain words skip the parser,
    which would split them the same way, far slower.
    """
    text = " ".join(raw.split()) if raw else ""
    if not text:
        return NameParts(None, None, None)
    if not text.isascii():
        text = unicodedata.normalize("NFC", text)
    given, middle, family = _plain_split(text) or _parse(text)
    return NameParts(clean_name(given), clean_name(middle), clean_name(family))
