"""How one true value is written in one record: the noise of real exports.

Rates live in a :class:`Noise` per source (see :mod:`bench.crosscheck.profiles`); the
functions here apply them. The typo model follows what studies of hand-typed names report
(Damerau 1964, Pollock & Zamora 1984): about 80% of misspellings are one edit — a neighbouring
key, a dropped or doubled letter, two letters swapped — and the first letter is rarely wrong.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cache

from bench.crosscheck.mail import DOMAIN_TYPOS
from bench.crosscheck.names import last_surname, nicknames, persian_variants
from bench.crosscheck.places import DIAL
from bench.crosscheck.population import Person
from bench.crosscheck.rand import Rng, Weighted
from unidecode import unidecode


@dataclass(frozen=True, slots=True)
class Noise:
    """Noise rates of one source (probabilities per record or per field)."""

    typo: float = 0.02
    """A typo in a name, street or city field."""
    email_typo: float = 0.005
    phone_typo: float = 0.005
    accents: float = 0.2
    """A record written without diacritics (an old system, a foreign keyboard)."""
    upper: float = 0.03
    """A record typed in capitals."""
    lower: float = 0.0
    """Names typed all in lower case (sign-up forms on phones)."""
    swap: float = 0.01
    """Given and family name in each other's field."""
    nickname: float = 0.1
    """The nickname instead of the name, for people who go by one."""
    variant: float = 0.2
    """Another transliteration of an Iranian name (typed by someone else)."""
    short: float = 0.3
    """Portuguese/Brazilian names cut to one given name and the last surname."""
    pad: float = 0.02
    """Stray spaces around a value."""
    junk: float = 0.003
    """A junk e-mail or phone ('test@test.com', '0000000000')."""
    date_swap: float = 0.01
    """Day and month exchanged."""
    alias: float = 0.02
    """A gmail +tag or dots in a gmail address."""
    missing: tuple[str, ...] = ("",)
    """How this source writes a missing value."""


@dataclass(frozen=True, slots=True)
class RowStyle:
    """Decisions made once per record."""

    upper: bool
    plain: bool
    """Diacritics dropped."""


def row_style(rng: Rng, noise: Noise) -> RowStyle:
    """Decide the record-wide noise."""
    return RowStyle(rng.chance(noise.upper), rng.chance(noise.accents))


@cache
def plain(text: str) -> str:
    """Without diacritics: 'Łukasz' -> 'Lukasz', 'João' -> 'Joao'."""
    return unidecode(text)


_ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm")
_NEAR: dict[str, str] = {}
for _r, _row in enumerate(_ROWS):
    for _i, _ch in enumerate(_row):
        _near = _row[max(0, _i - 1) : _i] + _row[_i + 1 : _i + 2]
        _NEAR[_ch] = _near
_KEYPAD = {
    "0": "98",
    "1": "24",
    "2": "135",
    "3": "26",
    "4": "157",
    "5": "2468",
    "6": "359",
    "7": "48",
    "8": "5790",
    "9": "680",
}
_OPS = Weighted([("sub", 35), ("del", 25), ("swap", 22), ("ins", 18)])
_OCR = {
    "0": "O",
    "O": "0",
    "1": "l",
    "l": "1",
    "I": "1",
    "5": "S",
    "S": "5",
    "8": "B",
    "B": "8",
    "2": "Z",
}


def typo(rng: Rng, text: str) -> str:
    """One realistic keyboard slip in ``text`` (sometimes two)."""
    out = _one_typo(rng, text)
    if rng.chance(0.08):
        out = _one_typo(rng, out)
    return out


def _one_typo(rng: Rng, text: str) -> str:
    n = len(text)
    if n < 3:
        return text
    i = 0 if rng.chance(0.04) else rng.between(1, n - 1)
    if not text[i].isalnum():
        i = next((j for j in range(1, n) if text[j].isalnum()), i)
    ch = text[i]
    op = _OPS.draw(rng)
    if op == "del":
        return text[:i] + text[i + 1 :]
    if op == "swap":
        j = i + 1 if i + 1 < n else i - 1
        a, b = min(i, j), max(i, j)
        return text[:a] + text[b] + text[a] + text[b + 1 :]
    near = _KEYPAD.get(ch) if ch.isdigit() else _NEAR.get(ch.lower())
    if op == "ins":
        extra = ch if rng.chance(0.6) or not near else rng.pick(near)
        return text[: i + 1] + extra + text[i + 1 :]
    if not near:
        return text[:i] + text[i + 1 :]
    new = rng.pick(near)
    return text[:i] + (new.upper() if ch.isupper() else new) + text[i + 1 :]


