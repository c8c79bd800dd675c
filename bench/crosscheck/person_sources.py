"""The three person sources: the CRM export (CSV), trade-fair leads (Excel) and loyalty
members (JSON).

The CRM is international but exported with one default country in mind: phone numbers of
each person's own country are written nationally (``380 1356652``, ``(11) 96413-0008``), so
only the ``Country`` column says how to read them. Customers who forgot their login register
again: a new contact with a new e-mail, a slip in the name, the current address. Fair leads
are typed by hand from badges and business cards by several reps, one of them American.
"""

from __future__ import annotations

import calendar
import csv
import datetime as dt
from pathlib import Path

import orjson
from bench.crosscheck import profiles
from bench.crosscheck.addresses import written_city, written_line, written_postcode
from bench.crosscheck.contacts import slug
from bench.crosscheck.mail import EMAIL_DOMAINS
from bench.crosscheck.population import WINDOW_END, Person, epoch_between
from bench.crosscheck.rand import Rng, Weighted
from bench.crosscheck.render import (
    Noise,
    RowStyle,
    country_text,
    date_text,
    email_text,
    family_text,
    finish,
    full_name,
    given_text,
    junk_email,
    junk_phone,
    missing,
    ocr,
    phone_text,
    row_style,
    swapped,
    typo,
)
from bench.crosscheck.truth import Truth

CRM_COLUMNS = (
    "Contact ID",
    "First Name",
    "Last Name",
    "Email",
    "Mobile",
    "Phone",
    "Birthdate",
    "Gender",
    "Street",
    "Zip",
    "City",
    "Country",
    "Loyalty Card",
    "Created Date",
    "Last Modified Date",
    "Marketing Opt-in",
)
FAIR_COLUMNS = (
    "Lead #",
    "Full name",
    "Company",
    "Job title",
    "E-mail",
    "Phone",
    "Birth date",
    "City",
    "Country",
    "Rep",
    "Scanned",
    "Notes",
)
_CRM_START = calendar.timegm((2015, 1, 1, 0, 0, 0))
_ALNUM = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
_CRM_DATES = Weighted([("dmy/", 85), ("iso", 10), ("dmy.", 5)])
_FAIR_NAMES = Weighted([("gf", 52), ("FG", 20), ("f,g", 12), ("i.f", 8), ("tf", 5), ("tgf", 3)])
_LOYALTY_NAMES = Weighted([("gf", 65), ("FG", 35)])
#: Trade fairs the leads were collected at (Milan), with the reps who typed them in.
_FAIRS = (
    (calendar.timegm((2023, 10, 12, 9, 0, 0)), 4),
    (calendar.timegm((2024, 4, 10, 9, 0, 0)), 4),
    (calendar.timegm((2025, 3, 5, 9, 0, 0)), 4),
)
_REPS = Weighted(
    [("Giulia B.", 30), ("Marco T.", 25), ("Ana P.", 15), ("Kasia W.", 15), ("Mike R.", 15)]
)
_NOTES = (
    "",
    "",
    "",
    "interested in catalogue",
    "call back",
    "send price list",
    "VIP",
    "richiamare",
    "wants demo",
    "met at stand B12",
    "n/a",
)
_TIERS = Weighted([("basic", 60), ("silver", 25), ("gold", 12), ("platinum", 3)])


def stamp(t: int, fmt: str = "%d/%m/%Y %H:%M") -> str:
    """An epoch second in the given strftime format (UTC)."""
    return dt.datetime.fromtimestamp(t, dt.UTC).strftime(fmt)


def person_phone(rng: Rng, p: Person, when: int, national: float, noise: Noise) -> str:
    """The person's mobile as a source writes it ('' when they have none)."""
    nsn = p.mobile_at(when)
    if not nsn:
        return ""
    if rng.chance(noise.junk):
        return junk_phone(rng)
    local = p.mobile_country == p.country
    return phone_text(rng, p.mobile_country, nsn, national if local else national * 0.3, noise)


def phone_digits_match(text: str, nsn: str) -> bool:
    """Whether a written phone still carries the number (no typo in its last digits)."""
    digits = "".join(ch for ch in text if ch.isdigit())
    return digits.endswith(nsn.lstrip("0")[-8:])


def mailbox(text: str) -> str:
    """The mailbox an e-mail reaches (case, spaces, gmail dots and +tags ignored)."""
    local, _, domain = text.strip().lower().partition("@")
    local = local.split("+")[0]
    if domain in ("gmail.com", "googlemail.com"):
        local, domain = local.replace(".", ""), "gmail.com"
    return f"{local}@{domain}"


