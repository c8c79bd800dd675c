"""Person sources: the Italian CRM export, the loyalty JSON and the trade-fair spreadsheet."""

from __future__ import annotations

import json
import random
from datetime import date, datetime
from pathlib import Path
from typing import Any

import xlsxwriter

from tessera.demo.noise import (
    JUNK_EMAILS,
    JUNK_PHONES,
    email_variant,
    maybe,
    name_variant,
    phone_text,
    strip_accents,
    swap_day_month,
)
from tessera.demo.people import NOW, Person, rand_time
from tessera.demo.pools import COUNTRY_NAMES, DIAL, international, national
from tessera.demo.writers import Truth, csv_writer

CRM_COLUMNS = ["ID Contatto", "Nome", "Cognome", "E-mail", "Cellulare", "Data di nascita",
               "Sesso", "Indirizzo", "CAP", "Città", "Paese", "Azienda", "Ruolo",
               "Consenso marketing", "Aggiornato il"]  # fmt: skip
FAIR_COLUMNS = ["Lp.", "Imię", "Nazwisko", "Firma", "Stanowisko", "E-mail", "Telefon", "Miasto",
                "Kraj", "Data", "Uwagi"]  # fmt: skip
FAIR_DAYS = (date(2025, 5, 13), date(2025, 5, 14), date(2025, 5, 15),
             date(2026, 5, 12), date(2026, 5, 13), date(2026, 5, 14))  # fmt: skip
_FAIR_NOTES = ("", "", "", "zainteresowany ofertą", "prośba o katalog", "oddzwonić",
               "VIP", "wysłać cennik", "spotkanie po targach")  # fmt: skip
_TYPED_DATES = ("%d.%m.%Y", "%d.%m.%Y", "%d/%m/%Y", "%Y-%m-%d")
_TIERS = ("bronze", "bronze", "bronze", "silver", "silver", "gold")


def crm_row(
    rng: random.Random, p: Person, when: datetime, crm_id: str, *, older: bool = False
) -> list[str]:
    """One CRM contact row for ``p`` as it was last updated at ``when``."""
    k = 0.0 if p.reserved else 1.0
    boost = 3.0 if older else 1.0
    given = name_variant(rng, p.given, nickname=0.04 * boost * k, accents=0.04 * boost * k,
                         slip=0.012 * boost * k)  # fmt: skip
    family = name_variant(rng, p.family, accents=0.04 * boost * k, slip=0.012 * boost * k)
    if rng.random() < 0.02 * k:
        family = family.upper()
    if p.junk_email:
        email = p.junk_email
    elif rng.random() < 0.005 * k:
        email = rng.choice(JUNK_EMAILS)
    elif older and p.work_email and not p.reserved and rng.random() < 0.3:
        email = p.work_email
    else:
        email = maybe(rng, email_variant(rng, p.email, gmail=0.04 * boost * k), 0.06 * k)
    phone = maybe(rng, phone_text(rng, p.country, p.phone_at(when), "IT"), 0.1 * k)
    if rng.random() < 0.004 * k:
        phone = rng.choice(JUNK_PHONES)
    birth = swap_day_month(p.birth) if rng.random() < 0.015 * k else p.birth
    street, postcode, city = p.home_at(when)
    if rng.random() < 0.07 * k:
        street = postcode = city = ""
    country = COUNTRY_NAMES["it"][p.country]
    if p.country == "IT" and rng.random() < 0.15:
        country = rng.choice(("", "IT", "ITALIA"))
    has_job = p.company and rng.random() < 0.8
    return [
        crm_id, given, family, email, phone,
        maybe(rng, f"{birth.day:02d}/{birth.month:02d}/{birth.year}", 0.12 * k),
        maybe(rng, p.gender, 0.15),
        street, postcode, city, country,
        p.company if has_job else "", p.job if has_job else "",
        rng.choice(("Sì", "Sì", "No", "")),
        f"{when.day:02d}/{when.month:02d}/{when.year} {when.hour:02d}:{when.minute:02d}",
    ]  # fmt: skip


def write_crm(path: Path, people: list[Person], rng: random.Random, truth: Truth) -> int:
    """``data/crm_contacts.csv``: one or two contacts per CRM person, ``;``-separated."""
    later: list[tuple[Person, datetime, bool]] = []
    n = 0
    with path.open("w", encoding="utf-8", newline="") as fh:
        out = csv_writer(fh, ";")
        out.writerow(CRM_COLUMNS)
        for p in people:
            times = sorted(p.crm_times)
            for i, when in enumerate(times):
                if i == 0 and len(times) > 1 and rng.random() < 0.5:
                    later.append((p, when, True))
                    continue
                if i > 0 and len(times) > 1:
                    later.append((p, when, False))
                    continue
                n += 1
                cid = f"C{n + 100000:07d}"
                out.writerow(crm_row(rng, p, when, cid, older=len(times) > 1))
                truth.add("crm", cid, p.person_id)
        for p, when, older in later:
            n += 1
            cid = f"C{n + 100000:07d}"
            out.writerow(crm_row(rng, p, when, cid, older=older))
            truth.add("crm", cid, p.person_id)
    return n