def ocr(rng: Rng, text: str) -> str:
    """An id read or typed with one look-alike character (0/O, 1/l, 5/S, 8/B)."""
    spots = [i for i, ch in enumerate(text) if ch in _OCR]
    if not spots:
        return text
    i = rng.pick(spots)
    return text[:i] + _OCR[text[i]] + text[i + 1 :]


def finish(rng: Rng, text: str, noise: Noise, row: RowStyle, typo_rate: float = -1.0) -> str:
    """Apply the record's style and the field's own noise to a text value."""
    if not text:
        return text
    if row.plain:
        text = plain(text)
    if rng.chance(noise.typo if typo_rate < 0 else typo_rate):
        text = typo(rng, text)
    if row.upper:
        text = text.upper()
    if rng.chance(noise.pad):
        text = rng.pick((" ", "", "  ")) + text + rng.pick((" ", "  ", "\t"))
    return text


def missing(rng: Rng, noise: Noise) -> str:
    """How this source writes 'no value'."""
    return rng.pick(noise.missing)


# --- names ---------------------------------------------------------------------------------
_SEYED = Weighted([("Seyed", 50), ("Seyyed", 25), ("Sayed", 10), ("Seied", 5), ("S.", 10)])
_TITLES = {
    ("IT", "M"): ("Sig.", "Dott.", "Ing."),
    ("IT", "F"): ("Sig.ra", "Dott.ssa", "Sig.ra"),
    ("PT", "M"): ("Sr.", "Dr."),
    ("PT", "F"): ("Sra.", "Dra.", "D."),
    ("BR", "M"): ("Sr.", "Dr."),
    ("BR", "F"): ("Sra.", "Dra."),
    ("PL", "M"): ("Pan",),
    ("PL", "F"): ("Pani",),
    ("IR", "M"): ("Mr", "Agha"),
    ("IR", "F"): ("Mrs", "Khanom"),
    ("GB", "M"): ("Mr", "Mr.", "Dr"),
    ("GB", "F"): ("Mrs", "Ms", "Miss", "Mrs."),
    ("US", "M"): ("Mr.", "Mr", "Dr."),
    ("US", "F"): ("Mrs.", "Ms.", "Miss"),
}


def given_text(rng: Rng, p: Person, noise: Noise, *, self_typed: bool = False) -> str:
    """The given name as one record holds it (before the record's style)."""
    name = p.own_given
    if p.culture == "IR" and not self_typed and rng.chance(noise.variant):
        name = rng.pick((p.given, *persian_variants(p.given)))
    if p.nickname and rng.chance(noise.nickname):
        name = p.nickname
    elif not p.nickname and rng.chance(noise.nickname * 0.05):
        name = rng.pick(nicknames(p.culture, p.given) or (name,))
    if " " in name:
        r = rng.random()
        if p.culture in ("PT", "BR"):
            if r < noise.short:
                name = name.split()[0]
        elif p.culture == "IR":
            name = name.replace(" ", "") if r < 0.25 else name.split()[0] if r < 0.35 else name
        elif r < 0.1:
            name = name.replace(" ", "")  # Mariagrazia
        elif r < 0.2:
            name = name.split()[0]
    if p.seyed and rng.chance(0.5 if self_typed else 0.35):
        name = f"{_SEYED.draw(rng)} {name}"
    if p.middle:
        r = rng.random()
        if r < 0.1:
            name = f"{name} {p.middle[0]}."
        elif r < 0.15:
            name = f"{name} {p.middle}"
    return name


def family_text(rng: Rng, p: Person, noise: Noise, when: int, *, self_typed: bool = False) -> str:
    """The family name as one record holds it (the maiden name before a marriage)."""
    name = p.family_at(when)
    if name == p.family:
        name = p.own_family
    if p.culture == "IR" and not self_typed and rng.chance(noise.variant):
        name = rng.pick((p.family, *persian_variants(p.family)))
    if p.culture in ("PT", "BR") and " " in name:
        r = rng.random()
        if r < noise.short:
            name = last_surname(name)
        elif r < noise.short + 0.05:
            name = name.split()[0]
        elif r < noise.short + 0.08:
            first, last = name.split()[0], last_surname(name)
            name = f"{first[0]}. {last}"
        if name.startswith(("da ", "dos ", "de ")) and rng.chance(0.3):
            name = name.split(" ", 1)[1]
    elif "-" in name and rng.chance(0.3):
        parts = name.split("-")
        name = rng.pick((" ".join(parts), parts[-1], parts[0]))
    elif "'" in name and rng.chance(0.3):
        name = rng.pick((name.replace("'", ""), name.replace("'", " "), name.replace("'", "’")))
    elif name.startswith(("Mc", "Mac")) and rng.chance(0.3):
        name = name.capitalize()
    elif name.startswith(("De ", "Di ", "Del ")) and rng.chance(0.15):
        name = rng.pick((name.replace(" ", ""), name.lower().capitalize()))
    return name