def note_email(truth: Truth, p: Person, written: str) -> None:
    """Record that ``p``'s record carries ``written`` (for the shared e-mail trap)."""
    if written and p.partner is not None and p.email and mailbox(written) == mailbox(p.email):
        truth.emails[mailbox(p.email)].add(p.index)


def fresh_email(rng: Rng, p: Person) -> str:
    """A new mailbox opened to register again."""
    domain = EMAIL_DOMAINS[p.country].draw(rng)
    return (
        f"{slug(p.own_given.split()[0])}{slug(p.own_family)[:10]}{rng.between(100, 999)}@{domain}"
    )


class CrmWriter:
    """Rows of the CRM export (also the labelled person file, with other rates)."""

    def __init__(
        self, rng: Rng, noise: Noise, *, email: bool = True, phone: bool = True, dob: bool = True
    ) -> None:
        self.rng, self.noise = rng, noise
        self.email, self.phone, self.dob = email, phone, dob
        self.ids: set[str] = set()
        self.columns = [
            c
            for c in CRM_COLUMNS
            if (email or c != "Email")
            and (phone or c not in ("Mobile", "Phone"))
            and (dob or c != "Birthdate")
        ]

    def contact_id(self) -> str:
        while True:
            cid = "003Q0" + "".join(self.rng.pick(_ALNUM) for _ in range(10))
            if cid not in self.ids:
                self.ids.add(cid)
                return cid

    def rows(self, p: Person, truth: Truth | None) -> list[tuple[int, list[str]]]:
        """The person's contacts: (created, row) for each registration."""
        rng, out = self.rng, []
        created = epoch_between(rng, _CRM_START, WINDOW_END - 86400 * 60)
        for k in range(max(1, p.crm)):
            if k:
                created = epoch_between(rng, created + 86400 * 20, created + 86400 * 700)
                created = min(created, WINDOW_END - 86400)
            last = k == max(1, p.crm) - 1
            modified = (
                epoch_between(rng, created, WINDOW_END)
                if last
                else created + rng.between(0, 86400 * 30)
            )
            cid = self.contact_id()
            out.append((created, self.row(p, k, cid, created, modified, truth)))
            if truth is not None:
                truth.registrations[p.index].add(cid)
        return out

    def row(
        self, p: Person, k: int, cid: str, created: int, when: int, truth: Truth | None
    ) -> list[str]:
        rng, noise = self.rng, self.noise
        row = row_style(rng, noise)
        given = finish(rng, given_text(rng, p, noise), noise, row)
        family = finish(rng, family_text(rng, p, noise, when), noise, row)
        if k and rng.chance(0.5):
            # registering again, the name is typed again
            if rng.chance(0.5):
                given = typo(rng, given)
            else:
                family = typo(rng, family)
        if rng.chance(noise.swap):
            given, family = family, given
        email = ""
        if self.email:
            address = p.email_at(when)
            if k:
                address = fresh_email(rng, p) if rng.chance(0.7) else address
            elif p.work_email and rng.chance(0.1):
                address = p.work_email
            if rng.chance(noise.junk):
                email = junk_email(rng)
            elif address and not rng.chance(0.08):
                email = email_text(rng, address, noise, row)
                if truth is not None and not k:
                    note_email(truth, p, email)
            else:
                email = missing(rng, noise)
        mobile = landline = ""
        if self.phone:
            mobile = person_phone(rng, p, when, 0.85, noise)
            if not mobile or rng.chance(0.1) or (k and rng.chance(0.3)):
                mobile = missing(rng, noise)
            if p.uses_landline:
                landline = phone_text(rng, p.country, p.landline, 0.9, noise)
                if truth is not None and phone_digits_match(landline, p.landline):
                    truth.landlines[f"{p.country}:{p.landline}"].add(p.index)
        birth = ""
        if self.dob:
            if rng.chance(0.15):
                birth = missing(rng, noise)
            else:
                birth = date_text(swapped(rng, p.birth, noise.date_swap), _CRM_DATES.draw(rng))
        gender = p.gender if rng.chance(0.8) else missing(rng, noise)
        home = p.address_at(when)
        street = finish(rng, written_line(rng, home, 0.7), noise, row) if rng.chance(0.95) else ""
        zip_code = written_postcode(rng, home, 0.15) if rng.chance(0.95) else ""
        city = (
            finish(rng, written_city(rng, home.city, 0.1), noise, row) if rng.chance(0.97) else ""
        )
        country = country_text(rng, home.country, 0.2) if rng.chance(0.95) else ""
        if row.upper:
            country = country.upper()
        card = ""
        if p.cards and rng.chance(0.4):
            card = p.cards[-1]
            card = (
                ocr(rng, card)
                if rng.chance(0.01)
                else typo(rng, card)
                if rng.chance(0.005)
                else card
            )
        values = {
            "Contact ID": cid,
            "First Name": given,
            "Last Name": family,
            "Email": email,
            "Mobile": mobile,
            "Phone": landline,
            "Birthdate": birth,
            "Gender": gender,
            "Street": street,
            "Zip": zip_code,
            "City": city,
            "Country": country,
            "Loyalty Card": card,
            "Created Date": stamp(created),
            "Last Modified Date": stamp(when),
            "Marketing Opt-in": rng.pick(("Yes", "No", "")),
        }
        return [values[c] for c in self.columns]