def _loyalty_member(rng: random.Random, p: Person, card: str, old: bool) -> dict[str, Any]:
    k = 0.0 if p.reserved else 1.0
    since = rand_time(rng, datetime(2017, 1, 1), datetime(2025, 6, 1))
    updated = rand_time(rng, since, datetime(2025, 1, 1) if old else NOW)
    given = name_variant(rng, p.given, nickname=0.05 * k, accents=0.05 * k, slip=0.01 * k)
    family = name_variant(rng, p.family, accents=0.05 * k, slip=0.01 * k)
    birth = swap_day_month(p.birth) if rng.random() < 0.01 * k else p.birth
    street, postcode, city = p.home_at(updated)
    phone = p.phone_at(updated)
    r = rng.random()
    return {
        "card_number": card,
        "name": f"{given} {family}",
        "email": None if rng.random() < 0.04 * k else email_variant(rng, p.email, pad=0.0),
        "phone": None if r < 0.08 * k else international(p.country, phone, 1 if r < 0.3 else 0),
        "birth_date": None if rng.random() < 0.05 * k else birth.isoformat(),
        "address": {"street": street, "postcode": postcode, "city": city, "country": p.country},
        "tier": rng.choice(_TIERS),
        "points": rng.randint(0, 12000),
        "member_since": since.date().isoformat(),
        "updated_at": updated.strftime("%Y-%m-%dT%H:%M:%SZ"),
    }


def write_loyalty(path: Path, people: list[Person], rng: random.Random, truth: Truth) -> int:
    """``data/loyalty_members.json``: a JSON array of members with a nested address."""
    later: list[Person] = []
    n = 0
    with path.open("w", encoding="utf-8", newline="\n") as fh:
        fh.write("[")

        def emit(p: Person, old: bool) -> None:
            nonlocal n
            n += 1
            card = f"29{n + 4_700_000:011d}"
            member = _loyalty_member(rng, p, card, old)
            fh.write(("\n" if n == 1 else ",\n") + json.dumps(member, ensure_ascii=False))
            truth.add("loyalty", card, p.person_id)

        for p in people:
            if p.loyalty:
                emit(p, p.loyalty > 1)
                later.extend([p] * (p.loyalty - 1))
        for p in later:
            emit(p, False)
        fh.write("\n]\n")
    return n


def _fair_phone(rng: random.Random, p: Person) -> str | int:
    r = rng.random()
    if r < 0.08:
        return rng.choice(("n/a", "-", "brak", ""))
    if p.country == "PL":
        if r < 0.3:
            return int(p.phone)  # typed as a number
        if r < 0.5:
            return "tel. " + national(rng, "PL", p.phone)
        if r < 0.8:
            return national(rng, "PL", p.phone)
        return international("PL", p.phone, rng.randint(0, 2))
    if r < 0.15:
        return f"+{DIAL[p.country]} ({p.phone[:3]}) {p.phone[3:]}"
    return international(p.country, p.phone, rng.randint(0, 2))


def _fair_row(rng: random.Random, p: Person, day: date) -> list[Any]:
    given, family = name_variant(rng, p.given, nickname=0.1, slip=0.02), p.family
    if rng.random() < 0.08:
        family = name_variant(rng, family, slip=1.0)
    r = rng.random()
    if r < 0.15:
        given, family = given.upper(), family.upper()
    elif r < 0.2:
        given, family = given.lower(), family.lower()
    r = rng.random()
    if r < 0.03:
        email = "test@test.com"
    elif r < 0.1:
        email = rng.choice(("n/a", "-", ""))
    else:
        email = p.work_email if (p.work_email and r < 0.45) else p.email
        email = email_variant(rng, email, case=0.06, pad=0.12, gmail=0.0)
    city = p.city if rng.random() < 0.8 else strip_accents(p.city).upper()
    kraj = COUNTRY_NAMES["pl"][p.country]
    if rng.random() < 0.2:
        kraj = rng.choice((p.country, kraj.lower(), COUNTRY_NAMES["en"][p.country], "-"))
    company = p.company.upper() if rng.random() < 0.1 else p.company
    return [0, given, family, company, maybe(rng, p.job, 0.15, "-"), email,
            _fair_phone(rng, p), maybe(rng, city, 0.05, "n/a"), kraj, day,
            rng.choice(_FAIR_NOTES)]  # fmt: skip


def write_fair(path: Path, people: list[Person], rng: random.Random, truth: Truth) -> int:
    """``data/trade_fair.xlsx``: hand-typed leads on sheet ``Leads`` with Polish headers."""
    rows: list[tuple[date, float, str, list[Any]]] = []
    for p in people:
        editions = rng.sample((0, 1), k=min(2, p.fair))
        for edition in editions:
            day = FAIR_DAYS[edition * 3 + rng.randrange(3)]
            rows.append((day, rng.random(), p.person_id, _fair_row(rng, p, day)))
    rows.sort()
    workbook = xlsxwriter.Workbook(str(path), {"strings_to_numbers": False})
    workbook.set_properties({"title": "Targi - leady", "author": "stoisko",
                             "created": datetime(2026, 5, 15, 18, 0)})  # fmt: skip
    sheet = workbook.add_worksheet("Leads")
    bold = workbook.add_format({"bold": True})
    as_date = workbook.add_format({"num_format": "dd.mm.yyyy"})
    sheet.write_row(0, 0, FAIR_COLUMNS, bold)
    for i, (_, _, person_id, row) in enumerate(rows, 1):
        row[0] = i
        for col, value in enumerate(row):
            if isinstance(value, date):
                if rng.random() < 0.6:
                    stamp = datetime(value.year, value.month, value.day)
                    sheet.write_datetime(i, col, stamp, as_date)
                else:
                    sheet.write_string(i, col, value.strftime(rng.choice(_TYPED_DATES)))
            elif isinstance(value, int):
                sheet.write_number(i, col, value)
            else:
                sheet.write_string(i, col, value)
        truth.add("fair", str(i), person_id)
    workbook.close()
    return len(rows)
