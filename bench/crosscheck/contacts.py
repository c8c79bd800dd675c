"""Phones, e-mails and employers for every person, with the changes of the window.

E-mail addresses are built the way people choose them (``giuseppe.russo72@libero.it``,
``g.russo@``, an unrelated handle for one in ten), at the country's usual providers, and are
unique the way mailboxes are (a taken name gets digits). Households share a landline; some
couples share one e-mail address; migrants keep the mobile of their country of origin.
"""

from __future__ import annotations

from functools import cache

from bench.crosscheck.mail import COMPANY_FORMS, COMPANY_SECTORS, COMPANY_TLD, EMAIL_DOMAINS
from bench.crosscheck.names import last_surname
from bench.crosscheck.places import (
    City,
    city_pool,
    landline_nsn,
    mobile_nsn,
)
from bench.crosscheck.population import (
    WINDOW_END,
    WINDOW_START,
    Person,
    Population,
    _age,
    epoch_between,
)
from bench.crosscheck.rand import Rng, Weighted
from unidecode import unidecode

_HANDLES = (
    "sunny",
    "dragon",
    "bella",
    "blue",
    "star",
    "tiger",
    "angel",
    "music",
    "happy",
    "lupo",
    "gatto",
    "sol",
    "lua",
    "kot",
    "misiek",
    "golden",
    "shadow",
    "rainbow",
    "peace",
    "fire",
    "moon",
    "kiwi",
    "panda",
    "rocky",
    "luna",
    "nemo",
    "sky",
)
_STYLES = Weighted(
    [
        ("g.f", 25),
        ("gf", 12),
        ("g_f", 5),
        ("if", 10),
        ("i.f", 6),
        ("f.g", 6),
        ("g.fyy", 10),
        ("gfnn", 8),
        ("gyyyy", 5),
        ("nick", 3),
        ("fi", 3),
        ("handle", 10),
    ]
)
_JOBS = (
    "Sales Manager",
    "Buyer",
    "Owner",
    "CEO",
    "Engineer",
    "Project Manager",
    "Consultant",
    "Marketing Manager",
    "Purchasing",
    "Account Manager",
    "Architect",
    "Director",
    "Responsabile Acquisti",
    "Titolare",
    "Diretor Comercial",
    "Gerente",
    "Kierownik",
    "Dyrektor",
    "Specjalista",
    "Office Manager",
    "Designer",
    "Technician",
)


@cache
def slug(text: str) -> str:
    """``'Maria Grazia'`` -> ``'mariagrazia'``; ``"D'Angelo"`` -> ``'dangelo'``."""
    return "".join(ch for ch in unidecode(text).lower() if ch.isalnum())


def _local_part(rng: Rng, p: Person) -> str:
    given = slug(p.own_given.split()[0] if rng.chance(0.7) else p.own_given)
    family = p.own_family
    if p.culture in ("PT", "BR") and rng.chance(0.75):
        family = last_surname(family).split()[-1]
    fam = slug(family)
    yy = f"{p.birth.year % 100:02d}"
    style = _STYLES.draw(rng)
    if style == "nick" and p.nickname:
        return slug(p.nickname) + fam
    return {
        "g.f": f"{given}.{fam}",
        "gf": f"{given}{fam}",
        "g_f": f"{given}_{fam}",
        "if": f"{given[:1]}{fam}",
        "i.f": f"{given[:1]}.{fam}",
        "f.g": f"{fam}.{given}",
        "g.fyy": f"{given}.{fam}{yy}",
        "gfnn": f"{given}{fam}{rng.between(1, 99)}",
        "gyyyy": f"{given}{p.birth.year}",
        "fi": f"{fam}{given[:1]}",
        "handle": f"{rng.pick(_HANDLES)}{rng.pick(_HANDLES)}{rng.between(1, 999)}",
    }.get(style, f"{given}.{fam}")


class _Contacts:
    def __init__(self, seed: int) -> None:
        self.rng = Rng(seed, "contacts")
        self.emails: set[str] = set()
        self.phones: set[tuple[str, str]] = set()
        self.companies: dict[str, list[tuple[str, str]]] = {}

    def email(self, p: Person, domain: str | None = None) -> str:
        rng = self.rng
        country = p.country if p.culture == p.country or rng.chance(0.7) else p.culture
        domain = domain or EMAIL_DOMAINS[country].draw(rng)
        local = _local_part(rng, p)
        address = f"{local}@{domain}"
        while address in self.emails:
            address = f"{local}{rng.between(1, 999)}@{domain}"
        self.emails.add(address)
        return address

    def phone(self, city: City, mobile: bool = True) -> str:
        while True:
            nsn = mobile_nsn(self.rng, city) if mobile else landline_nsn(self.rng, city)
            if (city.country, nsn) not in self.phones:
                self.phones.add((city.country, nsn))
                return nsn

    def company(self, p: Person) -> tuple[str, str]:
        rng, c = self.rng, p.country
        pool = self.companies.setdefault(c, [])
        if pool and rng.chance(0.35):
            return rng.pick(pool)  # a colleague's employer
        name = f"{p.family.split()[-1] if rng.chance(0.5) else rng.pick(_HANDLES).title()}"
        sector = rng.pick(COMPANY_SECTORS[c])
        company = f"{name} {sector} {rng.pick(COMPANY_FORMS[c])}"
        domain = f"{slug(name)}{slug(sector)[:8]}.{COMPANY_TLD[c]}"
        pool.append((company, domain))
        return company, domain

    def person(self, p: Person, landline: str) -> None:
        rng = self.rng
        assert p.home is not None
        age = _age(p.birth)
        p.landline = landline
        p.uses_landline = bool(landline) and rng.chance(0.6 if age >= 60 else 0.3)
        if rng.chance(0.9 if age >= 70 else 0.98) or not p.uses_landline:
            home_city = p.home.city
            if p.culture != p.country and rng.chance(0.4):
                home_city = city_pool(p.culture).draw(rng)  # kept the number from home
            p.mobile, p.mobile_country = self.phone(home_city), home_city.country
            if rng.chance(0.04):
                p.new_mobile = self.phone(home_city)
                p.mobile_change_at = epoch_between(rng, WINDOW_START, WINDOW_END)
        if rng.chance(0.8 if age >= 70 else 0.95):
            p.email = self.email(p)
            if rng.chance(0.06):
                p.old_email, p.email = p.email, self.email(p)
                p.email_change_at = epoch_between(rng, WINDOW_START, WINDOW_END)
        if 22 <= age <= 66 and rng.chance(0.2):
            p.company, domain = self.company(p)
            p.job = rng.pick(_JOBS)
            p.work_email = self.email(p, domain)


def add_contacts(population: Population, seed: int) -> list[tuple[Person, Person]]:
    """Give everyone their phones and e-mails; returns the couples sharing one e-mail."""
    c = _Contacts(seed)
    shared: list[tuple[Person, Person]] = []
    for members in population.households:
        home = members[0].home
        assert home is not None
        landline = c.phone(home.city, mobile=False) if members[0].landline else ""
        for p in members:
            c.person(p, landline)
        a = members[0]
        b = a.partner
        if b is not None and a.email and c.rng.chance(0.05):
            # one mailbox for the couple: his, hers, or a family one
            b.email, b.old_email = a.email, ""
            shared.append((a, b))
    if not shared:
        for members in population.households:
            a = members[0]
            if a.partner is not None and a.email:
                a.partner.email, a.partner.old_email = a.email, ""
                shared.append((a, a.partner))
                break
    return shared
