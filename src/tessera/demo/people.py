"""The real people behind the demo data: households, identities, life changes and traps.

Everything here is the *truth*; the source writers derive noisy records from it.
"""

from __future__ import annotations

import bisect
import itertools
import random
import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import lru_cache

from tessera.demo.noise import strip_accents
from tessera.demo.pools import (
    JOB_TITLES,
    LANGUAGE,
    LocalePools,
    city_postcode,
    email_domain,
    feminine_family,
    mobile_number,
    street_line,
)

NOW = datetime(2026, 11, 1)
"""The demo's fixed 'today': events fall in the two years before it."""
WINDOW_START = datetime(2024, 11, 1)
_TODAY = NOW.toordinal()
_HOURS = tuple(range(24))
_HOUR_WEIGHTS = (1, 1, 1, 1, 1, 1, 2, 4, 6, 8, 9, 9, 10, 9, 9, 9, 9, 10, 11, 12, 12, 10, 6, 3)
_HOUR_CUM = tuple(itertools.accumulate(_HOUR_WEIGHTS))
_EMAIL_TEMPLATES = ("{g}.{f}", "{g}{f}", "{i}.{f}", "{g}_{f}", "{f}.{g}", "{g}.{f}{yy}",
                    "{g}{f}{yy}", "{i}{f}{n}")  # fmt: skip
_EMAIL_CUM = tuple(itertools.accumulate((30, 15, 10, 6, 6, 12, 12, 9)))
_WORK_TLD = {"IT": "it", "BR": "com.br", "PT": "pt", "PL": "pl", "IR": "ir", "GB": "co.uk",
             "US": "com"}  # fmt: skip


@dataclass(slots=True)
class Device:
    """A browser cookie or an app install: one ``anonymousId`` (maybe shared by a household)."""

    anonymous_id: str
    user_agent: str = ""
    app: tuple[str, str] | None = None  # (os, model) for app installs
    device_id: str = ""
    shared: bool = False


@dataclass(slots=True)
class Person:
    """One real person with their true current values and how they show up in the sources."""

    person_id: str
    household_id: str
    country: str
    gender: str
    given: str
    family: str
    birth: date
    email: str
    phone: str  # national significant number, digits only
    address: str
    postcode: str
    city: str
    company: str = ""
    job: str = ""
    work_email: str = ""
    old_home: tuple[str, str, str] | None = None
    moved_at: datetime | None = None
    old_phone: str = ""
    phone_changed_at: datetime | None = None
    user_id: str = ""
    guest: bool = False
    crm_times: list[datetime] = field(default_factory=list)
    loyalty: int = 0
    fair: int = 0
    orders: int = 0
    tickets: int = 0
    web: int = 0
    devices: list[Device] = field(default_factory=list)
    reserved: bool = False
    junk_email: str = ""

    @property
    def lang(self) -> str:
        """The language the person writes in (``it``, ``pt``, ``pl``, ``en``)."""
        return LANGUAGE[self.country]

    def home_at(self, when: datetime) -> tuple[str, str, str]:
        """(street line, postcode, city) where the person lived at ``when``."""
        if self.old_home is not None and self.moved_at is not None and when < self.moved_at:
            return self.old_home
        return self.address, self.postcode, self.city

    def phone_at(self, when: datetime) -> str:
        """The person's mobile number at ``when``."""
        if self.old_phone and self.phone_changed_at is not None and when < self.phone_changed_at:
            return self.old_phone
        return self.phone


@dataclass(slots=True)
class Trap:
    """A planted identity trap, listed in ``truth/traps.csv``."""

    name: str
    people: list[Person]
    note: str


@dataclass(slots=True)
class Population:
    """Every person plus the traps planted among them."""

    people: list[Person]
    traps: list[Trap]


def rand_time(rng: random.Random, start: datetime, end: datetime) -> datetime:
    """A moment between ``start`` and ``end`` at a plausible hour of the day."""
    days = max(1, (end - start).days)
    hour = _HOURS[bisect.bisect(_HOUR_CUM, rng.random() * _HOUR_CUM[-1])]
    midnight = datetime(start.year, start.month, start.day)
    seconds = hour * 3600 + rng.randrange(3600)
    return midnight + timedelta(days=rng.randrange(days), seconds=seconds)


def uuid4(rng: random.Random) -> str:
    """A version-4 UUID drawn from ``rng`` (deterministic, unlike :func:`uuid.uuid4`)."""
    h = f"{rng.getrandbits(128):032x}"
    return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-{'89ab'[int(h[16], 16) % 4]}{h[17:20]}-{h[20:]}"


_PARTICLES = frozenset(("da", "de", "do", "das", "dos", "di", "del", "della", "van", "von", "le"))


