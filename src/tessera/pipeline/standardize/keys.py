"""Loose matching keys: the form two hand-typed spellings of one name share."""

from __future__ import annotations

import re
import unicodedata

from unidecode import unidecode

# Apostrophes vanish ("D'Angelo" ~ "DAngelo"); every other non-alphanumeric becomes a gap.
_APOSTROPHES = re.compile(r"['`]+")
_GAPS = re.compile(r"[^a-z0-9]+")


def match_key(text: str | None) -> str | None:
    """Reduce a name, city or address to what survives typing habits, so variants compare equal.

    Case, accents, script (via transliteration), punctuation and spacing are all treated as
    noise: 'Łukasz' and 'lukasz', 'Anne-Marie' and 'anne marie' share one key. Returns None
    when nothing is left.
    """
    if not text:
        return None
    folded = unicodedata.normalize("NFKC", text).casefold()
    if not folded.isascii():
        folded = unidecode(folded).lower()
    key = _GAPS.sub(" ", _APOSTROPHES.sub("", folded)).strip()
    return key or None
