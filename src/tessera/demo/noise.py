"""Realistic, moderate noise: typos, nicknames, lost diacritics, e-mail and phone variants."""

from __future__ import annotations

import random
import unicodedata
from datetime import date

from tessera.demo.pools import NICKNAMES, international, national

_SPECIAL = str.maketrans({"ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "ß": "ss"})
_NEIGHBOURS = {
    "a": "sq", "b": "vn", "c": "xv", "d": "sf", "e": "wr", "f": "dg", "g": "fh", "h": "gj",
    "i": "uo", "j": "hk", "k": "jl", "l": "k", "m": "n", "n": "bm", "o": "ip", "p": "o",
    "q": "w", "r": "et", "s": "ad", "t": "ry", "u": "yi", "v": "cb", "w": "qe", "x": "zc",
    "y": "tu", "z": "x",
}  # fmt: skip
JUNK_EMAILS = ("test@test.com", "n/a", "noemail@noemail.com", "a@a.com")
JUNK_PHONES = ("0000000000", "n/a", "1234567890", "-")
GMAIL_TAGS = ("shop", "news", "promo", "orders", "spam")


def strip_accents(text: str) -> str:
    """Drop diacritics as a US keyboard or an old system would: Łukasz -> Lukasz."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_SPECIAL))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def typo(rng: random.Random, text: str) -> str:
    """One keyboard slip (never on the first letter): swap, drop, double or hit a neighbour."""
    if len(text) < 4:
        return text
    i = rng.randint(1, len(text) - 2)
    op = rng.randint(0, 3)
    if op == 0:
        return text[:i] + text[i + 1] + text[i] + text[i + 2 :]
    if op == 1:
        return text[:i] + text[i + 1 :]
    if op == 2:
        return text[:i] + text[i] + text[i:]
    near = _NEIGHBOURS.get(text[i].lower())
    if not near:
        return text[:i] + text[i + 1 :]
    return text[:i] + rng.choice(near) + text[i + 1 :]


def name_variant(
    rng: random.Random,
    name: str,
    *,
    nickname: float = 0.0,
    accents: float = 0.0,
    slip: float = 0.0,
) -> str:
    """A recorded form of a name: maybe a nickname, without diacritics, or with one typo."""
    out = name
    nicks = NICKNAMES.get(name)
    if nicks and rng.random() < nickname:
        out = rng.choice(nicks)
    if rng.random() < accents:
        out = strip_accents(out)
    if rng.random() < slip:
        out = typo(rng, out)
    return out


def gmail_variant(rng: random.Random, email: str) -> str:
    """For gmail addresses: dots removed or added, or a +tag (the same mailbox)."""
    local, _, domain = email.partition("@")
    if domain not in ("gmail.com", "googlemail.com"):
        return email
    if rng.random() < 0.5:
        return f"{local}+{rng.choice(GMAIL_TAGS)}@{domain}"
    if "." in local:
        return f"{local.replace('.', '')}@{domain}"
    cut = rng.randint(1, max(1, len(local) - 1))
    return f"{local[:cut]}.{local[cut:]}@{domain}"


def email_variant(
    rng: random.Random, email: str, *, case: float = 0.03, pad: float = 0.03, gmail: float = 0.05
) -> str:
    """An e-mail as typed: sometimes upper-cased or capitalised, padded, or a gmail variant."""
    out = email
    if rng.random() < gmail:
        out = gmail_variant(rng, out)
    if rng.random() < case:
        out = out.upper() if rng.random() < 0.5 else out[:1].upper() + out[1:]
    if rng.random() < pad:
        out = rng.choice((" ", "  ", "")) + out + rng.choice((" ", "\t", "  "))
    return out


def phone_text(rng: random.Random, country: str, nsn: str, source_country: str | None) -> str:
    """A phone number as a source holds it: national only when the source shares its country."""
    if country == source_country and rng.random() < 0.6:
        return national(rng, country, nsn)
    r = rng.random()
    return international(country, nsn, 0 if r < 0.55 else 1 if r < 0.85 else 2)


def swap_day_month(birth: date) -> date:
    """The day/month mix-up of a date typed in the other convention (only when it is valid)."""
    if birth.day > 12 or birth.day == birth.month:
        return birth
    return birth.replace(month=birth.day, day=birth.month)


def maybe(rng: random.Random, value: str, missing: float, blank: str = "") -> str:
    """The value, or ``blank`` with probability ``missing``."""
    return blank if rng.random() < missing else value