@lru_cache(maxsize=65536)
def slug(text: str, family: bool = False) -> str:
    """Lower-case ASCII letters and digits of one name word, for e-mails and domains.

    Given names use their first word; family names skip particles (``das Neves`` -> neves).
    """
    words = text.split() or [text]
    if family:
        words = [w for w in words if w.lower() not in _PARTICLES] or words
    return re.sub(r"[^a-z0-9]", "", strip_accents(words[0]).lower())


def _mailbox(address: str) -> str:
    """The mailbox an address delivers to: Gmail ignores dots, so two people never share one."""
    local, _, domain = address.partition("@")
    if domain in ("gmail.com", "googlemail.com"):
        local = local.replace(".", "")
    return f"{local}@{domain}"


class Builder:
    """Draws people, homes, e-mails and phones; e-mails and phone numbers stay unique."""

    def __init__(
        self, rng: random.Random, pools: dict[str, LocalePools], *, keep: bool = True
    ) -> None:
        self.rng = rng
        self.pools = pools
        self.keep = keep
        self.emails: set[str] = set()
        self.phones: set[str] = set()
        self.people: list[Person] = []
        self.households = 0

    def email(self, given: str, family: str, birth: date, country: str) -> str:
        """A new, unused personal e-mail built from the name (mario.rossi85@libero.it)."""
        rng = self.rng
        g, f, yy = slug(given) or "info", slug(family, True) or "mail", f"{birth.year % 100:02d}"
        template = _EMAIL_TEMPLATES[bisect.bisect(_EMAIL_CUM, rng.random() * _EMAIL_CUM[-1])]
        local = template.format(g=g, f=f, i=g[0], yy=yy, n=rng.randint(1, 99))
        address = f"{local}@{email_domain(rng, country)}"
        tries = 0
        while _mailbox(address) in self.emails:
            tries += 1
            number = rng.randint(1, 99 if tries < 5 else 999 * tries)
            address = f"{local}{number}@{email_domain(rng, country)}"
        self.emails.add(_mailbox(address))
        return address

    def phone(self, country: str, city: str) -> str:
        """A new, unused mobile number (national significant number)."""
        number = mobile_number(self.rng, country, city)
        while number in self.phones:
            number = mobile_number(self.rng, country, city)
        self.phones.add(number)
        return number

    def home(self, country: str) -> tuple[str, str, str]:
        """A new home: (street line, postcode, city)."""
        city, postcode = city_postcode(self.rng, country)
        street = self.rng.choice(self.pools[country].streets)
        return street_line(self.rng, country, street), postcode, city

    def person(
        self,
        country: str,
        home: tuple[str, str, str],
        household: str,
        *,
        gender: str | None = None,
        given: str | None = None,
        family: str | None = None,
        birth: date | None = None,
    ) -> Person:
        """A new person living at ``home``; unset traits are drawn at random."""
        rng, pool = self.rng, self.pools[country]
        gender = gender or rng.choice("FM")
        given = given or rng.choice(pool.female if gender == "F" else pool.male)
        family = family or rng.choice(pool.family)
        if gender == "F":
            family = feminine_family(family, country)
        if birth is None:
            age = rng.triangular(18, 86, 38)
            birth = date.fromordinal(_TODAY - int(age * 365.25))
        p = Person(
            person_id="", household_id=household, country=country, gender=gender, given=given,
            family=family, birth=birth, email=self.email(given, family, birth, country),
            phone=self.phone(country, home[2]), address=home[0], postcode=home[1], city=home[2],
        )  # fmt: skip
        if rng.random() < 0.35:
            self.employ(p)
        if self.keep:
            self.people.append(p)
        return p

    def employ(self, p: Person) -> None:
        """Give ``p`` a company, a job title and a work e-mail."""
        p.company = self.rng.choice(self.pools[p.country].companies)
        p.job = self.rng.choice(JOB_TITLES[p.lang])
        domain = slug(p.company, True) or "company"
        p.work_email = f"{slug(p.given)[:1]}.{slug(p.family, True)}@{domain}.{_WORK_TLD[p.country]}"

    def household(self) -> str:
        """A new household id."""
        self.households += 1
        return f"H{self.households:06d}"

    def couple(self, country: str, share_family: float) -> tuple[Person, Person]:
        """Two partners sharing a home; she takes his family name with ``share_family``."""
        hh, home = self.household(), self.home(country)
        a = self.person(country, home, hh, gender="M")
        delta = timedelta(days=self.rng.randint(-6 * 365, 6 * 365))
        birth = min(a.birth + delta, (NOW - timedelta(days=19 * 365)).date())
        family = a.family if self.rng.random() < share_family else None
        b = self.person(country, home, hh, gender="F", family=family, birth=birth)
        return a, b
