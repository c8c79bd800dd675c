"""Which sources each person appears in, and the ids the sources share.

Participation is drawn per person (a CRM contact for about half of them, a web-shop customer
for four in ten, ...), correlated the way it is in a real business (shop customers browse the
web site and open tickets). Ids that several sources quote are made here: web/shop account
ids, loyalty card numbers, devices and order numbers (the shop file, the web events' ``Order
Completed`` and the tickets' subjects all name the same orders).
"""

from __future__ import annotations

from dataclasses import dataclass

from bench.crosscheck.addresses import Address
from bench.crosscheck.contacts import slug
from bench.crosscheck.mail import EMAIL_DOMAINS
from bench.crosscheck.places import CURRENCY
from bench.crosscheck.population import (
    WINDOW_END,
    WINDOW_START,
    Device,
    Person,
    Population,
    epoch_between,
)
from bench.crosscheck.rand import Rng, Weighted

_DEVICES = Weighted([(1, 50), (2, 35), (3, 15)])
_KINDS = Weighted([("web", 60), ("ios", 20), ("android", 20)])
#: Local-currency units per euro, so that order totals look like prices in each country.
_PRICE_SCALE = {"EUR": 1.0, "BRL": 5.5, "PLN": 4.3, "GBP": 0.85, "USD": 1.1, "IRR": 1.0}
_STATUS = Weighted(
    [("completed", 82), ("shipped", 8), ("cancelled", 5), ("refunded", 3), ("pending", 2)]
)


@dataclass(slots=True)
class Order:
    """One web-shop order (a row of the shop file, maybe an ``Order Completed`` event)."""

    order_id: str
    person: Person
    at: int
    user_id: str
    """The shop account that placed it ('' for a guest checkout)."""
    amount: str
    currency: str
    items: int
    status: str
    ship_to: Address
    tracked: bool
    """Whether the web tracking saw it (ad blockers hide about one order in six)."""


@dataclass(slots=True)
class Plan:
    """Participation and shared ids."""

    orders: list[Order]
    shared_devices: list[tuple[Person, Person, Device]]


def _ean13(body12: str) -> str:
    total = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(body12))
    return body12 + str((10 - total % 10) % 10)


class _Ids:
    """Unique, increasing ids with random gaps (as a database sequence with deletions)."""

    def __init__(self, rng: Rng, start: int) -> None:
        self.rng, self.n = rng, start

    def next(self) -> int:
        self.n += self.rng.between(1, 30)
        return self.n


def plan_sources(population: Population, seed: int) -> Plan:
    """Decide each person's sources and make the ids sources share."""
    rng = Rng(seed, "plan")
    users, cards = _Ids(rng, 100_200_000), _Ids(rng, 200_000_000_000)
    for p in population.people:
        in_iran = p.country == "IR"  # no shop deliveries, no stores
        if rng.chance(0.55):
            p.crm = 1
            if rng.chance(0.05):
                p.crm = 3 if rng.chance(0.2) else 2
        if not in_iran and rng.chance(0.35):
            p.cards.append(_ean13(f"{cards.next():012d}"))
            if rng.chance(0.03):  # lost and re-issued
                p.cards.append(_ean13(f"{cards.next():012d}"))
        if not in_iran and rng.chance(0.42):
            p.orders = 1 + rng.geometric(0.45, 39)
        p.web = rng.chance(0.85 if p.orders else 0.45)
        p.tickets = 1 + rng.geometric(0.6, 5) if rng.chance(0.2 if p.orders else 0.04) else 0
        p.fair = (2 if rng.chance(0.08) else 1) if rng.chance(0.05) else 0
        if not (p.crm or p.cards or p.orders or p.web or p.tickets or p.fair):
            if rng.chance(0.6):
                p.web = True
            else:
                p.crm = 1
        if (p.orders and rng.chance(0.75)) or (p.web and rng.chance(0.4)):
            p.user_ids.append(str(users.next()))
            if rng.chance(0.03):
                p.user_ids.append(str(users.next()))
                p.reregister_at = epoch_between(rng, WINDOW_START, WINDOW_END)
                domain = EMAIL_DOMAINS[p.country].draw(rng)
                p.account_email = (
                    f"{slug(p.own_given.split()[0])}{slug(p.own_family)[:10]}"
                    f"{rng.between(100, 999)}@{domain}"
                )
        if p.web:
            # visitors without an account are one cookie each: a second browser of theirs
            # is another stranger to any method (kept rare, so the set stays resolvable)
            count = _DEVICES.draw(rng) if p.user_ids else 2 if rng.chance(0.08) else 1
            for _ in range(count):
                kind = _KINDS.draw(rng)
                device_id = (
                    rng.uuid().upper() if kind == "ios" else rng.uuid() if kind == "android" else ""
                )
                p.devices.append(Device(kind, device_id, [rng.uuid()]))
    if not any(p.crm > 1 for p in population.people):
        first = next((p for p in population.people if p.crm), population.people[0])
        first.crm = 2
    shared = _shared_devices(rng, population)
    return Plan(_orders(rng, population.people), shared)


def _shared_devices(rng: Rng, population: Population) -> list[tuple[Person, Person, Device]]:
    out = []
    for members in population.households:
        users = [p for p in members if p.web and p.user_ids]
        if len(users) >= 2 and rng.chance(0.1):
            out.append(_tablet(rng, users[0], users[1]))
    if not out:
        pair = next((m[:2] for m in population.households if len(m) >= 2), None)
        if pair is not None:
            a, b = pair
            accounts = _Ids(rng, 900_000_000)
            for p in (a, b):
                p.web = True
                if not p.user_ids:
                    p.user_ids.append(str(accounts.next()))
            out.append(_tablet(rng, a, b))
    return out


def _tablet(rng: Rng, a: Person, b: Person) -> tuple[Person, Person, Device]:
    tablet = Device("ios", rng.uuid().upper(), [rng.uuid()], shared=True)
    a.devices.append(tablet)
    b.devices.append(tablet)
    return a, b, tablet


def _orders(rng: Rng, people: list[Person]) -> list[Order]:
    drafts = []
    for p in people:
        for _ in range(p.orders):
            drafts.append((epoch_between(rng, WINDOW_START, WINDOW_END), p.index, p))
    drafts.sort(key=lambda d: (d[0], d[1]))
    numbers = _Ids(rng, 10_000_000)
    orders = []
    homes = [p for p in people if p.home is not None]
    for at, _, p in drafts:
        user = ""
        if p.user_ids and rng.chance(0.9):
            user = p.user_ids[-1] if p.reregister_at and at >= p.reregister_at else p.user_ids[0]
        currency = CURRENCY[p.country]
        amount = max(4.9, rng.lognormvariate(3.9, 0.7)) * _PRICE_SCALE[currency]
        ship_to = p.address_at(at)
        if rng.chance(0.03):
            other = rng.pick(homes)  # a present sent to someone else
            if other.country == p.country:
                ship_to = other.address_at(at)
        orders.append(
            Order(
                f"SO{numbers.next() % 100_000_000:08d}",
                p,
                at,
                user,
                f"{amount:.2f}",
                currency,
                1 + rng.geometric(0.5, 9),
                _STATUS.draw(rng),
                ship_to,
                p.web and rng.chance(0.85),
            )
        )
    return orders
