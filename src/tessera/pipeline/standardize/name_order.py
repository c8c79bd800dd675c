"""Which words of a one-field name are the family name, decided per value from evidence.

Loyalty and fair exports write `ROSSI MARIO`, `Rossi Mario`, `NOWAK Anna` and `Mario Rossi` in
one column. The evidence, strongest first: a word typed in capitals next to one that is not
(`ROSSI Mario`, `Mario ROSSI`: the capitals are the family name); then the lexicon of
:mod:`tessera.pipeline.standardize.name_lexicon` (the first words are not known given names,
one of them is a known family name or the last word is only ever a given name). Without
evidence the typed order stands. Then, whatever the order, Persian compound given names stay
whole (`Mohammad Reza`), and Iberian and Persian family names keep all their words
(`Souza Lima`, `Mohammadi Nejad`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from tessera.pipeline.standardize.name_lexicon import (
    PARTICLES,
    PERSIAN_SURNAME_TAILS,
    NameLexicon,
    lexicon_key,
    name_lexicon,
)

__all__ = [
    "INITIALS",
    "dot_initials",
    "is_family_only",
    "is_initial",
    "ordered_split",
    "refine_split",
    "word_kind",
]

# 'J.', 'M.R.': letters each followed by a dot.
INITIALS = re.compile(r"(?:[^\W\d_]\.)+")
# Portuguese 'Souza e Silva', Spanish 'Ortega y Gasset': a conjunction inside a family name.
_FAMILY_CONJUNCTIONS = frozenset(("e", "y"))
# Two capitals are as often initials ('JP', 'MR') as a surname ('LI', 'WU'): no evidence.
_MIN_CAPS_LETTERS = 3

Split = tuple[str, str, str]


def is_initial(word: str) -> bool:
    """'J.', 'M.R.', or a lone upper-case letter ('J Smith'); a lone 'e' or 'y' is a conjunction."""
    if len(word) == 1:
        return word.isalpha() and word.isupper()
    return INITIALS.fullmatch(word) is not None


def _is_particle(word: str) -> bool:
    return word.lower() in PARTICLES


@lru_cache(maxsize=1 << 16)
def _key(word: str) -> str:
    # The same given names recur across distinct full names: each word is keyed once.
    return lexicon_key(word)


@lru_cache(maxsize=1 << 16)
def word_kind(word: str) -> tuple[bool, bool]:
    """(known given name, known family name) for a word; a hyphenated word is given when every
    part is ('Anna-Maria'), family when a part is ('Rossi-Bianchi', 'Hosseini-Nejad')."""
    lex = name_lexicon()
    keys = [_key(part) for part in word.split("-")]
    return all(lex.is_given(k) for k in keys), any(lex.is_family(k) for k in keys)


def is_family_only(word: str) -> bool:
    """Known as a family name and never as a given name ('Rossi', 'Hosseini-Nejad')."""
    given, family = word_kind(word)
    return family and not given


def _only_given(word: str) -> bool:
    given, family = word_kind(word)
    return given and not family


def _case_class(word: str) -> str:
    """'U' capitals, 'T' has lower case, 'N' neutral (particle, initial), 'X' uncased script."""
    if _is_particle(word) or is_initial(word):
        return "N"
    if word.isupper():
        return "U" if sum(c.isalpha() for c in word) >= _MIN_CAPS_LETTERS else "N"
    return "T" if word.lower() != word.upper() else "X"


def _by_capitals(words: Sequence[str]) -> tuple[int, int] | None:
    """(start, end) of the family words when capitals mark them, else None."""
    if not any(w.isupper() for w in words) or all(w.isupper() for w in words):
        return None  # capitals everywhere or nowhere: no evidence
    classes = [_case_class(w) for w in words]
    if "X" in classes:
        return None
    caps = [i for i, c in enumerate(classes) if c == "U"]
    mixed = [i for i, c in enumerate(classes) if c == "T"]
    if not caps or not mixed:
        return None
    if caps[-1] < mixed[0]:  # ROSSI Mario
        end = caps[-1] + 1
        return (0, end) if not _is_particle(words[end]) else None
    if mixed[-1] < caps[0]:  # Mario ROSSI, Ana Maria da SILVA
        start = caps[0]
        while start > 1 and _is_particle(words[start - 1]):
            start -= 1
        return (start, len(words)) if not _is_particle(words[0]) else None
    return None  # capitals on both sides: no evidence


def _by_lexicon(words: Sequence[str]) -> int:
    """How many leading words are the family name (0: keep the typed order)."""
    n = len(words)
    i, evidence, particle_first = 0, False, _is_particle(words[0])
    while i < n:
        if _is_particle(words[i]):
            while i < n and _is_particle(words[i]):
                i += 1
            if i >= n - 1:  # nothing left for the given name
                return 0
            evidence = evidence or word_kind(words[i])[1]
            i += 1
            continue
        given, family = word_kind(words[i])
        if given or is_initial(words[i]):
            break
        evidence = evidence or family
        i += 1
    rest = words[i:]
    if i == 0 or not rest:
        return 0
    if not all(is_initial(w) or word_kind(w)[0] for w in rest):
        return 0
    if evidence:  # Rossi Mario, Kowalska Anna, da Silva Ana
        return i
    # An unknown first word is evidence only next to a word that is never a family name
    # (Nowak Anna); 'La Toya Jackson' and 'Xiomara Thomas' keep their order.
    if not particle_first and not is_initial(rest[-1]) and _only_given(rest[-1]):
        return i
    return 0


def ordered_split(words: Sequence[str]) -> Split | None:
    """(given, middle, family) when capitals or the lexicon say which words are the family
    name; None when the typed order should be split as usual.

    The words are plain name words, particles and initials (titles already removed); the
    given name is the first word of the rest, the middle name the words after it.
    """
    if len(words) < 2:
        return None
    span = _by_capitals(words)
    if span is not None:
        start, end = span
        # These capitals are the export's convention, not how the owner spells the name:
        # all capitals, clean_name repairs the case of the particles too ('da SILVA').
        family = " ".join(words[start:end]).upper()
    else:
        start, end = 0, _by_lexicon(words)
        if not end:
            return None
        family = " ".join(words[:end])
    rest = [*words[:start], *words[end:]]
    return rest[0], " ".join(rest[1:]), family


def _iberian_only(word: str, lex: NameLexicon) -> bool:
    key = _key(word)
    return key in lex.iberian_family and not lex.is_given(key)


def _extend_family(middle: list[str], family: list[str], lex: NameLexicon) -> None:
    """Move middle words that belong to the family name into it (in place)."""
    # 'Ali Mohammadi Nejad': 'Nejad' is never a name alone.
    while middle and _key(family[0]) in PERSIAN_SURNAME_TAILS:
        family.insert(0, middle.pop())
    head = next((w for w in family if not _is_particle(w)), "")
    if not head or _key(head) not in lex.iberian_family:
        return
    # 'Maria Fernanda Souza Lima', 'Ana Paula Ferreira da Silva', 'Maria Souza e Silva':
    # two Iberian surnames in a row are both the family name; a word that can be a given
    # name ('Juan Carlos Rodríguez', 'Ana Maria Santos Silva') stays a middle name.
    while middle:
        if _iberian_only(middle[-1], lex):
            family.insert(0, middle.pop())
        elif (
            len(middle) > 1
            and middle[-1].lower() in _FAMILY_CONJUNCTIONS
            and _iberian_only(middle[-2], lex)
        ):
            family[:0] = middle[-2:]
            del middle[-2:]
        else:
            return


def refine_split(parts: Split, typed_order: bool) -> Split:
    """Keep compound given names whole and, for a name split in its typed order, multi-part
    family names together."""
    given, middle_text, family_text = parts
    lex = name_lexicon()
    middle, family = middle_text.split(), family_text.split()
    if typed_order and middle and family:
        _extend_family(middle, family, lex)
    if given and middle and lex.compound(_key(given), _key(middle[0])):
        given = f"{given} {middle.pop(0)}"
    return given, " ".join(middle), " ".join(family)


def dot_initials(given: str | None, middle: str | None) -> tuple[str | None, str | None]:
    """Write a one-letter given name, and a middle name of initials only, as initials:
    'J Smith' gives 'J.' ('Anna E Smith': 'E.'), so an initial always looks like one; a
    middle name with other words ('Souza E') is left as it is."""
    if given and len(given) == 1 and is_initial(given):
        given += "."
    if middle:
        words = middle.split()
        if all(is_initial(w) for w in words):
            middle = " ".join(w if w.endswith(".") else f"{w}." for w in words)
    return given, middle