def write_crm(
    path: Path,
    people: list[Person],
    rng: Rng,
    truth: Truth,
    source: str = "crm",
    noise: Noise = profiles.CRM,
    **columns: bool,
) -> None:
    """The CRM export: a contact per registration, in the order they were created."""
    writer = CrmWriter(rng, noise, **columns)
    rows: list[tuple[int, str, list[str], Person]] = []
    for p in people:
        if p.crm:
            for created, row in writer.rows(p, truth):
                rows.append((created, row[0], row, p))
    rows.sort(key=lambda r: (r[0], r[1]))
    with path.open("w", encoding="utf-8", newline="") as fh:
        out = csv.writer(fh, lineterminator="\n")
        out.writerow(writer.columns)
        for _, cid, row, p in rows:
            out.writerow(row)
            truth.record(source, cid, p)


def write_fair(path: Path, people: list[Person], rng: Rng, truth: Truth) -> None:
    """Trade-fair leads in an Excel sheet 'Leads', typed by hand."""
    import xlsxwriter

    noise = profiles.FAIR
    leads: list[tuple[int, Person]] = []
    for p in people:
        for _ in range(p.fair):
            start, days = rng.pick(_FAIRS)
            leads.append((start + rng.between(0, days - 1) * 86400 + rng.between(0, 9 * 3600), p))
    leads.sort(key=lambda lead: (lead[0], lead[1].index))
    book = xlsxwriter.Workbook(str(path), {"constant_memory": True, "strings_to_numbers": False})
    book.set_properties({"created": dt.datetime(2025, 7, 1)})  # a fixed date: same bytes per seed
    sheet = book.add_worksheet("Leads")
    when_format = book.add_format({"num_format": "dd/mm/yyyy hh:mm"})
    date_format = book.add_format({"num_format": "dd/mm/yyyy"})
    sheet.write_row(0, 0, FAIR_COLUMNS)
    for n, (at, p) in enumerate(leads, start=1):
        lead_id = str(1000 + n)
        row = row_style(rng, noise)
        rep = _REPS.draw(rng)
        values = _fair_values(rng, p, at, row, rep, noise, truth)
        sheet.write_string(n, 0, lead_id)
        for col, value in enumerate(values, start=1):
            if isinstance(value, int):
                sheet.write_number(n, col, value)  # a phone typed into a number cell
            elif isinstance(value, dt.date):
                sheet.write_datetime(
                    n, col, dt.datetime(value.year, value.month, value.day), date_format
                )
            elif value:
                sheet.write_string(n, col, value)
        sheet.write_string(n, 9, rep)
        sheet.write_datetime(
            n, 10, dt.datetime.fromtimestamp(at, dt.UTC).replace(tzinfo=None), when_format
        )
        sheet.write_string(n, 11, rng.pick(_NOTES))
        truth.record("fair", lead_id, p)
    book.close()


