"""The two CSV event sources: web-shop orders and help-desk tickets.

The shop exports one row per order with the buyer's e-mail and name in one column and the
shipping address (a present now and then goes to someone else's). Tickets are opened by
e-mail, chat or phone; agents type the requester's name as they hear it, customers write
from their work address, and about half the subjects quote an order number — the link a
human agent would use, which no mapping target captures.
"""

from __future__ import annotations

import csv
from pathlib import Path

from bench.crosscheck import profiles
from bench.crosscheck.addresses import written_city, written_line, written_postcode
from bench.crosscheck.person_sources import (
    note_email,
    person_phone,
    phone_digits_match,
    stamp,
)
from bench.crosscheck.plan import Order
from bench.crosscheck.population import WINDOW_END, WINDOW_START, Person, epoch_between
from bench.crosscheck.rand import Rng, Weighted
from bench.crosscheck.render import (
    country_text,
    email_text,
    finish,
    full_name,
    junk_email,
    missing,
    phone_text,
    row_style,
)
from bench.crosscheck.truth import Truth

SHOP_COLUMNS = (
    "order_id",
    "order_date",
    "customer_id",
    "customer_email",
    "customer_name",
    "phone",
    "shipping_address",
    "shipping_postcode",
    "shipping_city",
    "shipping_country",
    "total",
    "currency",
    "status",
    "items",
    "discount_code",
)
TICKET_COLUMNS = (
    "Ticket ID",
    "Created at",
    "Requester",
    "Requester email",
    "Requester phone",
    "Subject",
    "Channel",
    "Status",
    "Priority",
    "Assignee",
)
_SHOP_NAMES = Weighted([("gf", 86), ("fg", 5), ("f,g", 4), ("FG", 2), ("i.f", 3)])
_TICKET_NAMES = Weighted([("gf", 80), ("f,g", 5), ("FG", 5), ("tgf", 5), ("i.f", 5)])
_CODES = ("", "", "", "", "", "", "WELCOME10", "SUMMER24", "BLACKFRIDAY", "FREESHIP", "VIP15")
_CHANNELS = Weighted([("email", 50), ("phone", 20), ("chat", 20), ("web", 10)])
_TICKET_STATUS = Weighted([("closed", 55), ("solved", 25), ("open", 10), ("pending", 10)])
_AGENTS = ("Laura M.", "Pedro S.", "Anna K.", "Tom W.", "Sara R.", "Bot")
_ORDER_SUBJECTS = {
    "EN": (
        "Re: order {o} not delivered",
        "Order {o} - wrong item",
        "Where is my order {o}?",
        "Refund for order {o}",
        "Fwd: Your order {o} has shipped",
        "order #{o} damaged",
    ),
    "IT": (
        "Ordine {o} non consegnato",
        "Re: ordine n. {o}",
        "Reso ordine {o}",
        "Problema con l'ordine {o}",
    ),
    "PT": (
        "Pedido {o} não chegou",
        "Re: pedido {o}",
        "Devolução do pedido {o}",
        "Encomenda {o} atrasada",
    ),
    "PL": ("Zamówienie {o} nie dotarło", "Zwrot zamówienia {o}", "Re: zamówienie nr {o}"),
}
_OTHER_SUBJECTS = {
    "EN": (
        "Cannot log in",
        "Change my address",
        "Cancel my subscription",
        "Password reset",
        "Loyalty card not working",
        "Invoice request",
        "Unsubscribe",
        "Question about a product",
    ),
    "IT": ("Non riesco ad accedere", "Cambio indirizzo", "Richiesta fattura", "Carta fedeltà"),
    "PT": ("Não consigo entrar", "Alterar morada", "Pedido de fatura", "Cartão de fidelidade"),
    "PL": ("Nie mogę się zalogować", "Zmiana adresu", "Prośba o fakturę", "Karta lojalnościowa"),
}
_LANGUAGE = {"IT": "IT", "PT": "PT", "BR": "PT", "PL": "PL"}