_FULL = {
    "gf": lambda g, f, t: f"{g} {f}",
    "FG": lambda g, f, t: f"{f.upper()} {g}",
    "fg": lambda g, f, t: f"{f} {g}",
    "f,g": lambda g, f, t: f"{f}, {g}",
    "i.f": lambda g, f, t: f"{g[:1]}. {f}",
    "tf": lambda g, f, t: f"{t} {f}",
    "tgf": lambda g, f, t: f"{t} {g} {f}",
}


def full_name(
    rng: Rng,
    p: Person,
    noise: Noise,
    when: int,
    styles: Weighted[str],
    row: RowStyle,
    *,
    self_typed: bool = False,
) -> str:
    """The whole name in one field, in one of ``styles`` (keys of the formats above)."""
    g = given_text(rng, p, noise, self_typed=self_typed)
    f = family_text(rng, p, noise, when, self_typed=self_typed)
    if rng.chance(noise.typo):
        if rng.chance(0.5):
            g = typo(rng, g)
        else:
            f = typo(rng, f)
    if rng.chance(noise.lower):
        g, f = g.lower(), f.lower()
    title = rng.pick(_TITLES[(p.culture, p.gender)])
    text = _FULL[styles.draw(rng)](g, f, title)
    return finish(rng, text, noise, row, typo_rate=0.0)


# --- phones --------------------------------------------------------------------------------
def _national(rng: Rng, country: str, nsn: str) -> str:
    n = nsn
    r = rng.random()
    if country == "IT":
        if n.startswith("0"):  # landline: area code and number
            cut = 2 if n[1] in "26" else 3 if len(n) == 10 and n[2] != "0" else 4
            return rng.pick(
                (f"{n[:cut]} {n[cut:]}", f"{n[:cut]}-{n[cut:]}", f"{n[:cut]}/{n[cut:]}", n)
            )
        if r < 0.45:
            return f"{n[:3]} {n[3:]}"
        return n if r < 0.7 else f"{n[:3]}-{n[3:]}" if r < 0.8 else f"{n[:3]} {n[3:6]} {n[6:]}"
    if country == "BR":
        local = n[2:]
        dash = f"{local[:-4]}-{local[-4:]}"
        if r < 0.5:
            return f"({n[:2]}) {dash}"
        if r < 0.65:
            return f"{n[:2]} {dash}"
        if r < 0.8:
            return n
        return f"({n[:2]}){local}" if r < 0.9 else dash  # the area code left out
    if country == "PT":
        return n if r < 0.45 else f"{n[:3]} {n[3:6]} {n[6:]}"
    if country == "PL":
        if n[0] in "5678":
            return (
                f"{n[:3]} {n[3:6]} {n[6:]}"
                if r < 0.55
                else n
                if r < 0.85
                else f"{n[:3]}-{n[3:6]}-{n[6:]}"
            )
        return f"{n[:2]} {n[2:5]} {n[5:7]} {n[7:]}" if r < 0.6 else f"({n[:2]}) {n[2:]}"
    if country == "IR":
        z = "0" + n
        return (
            f"{z[:4]} {z[4:7]} {z[7:]}"
            if r < 0.45
            else z
            if r < 0.9
            else f"{n[:3]} {n[3:6]} {n[6:]}"
        )
    if country == "GB":
        z = "0" + n
        if n.startswith("7"):
            return f"{z[:5]} {z[5:]}" if r < 0.6 else z
        cut = (
            3
            if n.startswith("2")
            else 4
            if n[:3]
            in ("161", "121", "113", "141", "151", "117", "131", "114", "191", "115", "116")
            else 5
        )
        return (
            f"{z[:cut]} {z[cut : cut + 4]} {z[cut + 4 :]}" if cut == 3 else f"{z[:cut]} {z[cut:]}"
        )
    # US
    if r < 0.45:
        return f"({n[:3]}) {n[3:6]}-{n[6:]}"
    if r < 0.75:
        return f"{n[:3]}-{n[3:6]}-{n[6:]}"
    return f"{n[:3]}.{n[3:6]}.{n[6:]}" if r < 0.9 else n


def _international(rng: Rng, country: str, nsn: str) -> str:
    cc = DIAL[country]
    r = rng.random()
    if country == "GB" and r < 0.15:
        return f"+44 (0){nsn[:4]} {nsn[4:]}"
    if country == "US" and r < 0.3:
        return f"1-{nsn[:3]}-{nsn[3:6]}-{nsn[6:]}"
    if r < 0.55:
        return f"+{cc} {nsn[:3]} {nsn[3:]}"
    if r < 0.8:
        return f"+{cc}{nsn}"
    return f"00{cc} {nsn}" if r < 0.92 else f"00{cc}{nsn}"


