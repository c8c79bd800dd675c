"""Who the demo people are: households, sources they appear in, life changes and traps."""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from tessera.demo.people import (
    NOW,
    WINDOW_START,
    Builder,
    Device,
    Person,
    Population,
    Trap,
    rand_time,
    uuid4,
)
from tessera.demo.pools import (
    COUNTRIES,
    COUNTRY_CUM,
    DIAL,
    DemoRandom,
    cumulative,
    locale_pools,
    weighted,
)

_NAMESAKES = (("IT", "F", "Maria", "Rossi"), ("BR", "F", "Ana", "Silva"),
              ("PL", "F", "Anna", "Nowak"), ("GB", "M", "John", "Smith"),
              ("IT", "M", "Giuseppe", "Russo"), ("US", "M", "James", "Johnson"))  # fmt: skip
_BROWSERS = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/126.0.0.0 Safari/537.36",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) "
    "Version/17.5 Safari/605.1.15",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like "
    "Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
    "Mozilla/5.0 (Linux; Android 14; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/126.0.0.0 Mobile Safari/537.36",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:127.0) Gecko/20100101 Firefox/127.0",
)
TABLET_UA = (
    "Mozilla/5.0 (iPad; CPU OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
    "Version/17.5 Mobile/15E148 Safari/604.1"
)
_APPS = (("ios", "iPhone15,2"), ("ios", "iPhone14,5"), ("android", "SM-A546B"),
         ("android", "Pixel 8"))  # fmt: skip
_DEVICES_CUM = cumulative(50, 35, 15)
_SHARE_FAMILY = {"IT": 0.0, "IR": 0.0, "BR": 0.5, "PT": 0.5, "PL": 0.8, "GB": 0.75, "US": 0.75}


def _plant_traps(b: Builder, instances: int) -> list[Trap]:
    rng, traps = b.rng, []
    for i in range(instances):
        country = COUNTRIES[i % len(COUNTRIES)]
        a, w = b.couple(country, _SHARE_FAMILY[country])
        w.email = a.email
        traps.append(Trap("shared_email", [a, w], f"a couple in {country} sharing {a.email}"))

        hh, home = b.household(), b.home(country)
        t1 = b.person(country, home, hh)
        names = b.pools[country].female if t1.gender == "F" else b.pools[country].male
        given = rng.choice([n for n in names if n != t1.given])
        t2 = b.person(country, home, hh, gender=t1.gender, given=given, family=t1.family,
                      birth=t1.birth)  # fmt: skip
        t1.loyalty = t2.loyalty = 1
        traps.append(Trap("twins", [t1, t2], f"twins {t1.given} and {t2.given} {t1.family}"))

        c1, c2 = b.couple(country, _SHARE_FAMILY[country])
        tablet = Device(uuid4(rng), TABLET_UA, shared=True)
        for p in (c1, c2):
            p.user_id, p.web = "pending", max(p.web, 16)
            p.devices.append(tablet)
        traps.append(Trap("shared_device", [c1, c2], f"family tablet {tablet.anonymous_id}"))

        n_country, gender, given, family = _NAMESAKES[i % len(_NAMESAKES)]
        first = b.home(n_country)
        second = b.home(n_country)
        while second[2] == first[2]:
            second = b.home(n_country)
        namesakes = [
            b.person(n_country, home, b.household(), gender=gender, given=given, family=family)
            for home in (first, second)
        ]
        if namesakes[1].birth == namesakes[0].birth:
            namesakes[1].birth -= timedelta(days=400)
        traps.append(
            Trap("namesakes", namesakes, f"two {given} {family}, different births, cities")
        )

        old = b.person(country, b.home(country), b.household())
        new = b.person(country, b.home(country), b.household())
        changed = rand_time(rng, datetime(2023, 6, 1), datetime(2024, 6, 1))
        old.old_phone, old.phone_changed_at = new.phone, changed
        old.phone = b.phone(country, old.city)
        new.old_phone = b.phone(country, new.city)
        new.phone_changed_at = changed + timedelta(days=45)
        old.crm_times = [rand_time(rng, datetime(2021, 1, 1), changed - timedelta(days=30)),
                         rand_time(rng, datetime(2025, 1, 1), NOW)]  # fmt: skip
        new.crm_times = [rand_time(rng, changed + timedelta(days=60), NOW)]
        note = f"+{DIAL[country]}{old.old_phone} passed from one customer to another"
        traps.append(Trap("reassigned_phone", [old, new], note))

        junk = [b.person(c, b.home(c), b.household()) for c in ("IT", "PL", "GB")]
        for p in junk:
            p.junk_email = "test@test.com"
            p.loyalty = max(p.loyalty, 1)
        traps.append(Trap("shared_junk_id", junk, "unrelated CRM contacts typed test@test.com"))

        for trap in traps[-6:]:
            for p in trap.people:
                p.reserved = True
                if not p.crm_times:
                    p.crm_times = [rand_time(rng, datetime(2022, 1, 1), NOW)]
    return traps


