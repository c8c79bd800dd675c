"""Event sources in CSV: the web shop's orders and the help desk's tickets."""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from tessera.demo.catalog import PRODUCTS, favourite_categories, local_price, money, pick_category
from tessera.demo.noise import email_variant, gmail_variant, maybe, name_variant, phone_text
from tessera.demo.people import NOW, WINDOW_START, Person, rand_time
from tessera.demo.pools import COUNTRY_NAMES, CURRENCY, cumulative, weighted
from tessera.demo.writers import Spill, Truth, csv_writer, row_from_payload, row_payload

SHOP_COLUMNS = ["order_id", "user_id", "customer_email", "phone", "customer_name", "order_date",
                "order_status", "total", "currency", "category", "items", "payment_method",
                "shipping_address", "postcode", "city", "country"]  # fmt: skip
TICKET_COLUMNS = ["Protocolo", "Cliente", "E-mail do cliente", "Telefone", "Canal", "Situação",
                  "Prioridade", "Assunto", "Aberto em", "Agente"]  # fmt: skip
_PAYMENT = {"IT": ("card", "paypal", "satispay"), "BR": ("pix", "card", "boleto"),
            "PT": ("mbway", "card", "multibanco"), "PL": ("blik", "card", "przelewy24"),
            "IR": ("card",), "GB": ("card", "paypal", "apple_pay"),
            "US": ("card", "paypal", "apple_pay")}  # fmt: skip
_CHANNELS = ("email", "phone", "chat", "facebook", "store")
_CHANNEL_CUM = cumulative(45, 20, 20, 8, 7)
_PRIORITY_CUM = cumulative(50, 40, 10)
_LINES_CUM = cumulative(55, 25, 14, 6)
_QTY_CUM = cumulative(80, 15, 5)
_STATUS_CUM = cumulative(93, 4, 3)
_SUBJECTS = {
    "it": ("Ordine non ancora arrivato", "Richiesta di reso", "Rimborso non ricevuto",
           "Prodotto danneggiato", "Cambio indirizzo di spedizione", "Problema con il pagamento",
           "Punti fedeltà mancanti", "Fattura"),
    "pt": ("Pedido não entregue", "Quero trocar o produto", "Reembolso não recebido",
           "Produto com defeito", "Alterar endereço de entrega", "Problema com pagamento",
           "Pontos do cartão fidelidade", "Nota fiscal"),
    "pl": ("Zamówienie nie dotarło", "Zwrot towaru", "Brak zwrotu pieniędzy",
           "Uszkodzony produkt", "Zmiana adresu dostawy", "Problem z płatnością",
           "Punkty lojalnościowe", "Faktura"),
    "en": ("Where is my order?", "Return request", "Refund not received", "Damaged item",
           "Change delivery address", "Payment failed", "Missing loyalty points", "Invoice"),
}  # fmt: skip
_JSON = json.JSONEncoder(ensure_ascii=False)
_AGENTS = ("Ana Paula", "Bruno", "Camila", "Diego", "Letícia", "Rafael", "Sofia")


@dataclass(frozen=True)
class WebOrder:
    """An order placed online, echoed as a Segment 'Order Completed' event."""

    when: datetime
    order_id: str
    revenue: float
    currency: str
    category: str
    sku: str
    product: str


def _display_name(rng: random.Random, given: str, family: str) -> str:
    r = rng.random()
    if r < 0.08:
        return f"{family}, {given}"
    if r < 0.12:
        return f"{family.upper()}, {given}"
    if r < 0.15:
        return f"{given} {family}".lower()
    return f"{given} {family}"


def _order(
    rng: random.Random, p: Person, favourites: list[str], email: str
) -> tuple[datetime, list[str], dict[str, object]]:
    when = rand_time(rng, WINDOW_START, NOW - timedelta(days=1))
    k = 0.0 if p.reserved else 1.0
    currency = CURRENCY[p.country]
    category = pick_category(rng, favourites)
    items: list[dict[str, object]] = []
    total, skus = 0.0, set()
    for i in range(weighted(rng, (1, 2, 3, 4), _LINES_CUM)):
        product = rng.choice(PRODUCTS[category if i == 0 else pick_category(rng, [category])])
        if product.sku in skus:
            continue
        skus.add(product.sku)
        qty = weighted(rng, (1, 2, 3), _QTY_CUM)
        price = local_price(product.eur, currency)
        total += price * qty
        items.append({"sku": product.sku, "name": product.name, "qty": qty, "price": price})
    age = NOW - when
    if age < timedelta(days=4):
        status = rng.choice(("processing", "shipped"))
    else:
        status = weighted(rng, ("delivered", "cancelled", "refunded"), _STATUS_CUM)
    given = name_variant(rng, p.given, nickname=0.03 * k, accents=0.1 * k, slip=0.01 * k)
    family = name_variant(rng, p.family, accents=0.1 * k, slip=0.01 * k)
    phone = maybe(rng, phone_text(rng, p.country, p.phone_at(when), "IT"), 0.35)
    if rng.random() < 0.004 * k:
        phone = "0000000000"
    street, postcode, city = p.home_at(when)
    country = COUNTRY_NAMES["en"][p.country]
    if rng.random() < 0.04:
        country = {"GB": "UK", "US": "USA"}.get(p.country, p.country)
    row = [
        "", p.user_id, email_variant(rng, email, case=0.02 * k, pad=0.02 * k, gmail=0.0),
        phone, _display_name(rng, given, family), f"{when:%Y-%m-%d %H:%M:%S}", status,
        money(total, currency), currency, category, _JSON.encode(items),
        rng.choice(_PAYMENT[p.country]), street, postcode, city, country,
    ]  # fmt: skip
    first = items[0]
    web = {"revenue": round(total, 2), "category": category, "sku": first["sku"],
           "product": first["name"]}  # fmt: skip
    return when, row, web