def phone_text(rng: Rng, country: str, nsn: str, national: float, noise: Noise) -> str:
    """A phone number as typed: national with probability ``national``, else with +CC/00CC."""
    text = (
        _national(rng, country, nsn) if rng.chance(national) else _international(rng, country, nsn)
    )
    if rng.chance(noise.phone_typo):
        text = typo(rng, text)
    if rng.chance(noise.pad):
        text = f" {text} "
    return text


_JUNK_PHONES = ("0000000000", "1234567890", "000", "999999999", "n/a")
_JUNK_EMAILS = (
    "test@test.com",
    "noemail@noemail.com",
    "a@a.com",
    "nomail@nomail.it",
    "no@email.com",
    "x@x.com",
    "none@none.com",
)


def junk_phone(rng: Rng) -> str:
    """A value typed where a phone was required."""
    return rng.pick(_JUNK_PHONES)


def junk_email(rng: Rng) -> str:
    """A value typed where an e-mail was required."""
    return rng.pick(_JUNK_EMAILS)


# --- e-mails -------------------------------------------------------------------------------
_TAGS = ("promo", "shop", "news", "spam", "orders", "offers")


def email_text(rng: Rng, email: str, noise: Noise, row: RowStyle | None = None) -> str:
    """An e-mail as one record holds it: case, +tags and dots, typos, stray spaces."""
    local, _, domain = email.partition("@")
    if domain in ("gmail.com", "googlemail.com") and rng.chance(noise.alias):
        if rng.chance(0.6):
            local = f"{local}+{rng.pick(_TAGS)}"
        elif "." in local:
            local = local.replace(".", "")
        else:
            cut = rng.between(1, max(1, len(local) - 1))
            local = f"{local[:cut]}.{local[cut:]}"
    if rng.chance(noise.email_typo):
        if domain in DOMAIN_TYPOS and rng.chance(0.6):
            domain = rng.pick(DOMAIN_TYPOS[domain])
        else:
            local = typo(rng, local)
    text = f"{local}@{domain}"
    if row is not None and row.upper:
        text = text.upper()
    elif rng.chance(0.02):
        text = text[:1].upper() + text[1:]
    if rng.chance(noise.pad):
        text = text + rng.pick((" ", "  ", "\t"))
    return text


# --- dates, countries, genders --------------------------------------------------------------
def swapped(rng: Rng, d: date, rate: float) -> date:
    """``d`` with day and month exchanged (when that is a valid, different date)."""
    if d.day <= 12 and d.day != d.month and rng.chance(rate):
        return d.replace(day=d.month, month=d.day)
    return d


def date_text(d: date, fmt: str) -> str:
    """``d`` in one of the written forms: 'dmy/', 'dmy.', 'iso', 'mdy/', 'dmyy/'."""
    if fmt == "iso":
        return d.isoformat()
    if fmt == "dmy.":
        return f"{d.day:02d}.{d.month:02d}.{d.year}"
    if fmt == "mdy/":
        return f"{d.month:02d}/{d.day:02d}/{d.year}"
    if fmt == "dmyy/":
        return f"{d.day:02d}/{d.month:02d}/{d.year % 100:02d}"
    return f"{d.day:02d}/{d.month:02d}/{d.year}"


_COUNTRY_NAMES = {
    "IT": Weighted([("Italy", 40), ("Italia", 40), ("IT", 15), ("ITALIA", 5)]),
    "PT": Weighted([("Portugal", 85), ("PT", 15)]),
    "BR": Weighted([("Brazil", 45), ("Brasil", 40), ("BR", 15)]),
    "PL": Weighted([("Poland", 45), ("Polska", 40), ("PL", 15)]),
    "IR": Weighted([("Iran", 70), ("Iran, Islamic Republic of", 15), ("IR", 15)]),
    "GB": Weighted(
        [("United Kingdom", 40), ("UK", 25), ("England", 15), ("Great Britain", 5), ("GB", 15)]
    ),
    "US": Weighted(
        [
            ("United States", 35),
            ("USA", 30),
            ("US", 20),
            ("United States of America", 10),
            ("U.S.A.", 5),
        ]
    ),
}


def country_text(rng: Rng, code: str, as_code: float) -> str:
    """A country as a person or a system writes it (``as_code``: chance of the ISO code)."""
    if rng.chance(as_code):
        return code
    return _COUNTRY_NAMES[code].draw(rng)
