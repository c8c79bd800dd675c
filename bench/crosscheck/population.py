"""Who the people are: households, names, birth dates, homes, contacts and life changes.

Households of 1-5 people share an address and often a landline; couples name their children
the way their country does (Italians and Iranians keep their surnames at marriage, Poles take
the husband's in its female form, Brazilians add it, children of Portuguese and Brazilian
parents carry both). Twins, people who move, change their phone or e-mail, and women whose
surname changes at marriage happen at rates of the order of the real ones. Contacts
(:mod:`bench.crosscheck.contacts`) and source participation (:mod:`bench.crosscheck.plan`)
are added afterwards.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date

from bench.crosscheck.addresses import Address, make_address, same_building
from bench.crosscheck.names import (
    draw_family,
    draw_given,
    given_pool,
    is_sayyid,
    last_surname,
    nicknames,
    persian_variants,
    polish_female,
)
from bench.crosscheck.places import RESIDENCE, City, city_pool
from bench.crosscheck.rand import Rng, Weighted

#: The events window (UTC epoch seconds): 2023-01-01 .. 2025-06-30.
WINDOW_START = calendar.timegm((2023, 1, 1, 0, 0, 0))
WINDOW_END = calendar.timegm((2025, 6, 30, 23, 59, 59))
TODAY = date(2025, 7, 1)
_LAST_ADULT_BIRTH = date(2007, 6, 30).toordinal()

_SIZES = Weighted([(1, 35), (2, 33), (3, 15), (4, 12), (5, 5)])
#: Age of an adult customer (18-90), shaped like a retailer's customer base.
_AGE_BANDS = Weighted(
    [
        ((18, 24), 10),
        ((25, 34), 18),
        ((35, 44), 19),
        ((45, 54), 19),
        ((55, 64), 17),
        ((65, 74), 11),
        ((75, 90), 6),
    ]
)
_MIGRANT_SHARE = {"IT": 0.05, "PT": 0.1, "BR": 0.03, "PL": 0.01, "IR": 0.0, "GB": 0.12, "US": 0.12}
_MIGRANT_ORIGIN = {
    "IT": Weighted([("BR", 3), ("PL", 2), ("IR", 1), ("PT", 1)]),
    "PT": Weighted([("BR", 8), ("IT", 1)]),
    "BR": Weighted([("PT", 3), ("IT", 3)]),
    "PL": Weighted([("IT", 1)]),
    "IR": Weighted([("IR", 1)]),
    "GB": Weighted([("PL", 4), ("IR", 2), ("IT", 2), ("PT", 2), ("BR", 1), ("US", 2)]),
    "US": Weighted([("IT", 2), ("IR", 2), ("BR", 2), ("PL", 2), ("PT", 1), ("GB", 2)]),
}
_LANDLINE = {"IT": 0.45, "PT": 0.35, "PL": 0.3, "BR": 0.2, "IR": 0.5, "GB": 0.4, "US": 0.25}
#: Share of people who habitually go by a nickname, when their name has one.
_GOES_BY_NICKNAME = {"IT": 0.12, "PT": 0.1, "BR": 0.18, "PL": 0.2, "IR": 0.1, "GB": 0.25, "US": 0.3}


@dataclass(eq=False, slots=True)
class Person:
    """One real person: the ground truth every record about them derives from."""

    index: int
    person_id: str
    household_id: str
    culture: str
    """Naming culture (where the name comes from)."""
    country: str
    """Country of residence."""
    gender: str
    given: str
    family: str
    birth: date
    middle: str = ""
    nickname: str = ""
    """The nickname they go by ('' when none)."""
    own_given: str = ""
    """The spelling they use themselves (Iranian names: one transliteration of several)."""
    own_family: str = ""
    seyed: bool = False
    home: Address | None = None
    new_home: Address | None = None
    move_at: int = 0
    maiden: str = ""
    """Family name before a marriage inside the window ('' when none)."""
    married_at: int = 0
    partner: Person | None = None
    twin: Person | None = None
    # contacts (bench.crosscheck.contacts)
    mobile: str = ""
    mobile_country: str = ""
    new_mobile: str = ""
    mobile_change_at: int = 0
    landline: str = ""
    uses_landline: bool = False
    email: str = ""
    old_email: str = ""
    email_change_at: int = 0
    work_email: str = ""
    company: str = ""
    job: str = ""
    # where they appear (bench.crosscheck.plan)
    crm: int = 0
    cards: list[str] = field(default_factory=list)
    orders: int = 0
    tickets: int = 0
    fair: int = 0
    web: bool = False
    user_ids: list[str] = field(default_factory=list)
    reregister_at: int = 0
    account_email: str = ""
    """The login of the second web account ('' when they never registered again)."""
    devices: list[Device] = field(default_factory=list)

    def address_at(self, when: int) -> Address:
        """Their home at ``when`` (epoch seconds)."""
        assert self.home is not None
        if self.new_home is not None and when >= self.move_at:
            return self.new_home
        return self.home

    def family_at(self, when: int) -> str:
        """Their family name at ``when`` (the maiden name before a marriage)."""
        return self.maiden if self.maiden and when < self.married_at else self.family

    def mobile_at(self, when: int) -> str:
        """Their mobile number (national significant number) at ``when``."""
        return self.new_mobile if self.new_mobile and when >= self.mobile_change_at else self.mobile

    def email_at(self, when: int) -> str:
        """Their personal e-mail at ``when``."""
        return self.old_email if self.old_email and when < self.email_change_at else self.email


@dataclass(eq=False, slots=True)
class Device:
    """A browser or an app install; anonymous ids change when cookies are cleared."""

    kind: str
    """'web' (desktop or mobile browser), 'ios' or 'android' (an app with a device id)."""
    device_id: str
    anonymous_ids: list[str]
    shared: bool = False


@dataclass(frozen=True, slots=True)
class Trap:
    """A hard case planted or found in the population."""

    name: str
    people: tuple[Person, ...]
    note: str


@dataclass(slots=True)
class Population:
    """Everyone, and the traps among them."""

    people: list[Person]
    traps: list[Trap]
    households: list[list[Person]]


def epoch_between(rng: Rng, lo: int, hi: int) -> int:
    """A second in ``[lo, hi]``."""
    return lo + int(rng.random() * (hi - lo))


def _birth(rng: Rng, lo_age: int, hi_age: int) -> date:
    year = TODAY.year - rng.between(lo_age, hi_age) - 1
    return date.fromordinal(date(year, 1, 1).toordinal() + rng.between(0, 364))


class _Builder:
    def __init__(self, seed: int) -> None:
        self.rng = Rng(seed, "population")
        self.people: list[Person] = []
        self.households: list[list[Person]] = []
        self.traps: list[Trap] = []

    # --- households --------------------------------------------------------------------
    def household(self, room: int) -> None:
        rng = self.rng
        country = RESIDENCE.draw(rng)
        city = city_pool(country).draw(rng)
        culture = country
        if rng.chance(_MIGRANT_SHARE[country]):
            culture = _MIGRANT_ORIGIN[country].draw(rng)
        home = make_address(rng, city)
        if self.households and rng.chance(0.04):
            # another flat of a building a household of the same city already lives in
            prev = self.households[-1][0].home
            if prev is not None and prev.city is city:
                home = same_building(rng, prev)
        size = min(_SIZES.draw(rng), room)
        hh_id = f"H{len(self.households) + 1:07d}"
        members: list[Person]
        if size == 1:
            members = [self.person(hh_id, culture, country, city, rng.pick("FM"))]
        elif rng.chance(0.1):
            # flatmates: unrelated adults at one address, different surnames
            members = [
                self.person(hh_id, culture, country, city, rng.pick("FM"), young=True)
                for _ in range(size)
            ]
        else:
            members = self.family(hh_id, culture, country, city, size)
        landline = (rng.chance(_LANDLINE[country]) and size > 1) or rng.chance(0.1)
        for p in members:
            p.home = home
            p.landline = "pending" if landline else ""
        self.households.append(members)
        if rng.chance(0.08):
            self.move(members)

    def person(
        self,
        hh_id: str,
        culture: str,
        country: str,
        city: City,
        gender: str,
        *,
        young: bool = False,
        old: bool = False,
        birth: date | None = None,
        family: str | None = None,
        avoid: tuple[str, ...] = (),
    ) -> Person:
        rng = self.rng
        if birth is None:
            lo, hi = (19, 32) if young else (42, 80) if old else _AGE_BANDS.draw(rng)
            birth = _birth(rng, lo, hi)
        region = (
            city.region
            if culture == "IT" and country == "IT"
            else rng.pick(("north", "centre", "south"))
        )
        given = draw_given(rng, culture, gender, birth.year, region)
        while given in avoid:
            given = draw_given(rng, culture, gender, birth.year, region)
        if family is None:
            family = draw_family(rng, culture, region)
            if culture == "PL" and gender == "F":
                family = polish_female(family)
        index = len(self.people)
        p = Person(
            index, f"P{index + 1:07d}", hh_id, culture, country, gender, given, family, birth
        )
        if culture in ("GB", "US") and rng.chance(0.45):
            p.middle = given_pool(culture, gender).draw(rng)
            if p.middle == given:
                p.middle = ""
        nicks = nicknames(culture, given)
        if nicks and rng.chance(_GOES_BY_NICKNAME[culture]):
            p.nickname = rng.pick(nicks)
        p.own_given, p.own_family = given, family
        if culture == "IR":
            # a third of Iranians' passports use a less common transliteration
            if rng.chance(0.3) and (v := persian_variants(given)):
                p.own_given = rng.pick(v)
            if rng.chance(0.3) and (v := persian_variants(family)):
                p.own_family = rng.pick(v)
            p.seyed = is_sayyid(family) and rng.chance(0.6)
        self.people.append(p)
        return p

    def family(self, hh_id: str, culture: str, country: str, city: City, size: int) -> list[Person]:
        rng = self.rng
        kids = size - 2
        first = self.person(hh_id, culture, country, city, "M", old=kids > 0)
        same_sex = rng.chance(0.03)
        partner_culture = culture if rng.chance(0.85) else country
        gap = rng.between(-3, 8)
        birth = _birth(rng, max(19, _age(first.birth) - gap), max(19, _age(first.birth) - gap))
        second = self.person(
            hh_id, partner_culture, country, city, "M" if same_sex else "F", birth=birth
        )
        first.partner, second.partner = second, first
        if not same_sex:
            self.marriage_name(first, second)
        members = [first, second]
        used = [first.given, second.given]
        twins_at = rng.between(0, kids - 2) if kids >= 2 and rng.chance(0.04) else -1
        young_parent, old_parent = max(first.birth, second.birth), min(first.birth, second.birth)
        for k in range(kids):
            if twins_at >= 0 and k == twins_at + 1:
                prev = members[-1]
                child = self.child(hh_id, first, second, city, prev.birth, used)
                child.twin, prev.twin = prev, child
                self.traps.append(
                    Trap(
                        "twins",
                        (prev, child),
                        f"twins {prev.given} and {child.given} {prev.family}, "
                        f"born {prev.birth.isoformat()}",
                    )
                )
            else:
                # born 20+ years after the older parent, 42- after the younger, and an adult
                lo = old_parent.toordinal() + 20 * 365
                hi = min(young_parent.toordinal() + 42 * 365, _LAST_ADULT_BIRTH)
                born = date.fromordinal(rng.between(min(lo, hi), hi))
                child = self.child(hh_id, first, second, city, born, used)
            used.append(child.given)
            members.append(child)
        return members

    def child(
        self, hh_id: str, father: Person, mother: Person, city: City, born: date, used: list[str]
    ) -> Person:
        rng = self.rng
        gender = rng.pick("FM")
        culture, country = father.culture, father.country
        if country in ("PT", "BR") and culture in ("PT", "BR") and mother.culture in ("PT", "BR"):
            family = f"{last_surname(mother.maiden or mother.family)} {last_surname(father.family)}"
            if family.split()[0] == family.split()[-1]:
                family = last_surname(father.family)
        elif culture == "PL":
            family = polish_female(father.family) if gender == "F" else father.family
        else:
            family = father.family
        return self.person(
            hh_id, culture, country, city, gender, birth=born, family=family, avoid=tuple(used)
        )

    def marriage_name(self, husband: Person, wife: Person) -> None:
        """Apply the country's custom to the wife's surname (and sometimes date the change)."""
        rng, country, own = self.rng, wife.country, wife.family
        if country in ("IT", "IR"):
            return
        if country in ("PT", "BR"):
            if rng.chance(0.5):
                wife.family = f"{own} {last_surname(husband.family)}"
        elif country == "PL" or wife.culture == "PL":
            r = rng.random()
            taken = polish_female(husband.family) if husband.culture == "PL" else husband.family
            wife.family = taken if r < 0.85 else f"{own}-{taken}" if r < 0.9 else own
        else:
            r = rng.random()
            wife.family = (
                husband.family if r < 0.75 else f"{own}-{husband.family}" if r < 0.8 else own
            )
        if wife.family != own:
            wife.own_family = wife.family
            if rng.chance(0.04):
                # married during the window: older records carry the maiden name
                wife.maiden, wife.married_at = own, epoch_between(rng, WINDOW_START, WINDOW_END)
            else:
                wife.maiden = ""

    def move(self, members: list[Person]) -> None:
        rng = self.rng
        old = members[0].home
        assert old is not None
        city = old.city if rng.chance(0.6) else city_pool(old.country).draw(rng)
        new_home = make_address(rng, city)
        when = epoch_between(rng, WINDOW_START, WINDOW_END)
        for p in members:
            p.new_home, p.move_at = new_home, when

    # --- traps on names ------------------------------------------------------------------
    def find_namesakes(self) -> None:
        groups: dict[tuple[str, str, str, str], list[Person]] = {}
        for p in self.people:
            assert p.home is not None
            given, family = p.given, p.family
            if p.culture in ("PT", "BR"):
                # what the records show: 'Ana Silva' for Ana Paula Souza da Silva
                given, family = given.split()[0], last_surname(family)
            groups.setdefault((given, family, p.home.city.name, p.country), []).append(p)
        found = False
        for (given, family, city, _), ps in groups.items():
            births = {p.birth for p in ps}
            households = {p.household_id for p in ps}
            if len(ps) >= 2 and len(births) == len(ps) and len(households) == len(ps):
                found = True
                self.traps.append(
                    Trap(
                        "namesakes",
                        tuple(ps),
                        f"{len(ps)} people called {given} {family} in {city}",
                    )
                )
        if not found:
            self.plant_namesake()

    def plant_namesake(self) -> None:
        """Make two single people of one country namesakes in one city (small populations)."""
        singles = [h[0] for h in self.households if len(h) == 1]
        for i, a in enumerate(singles):
            for b in singles[i + 1 :]:
                if (a.country, a.culture, a.gender) == (b.country, b.culture, b.gender) and (
                    a.birth != b.birth
                ):
                    assert a.home is not None
                    b.given, b.family, b.own_given, b.own_family = (
                        a.given,
                        a.family,
                        a.own_given,
                        a.own_family,
                    )
                    b.nickname, b.middle = a.nickname, a.middle
                    b.home = make_address(self.rng, a.home.city)
                    if b.new_home is not None:
                        b.new_home = make_address(self.rng, a.home.city)
                    self.traps.append(
                        Trap(
                            "namesakes",
                            (a, b),
                            f"two people called {a.given} "
                            f"{a.family} in {a.home.city.name} (planted)",
                        )
                    )
                    return

    def ensure_twins(self) -> None:
        if any(t.name == "twins" for t in self.traps):
            return
        for members in self.households:
            kids = [p for p in members[2:] if p.partner is None]
            if len(kids) >= 2:
                a, b = kids[0], kids[1]
                b.birth, a.twin, b.twin = a.birth, b, a
                self.traps.append(
                    Trap(
                        "twins",
                        (a, b),
                        f"twins {a.given} and {b.given} "
                        f"{a.family}, born {a.birth.isoformat()} (planted)",
                    )
                )
                return


def _age(birth: date) -> int:
    return TODAY.year - birth.year - ((TODAY.month, TODAY.day) < (birth.month, birth.day))


def build_people(persons: int, seed: int) -> Population:
    """Households and names for ``persons`` people (contacts and sources come later)."""
    b = _Builder(seed)
    while len(b.people) < persons:
        b.household(persons - len(b.people))
    b.ensure_twins()
    b.find_namesakes()
    return Population(b.people, b.traps, b.households)
