"""Web and app events in Segment's shape (NDJSON), per person and device.

A browser keeps an ``anonymousId`` cookie until it is cleared; before logging in a visitor is
only that cookie. ``identify`` ties it to the account's ``userId`` and e-mail (top-level
``traits``, as analytics.js sends them); app events carry ``context.device.id`` and, once
logged in, the cached ``context.traits``. A family tablet is one install used by two people
who each log in; some people open a second account with a new e-mail; ``Order Completed``
carries the shop's order number in ``properties.order_id``.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import orjson
from bench.crosscheck import profiles
from bench.crosscheck.places import DIAL, LOCALE
from bench.crosscheck.plan import Order
from bench.crosscheck.population import WINDOW_END, WINDOW_START, Device, Person, epoch_between
from bench.crosscheck.rand import Rng, Weighted
from bench.crosscheck.render import email_text, family_text, given_text, plain
from bench.crosscheck.truth import Truth

SITE = "https://shop.example.com"
_PAGES = (
    ("Home", "/"),
    ("Category", "/c/{c}"),
    ("Product", "/p/{s}"),
    ("Search", "/search"),
    ("Cart", "/cart"),
    ("Account", "/account"),
    ("Stores", "/stores"),
)
_TRACKS = Weighted(
    [
        ("Product Viewed", 40),
        ("Product Added", 15),
        ("Product List Viewed", 15),
        ("Products Searched", 10),
        ("Cart Viewed", 10),
        ("Checkout Started", 5),
        ("Wishlist Product Added", 5),
    ]
)
_CATEGORIES = ("shoes", "bags", "home", "beauty", "kids", "sport", "electronics", "garden")
_LIBRARIES = {
    "web": {"name": "analytics.js", "version": "next-1.70.0"},
    "ios": {"name": "analytics-ios", "version": "4.1.8"},
    "android": {"name": "analytics-android", "version": "4.11.3"},
}
_MODELS = {
    "ios": ("iPhone15,2", "iPhone14,5", "iPad13,1"),
    "android": ("SM-A546B", "Pixel 8", "SM-S918B"),
}
_AGENTS = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/126.0 Safari/537.36",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 Version/17.5",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 Mobile",
    "Mozilla/5.0 (Linux; Android 14; SM-S918B) AppleWebKit/537.36 Chrome/126.0 Mobile",
)


def _iso(t: float) -> str:
    return dt.datetime.fromtimestamp(t, dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.") + (
        f"{int(t * 1000) % 1000:03d}Z"
    )


class _Session:
    """Builds the messages of one person, appending them to ``out``."""

    def __init__(self, rng: Rng, p: Person, truth: Truth, out: list[bytes]) -> None:
        self.rng, self.p, self.truth, self.out = rng, p, truth, out
        r = rng.random()
        self.locale = LOCALE[p.culture] if r < 0.75 else LOCALE[p.country] if r < 0.85 else "en-US"
        self.logged: dict[int, str] = {}
        """id(device) -> the userId it is logged in as."""
        self.subscribed = False
        self.home_ip = (
            f"{80 + p.index % 120}.{(p.index >> 7) % 250}.{p.index % 250}.{rng.between(1, 254)}"
        )

    def context(self, device: Device, user: str | None) -> dict[str, Any]:
        ctx: dict[str, Any] = {"locale": self.locale, "library": _LIBRARIES[device.kind]}
        if device.kind == "web":
            ctx["userAgent"] = _AGENTS[self.p.index % len(_AGENTS)]
            rng = self.rng
            away = f"10.{rng.between(0, 255)}.{rng.between(0, 255)}.{rng.between(1, 254)}"
            ctx["ip"] = self.home_ip if rng.chance(0.7) else away
        else:
            ctx["device"] = {
                "id": device.device_id,
                "type": device.kind,
                "model": _MODELS[device.kind][self.p.index % 3],
            }
            ctx["app"] = {"name": "Shop", "version": "5.3.1"}
            if user is not None and self.p.email:
                ctx["traits"] = {"email": self.account_email(user)}
        return ctx

    def account_email(self, user: str) -> str:
        p = self.p
        return p.account_email if p.account_email and user == p.user_ids[-1] else p.email

    def emit(self, kind: str, device: Device, user: str | None, t: float, **fields: Any) -> None:
        mid = self.rng.uuid()
        msg: dict[str, Any] = {
            "type": kind,
            "messageId": mid,
            "anonymousId": device.anonymous_ids[-1],
            "userId": user,
            "timestamp": _iso(t),
        }
        msg.update(fields)
        msg["context"] = self.context(device, user)
        self.out.append(orjson.dumps(msg))
        self.truth.record("web", mid, self.p)

    def identify(self, device: Device, user: str | None, t: float) -> None:
        p, rng, noise = self.p, self.rng, profiles.WEB
        traits: dict[str, Any] = {}
        email = self.account_email(user) if user else p.email_at(int(t))
        if email:
            traits["email"] = email_text(rng, email, noise)
        if user:
            given = given_text(rng, p, noise, self_typed=True)
            family = family_text(rng, p, noise, int(t), self_typed=True)
            if rng.chance(noise.accents):
                given, family = plain(given), plain(family)
            if rng.chance(noise.lower):
                given, family = given.lower(), family.lower()
            traits["firstName"], traits["lastName"] = given, family
            if p.mobile and rng.chance(0.15):
                traits["phone"] = f"+{DIAL[p.mobile_country]}{p.mobile_at(int(t))}"
            self.truth.registrations[p.index].add(user)
            if device.shared:
                self.truth.devices[device.device_id].add(p.index)
        self.emit("identify", device, user, t, traits=traits)

    def browse(self, device: Device, user: str | None, t: float, n: int) -> float:
        rng = self.rng
        for _ in range(n):
            t += rng.between(5, 120) + rng.random()
            if rng.chance(0.55):
                name, path = rng.pick(_PAGES)
                path = path.format(c=rng.pick(_CATEGORIES), s=rng.between(10_000, 99_999))
                self.emit(
                    "page",
                    device,
                    user,
                    t,
                    name=name,
                    properties={"path": path, "url": SITE + path},
                )
            else:
                event = _TRACKS.draw(rng)
                props: dict[str, Any] = {"product_id": str(rng.between(10_000, 99_999))}
                if event == "Products Searched":
                    props = {"query": rng.pick(_CATEGORIES)}
                self.emit("track", device, user, t, event=event, properties=props)
        return t

    def session(self, device: Device, t: float, order: Order | None) -> None:
        rng, p = self.rng, self.p
        key = id(device)
        reset = 0.04 if p.user_ids else 0.01  # an account holder logs in again afterwards
        if device.kind == "web" and not device.shared and rng.chance(reset):
            device.anonymous_ids.append(rng.uuid())  # cookies cleared
            self.logged.pop(key, None)
        account = None
        if p.user_ids:
            account = p.user_ids[-1] if p.reregister_at and t >= p.reregister_at else p.user_ids[0]
        if order is not None and not order.user_id:
            account = None  # a guest checkout
        logged = self.logged.get(key)
        if device.shared and logged != account:
            logged = None  # someone else used the family tablet last
        if logged is not None and logged != account:
            logged = None  # the new account replaces the old login
        login = (
            account is not None
            and logged is None
            and (order is not None or device.shared or rng.chance(0.65))
        )
        pre = rng.between(0, 2) if login else 0
        n = 1 + int(rng.expovariate(1 / 1.8))
        t = self.browse(device, logged, t, pre)
        if login:
            t += rng.between(3, 40)
            self.identify(device, account, t)
            logged = account
            self.logged[key] = account  # type: ignore[assignment]
        elif account is None and not self.subscribed and p.email and rng.chance(0.12):
            t += rng.between(3, 40)
            self.subscribed = True
            self.identify(device, None, t)  # a newsletter sign-up: e-mail, no account
        t = self.browse(device, logged, t, max(0, n - pre))
        if order is not None:
            if logged is None and rng.chance(0.7):
                self.identify(device, None, t + 5)  # the guest's e-mail at checkout
            t = self.browse(device, logged, t, 1)
            t += rng.between(30, 400)
            self.emit(
                "track",
                device,
                logged,
                t,
                event="Checkout Started",
                properties={"revenue": float(order.amount), "currency": order.currency},
            )
            self.emit(
                "track",
                device,
                logged,
                t + rng.between(20, 200),
                event="Order Completed",
                properties={
                    "order_id": order.order_id,
                    "revenue": float(order.amount),
                    "currency": order.currency,
                },
            )


def write_web(
    path: Path, people: list[Person], orders: list[Order], rng: Rng, truth: Truth
) -> None:
    """All web and app messages, person by person, each person's in time order."""
    tracked: dict[int, list[Order]] = {}
    for o in orders:
        if o.tracked:
            tracked.setdefault(o.person.index, []).append(o)
    with path.open("wb") as fh:
        out: list[bytes] = []
        for p in people:
            if not p.web or not p.devices:
                continue
            _person(rng, p, tracked.get(p.index, []), truth, out)
            if len(out) > 20_000:
                fh.write(b"\n".join(out) + b"\n")
                out.clear()
        if out:
            fh.write(b"\n".join(out) + b"\n")


def _person(rng: Rng, p: Person, orders: list[Order], truth: Truth, out: list[bytes]) -> None:
    s = _Session(rng, p, truth, out)
    visits: list[tuple[float, Order | None]] = [
        (epoch_between(rng, WINDOW_START, WINDOW_END), None)
        for _ in range(1 + min(40, int(rng.expovariate(1 / 3))))
    ]
    visits.extend((o.at - rng.between(300, 1800), o) for o in orders)
    visits.sort(key=lambda v: v[0])
    shared = [d for d in p.devices if d.shared]
    for i, (t, order) in enumerate(visits):
        if shared and (i == 0 or rng.chance(0.4)):
            device = shared[0]
        elif rng.chance(0.55):
            device = p.devices[0]
        else:
            device = rng.pick(p.devices)
        s.session(device, t, order)