def _plan_sources(rng: random.Random, p: Person) -> None:
    if not p.reserved and rng.random() < 0.65:
        p.crm_times = [rand_time(rng, datetime(2019, 1, 1), NOW)]
        if rng.random() < 0.12:
            first = rand_time(rng, datetime(2018, 1, 1), datetime(2024, 6, 1))
            p.crm_times = [first, rand_time(rng, datetime(2024, 9, 1), NOW)]
    if not p.reserved and rng.random() < 0.35:
        p.loyalty = 2 if rng.random() < 0.03 else 1
    if p.user_id == "pending" or rng.random() < 0.55:
        p.user_id = "pending"
    elif rng.random() < 0.15:
        p.guest = True
    if p.user_id or p.guest:
        p.orders = 1 + int(rng.expovariate(1 / 4.3))
    if rng.random() < 0.5:
        p.tickets = 1 + int(rng.expovariate(1 / 1.6))
    if p.web or rng.random() < 0.72:
        p.web = max(p.web, 3 + int(rng.expovariate(1 / 6.0)))
        _add_devices(rng, p)
    fair_p = 0.03 + (0.08 if p.company else 0.0) + (0.1 if p.country == "PL" else 0.0)
    if not p.reserved and rng.random() < fair_p:
        p.fair = 2 if rng.random() < 0.1 else 1
    if not (p.crm_times or p.loyalty or p.fair or p.orders or p.tickets or p.web):
        p.crm_times = [rand_time(rng, datetime(2019, 1, 1), NOW)]


def _add_devices(rng: random.Random, p: Person) -> None:
    for _ in range(weighted(rng, (1, 2, 3), _DEVICES_CUM)):
        if rng.random() < 0.25:
            os_name, model = rng.choice(_APPS)
            dev_id = uuid4(rng).upper() if os_name == "ios" else f"{rng.getrandbits(64):016x}"
            p.devices.append(Device(uuid4(rng), app=(os_name, model), device_id=dev_id))
        else:
            p.devices.append(Device(uuid4(rng), rng.choice(_BROWSERS)))


def _life_changes(b: Builder, members: list[Person]) -> None:
    rng, head = b.rng, members[0]
    if head.reserved:
        return
    if rng.random() < 0.06:
        moved = rand_time(rng, WINDOW_START + timedelta(days=60), NOW - timedelta(days=30))
        old = b.home(head.country)
        for p in members:
            p.old_home, p.moved_at = old, moved
            if len(p.crm_times) == 2:
                p.crm_times[0] = min(p.crm_times[0], moved - timedelta(days=20))
                p.crm_times[1] = max(p.crm_times[1], moved + timedelta(days=5))
    for p in members:
        if rng.random() < 0.03:
            p.old_phone, p.phone_changed_at = p.phone, rand_time(rng, datetime(2022, 1, 1), NOW)
            p.phone = b.phone(p.country, p.city)


def build_population(persons: int, seed: int) -> Population:
    """Generate ``persons`` people in households, with traps when there are enough of them."""
    rng = DemoRandom(f"tessera-demo:{seed}:people")
    b = Builder(rng, locale_pools(seed))
    instances = 0 if persons < 20 else max(1, persons // 1000)
    traps = _plant_traps(b, instances)
    groups: dict[str, list[Person]] = {}
    for p in b.people:
        groups.setdefault(p.household_id, []).append(p)
    while len(b.people) < persons:
        country = weighted(rng, COUNTRIES, COUNTRY_CUM)
        if len(b.people) + 2 <= persons and rng.random() < 0.2:
            members = list(b.couple(country, _SHARE_FAMILY[country]))
        else:
            members = [b.person(country, b.home(country), b.household())]
        groups[members[0].household_id] = members
    for p in b.people:
        _plan_sources(rng, p)
        if p.fair and not p.company:
            b.employ(p)
    for members in groups.values():
        _life_changes(b, members)
    rng.shuffle(b.people)
    _number(rng, b.people)
    return Population(b.people, traps)


def _number(rng: random.Random, people: list[Person]) -> None:
    households: dict[str, str] = {}
    for i, p in enumerate(people, 1):
        p.person_id = f"P{i:06d}"
        p.household_id = households.setdefault(p.household_id, f"H{len(households) + 1:06d}")
    accounts = [p for p in people if p.user_id]
    order = list(range(1, len(accounts) + 1))
    rng.shuffle(order)
    for p, n in zip(accounts, order, strict=True):
        p.user_id = f"u_{n:06d}"