def _fair_values(
    rng: Rng, p: Person, at: int, row: RowStyle, rep: str, noise: Noise, truth: Truth
) -> list[str | int | dt.date]:
    name = full_name(rng, p, noise, at, _FAIR_NAMES, row)
    company = finish(rng, p.company, noise, row) if p.company else ""
    if not company and rng.chance(0.3):
        company = missing(rng, noise)  # a visitor who wrote 'n/a' in the company box
    job = p.job if p.job and rng.chance(0.8) else missing(rng, noise)
    address = p.work_email if p.work_email and rng.chance(0.5) else p.email_at(at)
    email = ""
    if rng.chance(noise.junk):
        email = junk_email(rng)
    elif address and rng.chance(0.9):
        email = email_text(rng, address, noise, row)
        note_email(truth, p, email)
    else:
        email = missing(rng, noise)
    phone: str | int = missing(rng, noise)
    if p.uses_landline and rng.chance(0.3):
        phone = phone_text(rng, p.country, p.landline, 0.6, noise)
        if phone_digits_match(phone, p.landline):
            truth.landlines[f"{p.country}:{p.landline}"].add(p.index)
    elif rng.chance(0.8):
        phone = person_phone(rng, p, at, 0.5, noise) or missing(rng, noise)
    if isinstance(phone, str) and rng.chance(0.05):
        digits = "".join(ch for ch in phone if ch.isdigit())
        if 6 <= len(digits) <= 15:
            phone = int(digits)  # Excel dropped the leading 0 or 00
    birth: str | dt.date = missing(rng, noise)
    if rng.chance(0.45):
        d = swapped(rng, p.birth, noise.date_swap)
        if rep == "Mike R.":
            birth = date_text(d, "mdy/")
        elif rng.chance(0.1):
            birth = d  # a date cell
        else:
            birth = date_text(d, "dmyy/" if rng.chance(0.85) else "dmy/")
    home = p.address_at(at)
    city = finish(rng, written_city(rng, home.city, 0.2), noise, row) if rng.chance(0.85) else ""
    country = country_text(rng, home.country, 0.3) if rng.chance(0.8) else missing(rng, noise)
    return [name, company, job, email, phone, birth, city, country]


def write_loyalty(path: Path, people: list[Person], rng: Rng, truth: Truth) -> None:
    """Loyalty members: a JSON array, one object per card, the address nested."""
    noise = profiles.LOYALTY
    members: list[tuple[int, str, Person, int]] = []
    for p in people:
        joined = epoch_between(rng, _CRM_START, WINDOW_END - 86400 * 30)
        for k, card in enumerate(p.cards):
            members.append((joined, card, p, k))
            joined = epoch_between(rng, joined, WINDOW_END)
    members.sort(key=lambda m: (m[0], m[1]))
    with path.open("wb") as fh:
        fh.write(b"[\n")
        for n, (joined, card, p, _) in enumerate(members):
            updated = epoch_between(rng, joined, WINDOW_END)
            obj = _member(rng, p, card, joined, updated, noise, truth)
            fh.write((b",\n" if n else b"") + orjson.dumps(obj))
            truth.record("loyalty", card, p)
        fh.write(b"\n]\n")


def _member(
    rng: Rng, p: Person, card: str, joined: int, updated: int, noise: Noise, truth: Truth
) -> dict[str, object]:
    row = row_style(rng, noise)
    style = _LOYALTY_NAMES if p.index % 3 else Weighted([("FG", 1)])
    email: str | None = None
    if rng.chance(noise.junk):
        email = junk_email(rng)
    elif p.email_at(updated) and rng.chance(0.96):
        email = email_text(rng, p.email_at(updated), noise, row)
        note_email(truth, p, email)
    phone: str | None = None
    if p.mobile_at(updated) and rng.chance(0.92):
        # the app's form has a country selector: mostly international, some typed nationally
        phone = person_phone(rng, p, updated, 0.15, noise)
    home = p.address_at(updated)
    address: dict[str, object] = {
        "street": finish(rng, written_line(rng, home, 0.8), noise, row),
        "postcode": written_postcode(rng, home, 0.1),
        "city": written_city(rng, home.city, 0.05),
    }
    if rng.chance(0.85):
        address["country"] = home.country
    gender = rng.pick(("female", "F", "f")) if p.gender == "F" else rng.pick(("male", "M", "m"))
    return {
        "card_number": card,
        "name": full_name(rng, p, noise, updated, style, row),
        "email": email,
        "phone": phone,
        "birth_date": swapped(rng, p.birth, 0.003).isoformat() if rng.chance(0.92) else None,
        "gender": gender if rng.chance(0.9) else None,
        "address": address,
        "tier": _TIERS.draw(rng),
        "points": int(rng.expovariate(1 / 800)),
        "joined_at": stamp(joined, "%Y-%m-%dT%H:%M:%SZ"),
        "updated_at": stamp(updated, "%Y-%m-%dT%H:%M:%SZ"),
    }