def write_shop(
    path: Path, people: list[Person], rng: random.Random, truth: Truth, tmp: Path
) -> tuple[int, dict[str, list[WebOrder]]]:
    """``data/shop_orders.csv``: orders sorted by date; also the orders echoed on the web."""
    spill = Spill(tmp, "shop")
    seq = 0
    for p in people:
        if not p.orders:
            continue
        favourites = favourite_categories(rng)
        email = p.email
        if p.user_id and not p.reserved and rng.random() < 0.15:
            email = gmail_variant(rng, email)
        online = bool(p.user_id and p.devices)
        for _ in range(p.orders):
            when, row, web = _order(rng, p, favourites, email if p.user_id else p.email)
            if not p.user_id:
                row[2] = email_variant(rng, p.email, gmail=0.08)
            seq += 1
            placed = online and rng.random() < 0.7
            payload = _JSON.encode([p.person_id, web if placed else None, row])
            spill.add(when, f"{when.isoformat()}|{seq:09d}", payload)
    web_orders: dict[str, list[WebOrder]] = {}
    n = 0
    with path.open("w", encoding="utf-8", newline="") as fh:
        out = csv_writer(fh)
        out.writerow(SHOP_COLUMNS)
        for line in spill:
            person_id, web, row = json.loads(line)
            n += 1
            row[0] = f"SO{n + 250000:07d}"
            out.writerow(row)
            truth.add("shop", row[0], person_id)
            if web is not None:
                when = datetime.strptime(row[5], "%Y-%m-%d %H:%M:%S")
                web_orders.setdefault(person_id, []).append(
                    WebOrder(
                        when,
                        row[0],
                        web["revenue"],
                        row[8],
                        web["category"],
                        web["sku"],
                        web["product"],
                    )
                )
    return n, web_orders


def _ticket(rng: random.Random, p: Person) -> tuple[datetime, list[str]]:
    when = rand_time(rng, WINDOW_START, NOW)
    k = 0.0 if p.reserved else 1.0
    channel = weighted(rng, _CHANNELS, _CHANNEL_CUM)
    want_email = {"email": 0.97, "phone": 0.35, "chat": 0.8, "facebook": 0.55, "store": 0.3}
    email = p.work_email if p.work_email and rng.random() < 0.1 * k else p.email
    email = email_variant(rng, email, gmail=0.06 * k) if rng.random() < want_email[channel] else ""
    phone = ""
    if channel in ("phone", "store") or not email or rng.random() < 0.2:
        phone = phone_text(rng, p.country, p.phone_at(when), "BR")
    name = ""
    r = rng.random()
    if r < 0.55:
        given = name_variant(rng, p.given, nickname=0.08 * k, accents=0.08 * k, slip=0.01 * k)
        name = f"{given} {p.family}"
    elif r < 0.7:
        name = name_variant(rng, p.given, nickname=0.15 * k)
    if NOW - when > timedelta(days=30):
        status = "closed" if rng.random() < 0.96 else "pending"
    else:
        status = rng.choice(("open", "pending", "closed"))
    priority = weighted(rng, ("baixa", "média", "alta"), _PRIORITY_CUM)
    return when, [
        "", name, email, phone, channel, status, priority,
        rng.choice(_SUBJECTS[p.lang]), f"{when:%m/%d/%Y %H:%M}",
        rng.choice(_AGENTS) if status != "open" else "",
    ]  # fmt: skip


def write_tickets(
    path: Path, people: list[Person], rng: random.Random, truth: Truth, tmp: Path
) -> int:
    """``data/support_tickets.csv``: help-desk tickets (Portuguese headers, US-style dates)."""
    spill = Spill(tmp, "tickets")
    seq = 0
    for p in people:
        for _ in range(p.tickets):
            when, row = _ticket(rng, p)
            seq += 1
            spill.add(when, f"{when.isoformat()}|{seq:09d}", row_payload([p.person_id, *row]))
    n = 0
    with path.open("w", encoding="utf-8", newline="") as fh:
        out = csv_writer(fh)
        out.writerow(TICKET_COLUMNS)
        for line in spill:
            person_id, *row = row_from_payload(line)
            n += 1
            row[0] = f"ATD-{n + 40000:07d}"
            out.writerow(row)
            truth.add("tickets", row[0], person_id)
    return n
