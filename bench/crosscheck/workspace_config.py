"""The generated ``tessera.yaml``: each source mapped the way a new user would map it.

Every column goes to the canonical target its header names (``Contact ID`` is the CRM's id,
so it is also the ``crm_id`` identifier); nothing is tuned to help identity resolution. Each
source that writes national phone numbers gets the one default country its owner would
choose, although its rows come from seven countries. Columns without a target today stay
unmapped and are kept as attributes: the order numbers quoted in ticket subjects and sent as
``properties.order_id`` by the web tracking, the page ``name``, ``context.locale``.
"""

from __future__ import annotations

from typing import Any

import yaml

CRM_PATH = "data/crm_contacts.csv"
CRM_MAPPING = {
    "Contact ID": "crm_id",
    "First Name": "given_name",
    "Last Name": "family_name",
    "Email": "email",
    "Mobile": "phone",
    "Phone": "phone",
    "Birthdate": "birth_date",
    "Gender": "gender",
    "Street": "address_line1",
    "Zip": "postcode",
    "City": "city",
    "Country": "country",
    "Loyalty Card": "loyalty_card",
    "Last Modified Date": "timestamp",
}


def crm_source(path: str = CRM_PATH, columns: list[str] | None = None) -> dict[str, Any]:
    """The CRM export's source entry (``columns``: the columns the file has, when fewer)."""
    mapping = {c: t for c, t in CRM_MAPPING.items() if columns is None or c in columns}
    return {
        "kind": "person",
        "format": "csv",
        "path": path,
        "id": "Contact ID",
        "country": "IT",
        "date_formats": ["%d/%m/%Y", "%d.%m.%Y"],
        "mapping": mapping,
    }


def crosscheck_sources() -> dict[str, dict[str, Any]]:
    """Every source of the crosscheck workspace, by name."""
    return {
        "crm": crm_source(),
        "shop": {
            "kind": "event",
            "format": "csv",
            "path": "data/shop_orders.csv",
            "id": "order_id",
            "event_type": "order",
            "country": "PT",
            "date_formats": ["%Y-%m-%d %H:%M:%S"],
            "mapping": {
                "customer_id": "user_id",
                "customer_email": "email",
                "customer_name": "full_name",
                "phone": "phone",
                "shipping_address": "address_line1",
                "shipping_postcode": "postcode",
                "shipping_city": "city",
                "shipping_country": "country",
                "order_date": "timestamp",
                "total": "amount",
                "currency": "currency",
                "status": "status",
            },
        },
        "tickets": {
            "kind": "event",
            "format": "csv",
            "path": "data/helpdesk_tickets.csv",
            "id": "Ticket ID",
            "event_type": "ticket",
            "country": "IT",
            "date_formats": ["%m/%d/%Y %H:%M"],
            "mapping": {
                "Requester": "full_name",
                "Requester email": "email",
                "Requester phone": "phone",
                "Subject": "subject",
                "Channel": "channel",
                "Status": "status",
                "Created at": "timestamp",
            },
        },
        "fair": {
            "kind": "person",
            "format": "excel",
            "path": "data/trade_fair_leads.xlsx",
            "sheet": "Leads",
            "id": "Lead #",
            "country": "IT",
            "date_formats": ["%d/%m/%y", "%d/%m/%Y"],
            "mapping": {
                "Full name": "full_name",
                "Company": "company",
                "Job title": "job_title",
                "E-mail": "email",
                "Phone": "phone",
                "Birth date": "birth_date",
                "City": "city",
                "Country": "country",
                "Scanned": "timestamp",
            },
        },
        "loyalty": {
            "kind": "person",
            "format": "json",
            "path": "data/loyalty_members.json",
            "id": "card_number",
            "mapping": {
                "card_number": "loyalty_card",
                "name": "full_name",
                "email": "email",
                "phone": "phone",
                "birth_date": "birth_date",
                "gender": "gender",
                "address.street": "address_line1",
                "address.postcode": "postcode",
                "address.city": "city",
                "address.country": "country",
                "updated_at": "timestamp",
            },
        },
        "web": {
            "kind": "event",
            "format": "ndjson",
            "path": "data/web_events.ndjson",
            "id": "messageId",
            "mapping": {
                "type": "event_type",
                "event": "event_name",
                "userId": "user_id",
                "anonymousId": "anonymous_id",
                "context.device.id": "device_id",
                "traits.email": "email",
                "context.traits.email": "email",
                "traits.firstName": "given_name",
                "traits.lastName": "family_name",
                "traits.phone": "phone",
                "timestamp": "timestamp",
                "properties.url": "url",
                "properties.revenue": "amount",
                "properties.currency": "currency",
            },
        },
    }


_NOTES = {
    "crm": "The CRM export: international contacts, national phone numbers, DD/MM/YYYY "
    "birth dates (some ISO or DD.MM.YYYY); people who registered again have two contacts.",
    "shop": "Web-shop orders, one row per order; customer_id is the web account (userId); "
    "guests have none. The shop is run from Lisbon.",
    "tickets": "Help-desk tickets (US-made tool: MM/DD/YYYY dates). Subjects often quote an "
    "order number, which has no mapping target.",
    "fair": "Leads typed by hand at trade fairs in Milan (one rep is American).",
    "loyalty": "Loyalty members: a JSON array, the address nested; phones from the app's "
    "country selector.",
    "web": "Web and app events in Segment's format; properties.order_id and context.locale "
    "stay unmapped (kept as attributes).",
}


def workspace_yaml(persons: int, seed: int) -> str:
    """The complete ``tessera.yaml`` of a crosscheck workspace."""
    lines = [
        "# tessera.yaml -- a crosscheck workspace (bench/crosscheck, written independently of",
        f"# tessera.demo): {persons} people, seed {seed}. truth/ holds who is who.",
        "",
        "name: crosscheck",
        "storage:",
        "  engine: duckdb",
        "  path: tessera.duckdb",
        "sources:",
    ]
    for name, source in crosscheck_sources().items():
        lines.append(f"  # {_NOTES[name]}")
        body = yaml.safe_dump({name: source}, allow_unicode=True, sort_keys=False, width=100)
        lines.extend("  " + line for line in body.splitlines())
    return "\n".join(lines) + "\n"
