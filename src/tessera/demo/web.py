"""Web and app events in Segment's message format (NDJSON), with anonymous browsing."""

from __future__ import annotations

import json
import random
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from tessera.demo.catalog import PRODUCTS, Product, favourite_categories, local_price, pick_category
from tessera.demo.event_sources import WebOrder
from tessera.demo.noise import email_variant, name_variant
from tessera.demo.people import NOW, WINDOW_START, Device, Person, rand_time, uuid4
from tessera.demo.pools import CURRENCY
from tessera.demo.writers import Spill, Truth, iso_z

SITE = "https://shop.tessera-demo.example"
_JSON = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))
_LOCALE = {"IT": "it-IT", "BR": "pt-BR", "PT": "pt-PT", "PL": "pl-PL", "IR": "fa-IR",
           "GB": "en-GB", "US": "en-US"}  # fmt: skip
_PAGES = (("/", "Home"), ("/offers", "Offers"), ("/help", "Help"), ("/stores", "Stores"),
          ("/cart", "Cart"), ("/account", "My account"))  # fmt: skip


class _Session:
    """Builds the events of one visit on one device by one person."""

    def __init__(self, rng: random.Random, p: Person, device: Device, start: datetime) -> None:
        self.rng, self.p, self.device, self.t = rng, p, device, start
        self.user_id: str | None = None
        self.events: list[tuple[datetime, dict[str, Any]]] = []

    def _tick(self) -> datetime:
        self.t += timedelta(seconds=self.rng.randint(8, 150))
        return self.t

    def _emit(self, kind: str, properties: dict[str, Any], event: str | None = None,
              traits: dict[str, str] | None = None) -> None:  # fmt: skip
        when = self._tick()
        msg: dict[str, Any] = {"messageId": uuid4(self.rng), "type": kind}
        if event:
            msg["event"] = event
        msg["userId"] = self.user_id
        msg["anonymousId"] = self.device.anonymous_id
        msg["timestamp"] = iso_z(when, self.rng.randrange(1000))
        msg["properties"] = properties
        context: dict[str, Any] = {"locale": _LOCALE[self.p.country]}
        if traits:
            context["traits"] = traits
        if self.device.app:
            os_name, model = self.device.app
            context["app"] = {"name": "Tessera Shop", "version": "3.4.1"}
            context["device"] = {"id": self.device.device_id, "type": os_name, "model": model}
        else:
            context["page"] = {"url": properties.get("url", f"{SITE}/")}
            context["userAgent"] = self.device.user_agent
        msg["context"] = context
        self.events.append((when, msg))

    def page(self, path: str, title: str) -> None:
        if self.device.app:
            self._emit("track", {"screen": title}, "Application Opened")
        else:
            self._emit("page", {"url": SITE + path, "path": path, "title": title})

    def product(self, event: str, item: Product) -> None:
        currency = CURRENCY[self.p.country]
        props = {"product_id": item.sku, "product": item.name, "category": item.category,
                 "price": local_price(item.eur, currency), "currency": currency,
                 "url": f"{SITE}/p/{item.sku.lower()}"}  # fmt: skip
        self._emit("track", props, event)

    def identify(self, with_user: bool) -> None:
        rng, p = self.rng, self.p
        k = 0.0 if p.reserved else 1.0
        traits = {
            "email": email_variant(rng, p.email, case=0.02 * k, pad=0.0, gmail=0.03 * k),
            "firstName": name_variant(rng, p.given, nickname=0.05 * k, slip=0.01 * k),
            "lastName": name_variant(rng, p.family, accents=0.05 * k),
        }
        if with_user:
            self.user_id = p.user_id
        self._emit("identify", {}, traits=traits)

    def order(self, order: WebOrder) -> None:
        self.t = max(self.t, order.when - timedelta(seconds=self.rng.randint(20, 90)))
        props = {"order_id": order.order_id, "revenue": order.revenue,
                 "currency": order.currency, "category": order.category,
                 "products": [{"product_id": order.sku, "name": order.product}],
                 "url": f"{SITE}/checkout/complete"}  # fmt: skip
        self._emit("track", props, "Order Completed")


def _visits(rng: random.Random, p: Person, orders: list[WebOrder]) -> list[_Session]:
    favourites = favourite_categories(rng)
    last = NOW - timedelta(days=1)
    starts = [(rand_time(rng, WINDOW_START, last), None) for _ in range(max(1, p.web // 4))]
    plan: list[tuple[datetime, WebOrder | None]] = sorted(
        [
            *starts,
            *(
                (max(WINDOW_START, o.when - timedelta(minutes=rng.randint(4, 25))), o)
                for o in orders
            ),
        ],
        key=lambda item: item[0],
    )
    logged_in: dict[str, bool] = {}
    newsletter = False
    sessions: list[_Session] = []
    budget = p.web
    for start, order in plan:
        if budget <= 0 and order is None:
            continue
        device = rng.choice(p.devices) if order is None or len(p.devices) == 1 else p.devices[0]
        s = _Session(rng, p, device, start)
        known = logged_in.get(device.anonymous_id, False) and not device.shared
        if known:
            s.user_id = p.user_id
        else:
            for _ in range(rng.randint(1, 3)):
                s.page(*rng.choice(_PAGES))
            if p.user_id and (order is not None or rng.random() < 0.55):
                s.identify(with_user=True)
                logged_in[device.anonymous_id] = True
            elif not p.user_id and not newsletter and rng.random() < 0.2:
                s.identify(with_user=False)
                newsletter = True
        category = pick_category(rng, favourites)
        for _ in range(rng.randint(1, 3)):
            s.product("Product Viewed", rng.choice(PRODUCTS[category]))
        if order is not None or rng.random() < 0.25:
            s.product("Product Added", rng.choice(PRODUCTS[category]))
        if order is not None:
            s.order(order)
        budget -= len(s.events)
        sessions.append(s)
    return sessions


def write_web(
    path: Path,
    people: list[Person],
    web_orders: dict[str, list[WebOrder]],
    rng: random.Random,
    truth: Truth,
    tmp: Path,
) -> int:
    """``data/web_events.ndjson``: identify/page/track messages sorted by timestamp."""
    spill = Spill(tmp, "web")
    for p in people:
        if not p.devices:
            continue
        for session in _visits(rng, p, web_orders.get(p.person_id, [])):
            for when, msg in session.events:
                line = _JSON.encode(msg)
                key = f"{msg['timestamp']}|{msg['messageId']}"
                spill.add(when, key, f"{p.person_id}\t{msg['messageId']}\t{line}")
    n = 0
    with path.open("w", encoding="utf-8", newline="\n") as fh:
        for payload in spill:
            person_id, message_id, line = payload.split("\t", 2)
            n += 1
            fh.write(line + "\n")
            truth.add("web", message_id, person_id)
    return n