def write_shop(path: Path, orders: list[Order], rng: Rng, truth: Truth) -> None:
    """One row per order, in the order they were placed."""
    noise = profiles.SHOP
    with path.open("w", encoding="utf-8", newline="") as fh:
        out = csv.writer(fh, lineterminator="\n")
        out.writerow(SHOP_COLUMNS)
        for o in orders:
            p, row = o.person, row_style(rng, noise)
            address = p.email_at(o.at)
            if p.account_email and o.at >= p.reregister_at:
                address = p.account_email  # the new account's login
            email = ""
            if not o.user_id and rng.chance(noise.junk * 5):
                email = junk_email(rng)  # guests typing anything to get through checkout
            elif address:
                typed = noise if not o.user_id else profiles.WEB  # an account's login is right
                email = email_text(rng, address, typed, row)
                note_email(truth, p, email)
            phone = person_phone(rng, p, o.at, 0.7, noise) if rng.chance(0.65) else ""
            ship = o.ship_to
            out.writerow(
                (
                    o.order_id,
                    stamp(o.at, "%Y-%m-%d %H:%M:%S"),
                    o.user_id,
                    email,
                    full_name(rng, p, noise, o.at, _SHOP_NAMES, row, self_typed=True),
                    phone,
                    finish(rng, written_line(rng, ship, 0.5), noise, row),
                    written_postcode(rng, ship, 0.1),
                    finish(rng, written_city(rng, ship.city, 0.15), noise, row),
                    country_text(rng, ship.country, 0.85),
                    o.amount,
                    o.currency,
                    o.status,
                    str(o.items),
                    rng.pick(_CODES),
                )
            )
            truth.record("shop", o.order_id, p)


def write_tickets(
    path: Path, people: list[Person], orders: list[Order], rng: Rng, truth: Truth
) -> None:
    """Help-desk tickets, numbered in the order they were opened."""
    noise = profiles.TICKETS
    by_person: dict[int, list[Order]] = {}
    for o in orders:
        by_person.setdefault(o.person.index, []).append(o)
    drafts: list[tuple[int, int, Person]] = []
    for p in people:
        for _ in range(p.tickets):
            drafts.append((epoch_between(rng, WINDOW_START, WINDOW_END), p.index, p))
    drafts.sort(key=lambda d: (d[0], d[1]))
    with path.open("w", encoding="utf-8", newline="") as fh:
        out = csv.writer(fh, lineterminator="\n")
        out.writerow(TICKET_COLUMNS)
        for n, (at, _, p) in enumerate(drafts):
            ticket_id = str(48_213 + n)
            row, channel = row_style(rng, noise), _CHANNELS.draw(rng)
            earlier = [o for o in by_person.get(p.index, ()) if o.at <= at]
            subject = _subject(rng, p, earlier[-1] if earlier and rng.chance(0.55) else None)
            address = p.work_email if p.work_email and rng.chance(0.12) else p.email_at(at)
            email = ""
            if address and not (channel == "phone" and rng.chance(0.4)) and rng.chance(0.95):
                email = email_text(rng, address, noise, row)
                note_email(truth, p, email)
            else:
                email = missing(rng, noise)
            phone = missing(rng, noise)
            if p.uses_landline and rng.chance(0.25):
                phone = phone_text(rng, p.country, p.landline, 0.5, noise)
                if phone_digits_match(phone, p.landline):
                    truth.landlines[f"{p.country}:{p.landline}"].add(p.index)
            elif rng.chance(0.8 if channel == "phone" else 0.35):
                phone = person_phone(rng, p, at, 0.5, noise) or phone
            created = (
                stamp(at, "%m/%d/%Y %H:%M") if rng.chance(0.7) else stamp(at, "%Y-%m-%dT%H:%M:%SZ")
            )
            out.writerow(
                (
                    ticket_id,
                    created,
                    full_name(rng, p, noise, at, _TICKET_NAMES, row),
                    email,
                    phone,
                    subject,
                    channel,
                    _TICKET_STATUS.draw(rng),
                    rng.pick(("low", "normal", "normal", "high")),
                    rng.pick(_AGENTS),
                )
            )
            truth.record("tickets", ticket_id, p)


def _subject(rng: Rng, p: Person, order: Order | None) -> str:
    language = _LANGUAGE.get(p.culture, "EN") if rng.chance(0.8) else "EN"
    if order is None:
        return rng.pick(_OTHER_SUBJECTS[language])
    number = order.order_id
    written = rng.pick(
        (number, number, f"#{number}", number.lower(), number[2:], f"SO-{number[2:]}")
    )
    return rng.pick(_ORDER_SUBJECTS[language]).format(o=written)
