"""The demo workspace's ``tessera.yaml``: source entries as data, rendered as commented YAML."""

from __future__ import annotations

import json
import re
from typing import Any

CRM_PATH = "data/crm_contacts.csv"


def demo_person_source_config(path: str = CRM_PATH) -> dict[str, Any]:
    """The ``sources.crm`` entry of tessera.yaml that maps the CRM-like person CSV at ``path``."""
    return {
        "kind": "person",
        "format": "csv",
        "path": path,
        "delimiter": ";",
        "encoding": "utf-8",
        "id": "ID Contatto",
        "trust": 1,
        "country": "IT",
        "date_formats": ["%d/%m/%Y", "%d/%m/%Y %H:%M"],
        "mapping": {
            "Nome": "given_name",
            "Cognome": "family_name",
            "E-mail": "email",
            "Cellulare": "phone",
            "Data di nascita": "birth_date",
            "Sesso": "gender",
            "Indirizzo": "address_line1",
            "CAP": "postcode",
            "Città": "city",
            "Paese": "country",
            "Azienda": "company",
            "Ruolo": "job_title",
            "Consenso marketing": "attr:marketing_consent",
            "Aggiornato il": "timestamp",
        },
    }


def demo_sources() -> dict[str, dict[str, Any]]:
    """Every source of the demo workspace, by name, in tessera.yaml's order."""
    return {
        "crm": demo_person_source_config(),
        "loyalty": {
            "kind": "person", "format": "json", "path": "data/loyalty_members.json",
            "id": "card_number", "trust": 2, "date_formats": ["%Y-%m-%d"],
            "mapping": {
                "card_number": "loyalty_card", "name": "full_name", "email": "email",
                "phone": "phone", "birth_date": "birth_date", "address.street": "address_line1",
                "address.postcode": "postcode", "address.city": "city",
                "address.country": "country", "updated_at": "timestamp",
            },
        },
        "shop": {
            "kind": "event", "format": "csv", "path": "data/shop_orders.csv", "delimiter": ",",
            "id": "order_id", "trust": 3, "country": "IT", "event_type": "order",
            "date_formats": ["%Y-%m-%d %H:%M:%S"],
            "mapping": {
                "user_id": "user_id", "customer_email": "email", "phone": "phone",
                "customer_name": "full_name", "order_date": "timestamp",
                "order_status": "status", "total": "amount", "currency": "currency",
                "category": "category", "items": "items", "shipping_address": "address",
                "postcode": "postcode", "city": "city", "country": "country",
            },
        },
        "tickets": {
            "kind": "event", "format": "csv", "path": "data/support_tickets.csv",
            "delimiter": ",", "id": "Protocolo", "trust": 4, "country": "BR",
            "event_type": "ticket", "date_formats": ["%m/%d/%Y %H:%M"],
            "mapping": {
                "Cliente": "full_name", "E-mail do cliente": "email", "Telefone": "phone",
                "Canal": "channel", "Situação": "status", "Assunto": "subject",
                "Aberto em": "timestamp",
            },
        },
        "web": {
            "kind": "event", "format": "ndjson", "path": "data/web_events.ndjson",
            "id": "messageId", "trust": 5,
            "mapping": {
                "type": "event_type", "event": "event_name", "userId": "user_id",
                "anonymousId": "anonymous_id", "context.device.id": "device_id",
                "context.traits.email": "email", "context.traits.firstName": "given_name",
                "context.traits.lastName": "family_name", "timestamp": "timestamp",
                "properties.url": "url", "properties.revenue": "amount",
                "properties.currency": "currency", "properties.category": "category",
            },
        },
        "fair": {
            "kind": "person", "format": "excel", "path": "data/trade_fair.xlsx",
            "sheet": "Leads", "id": "Lp.", "trust": 6, "country": "PL",
            "date_formats": ["%d.%m.%Y", "%d/%m/%Y"],
            "mapping": {
                "Imię": "given_name", "Nazwisko": "family_name", "Firma": "company",
                "Stanowisko": "job_title", "E-mail": "email", "Telefon": "phone",
                "Miasto": "city", "Kraj": "country", "Data": "timestamp",
            },
        },
    }  # fmt: skip


_COMMENTS = {
    "crm": (
        "The sales CRM export (Italian headers, ';'-separated, dates as DD/MM/YYYY).",
        "Most trusted source. Italian mobiles are national; foreign ones carry +CC or 00CC.",
        "'Consenso marketing' is kept under another name with attr:; unmapped columns are",
        "kept as source attributes under their own name.",
    ),
    "loyalty": (
        "Loyalty-card members: a JSON array with a nested address object, read with JSON",
        "paths (address.city). Phones are international (+CC), so no default country.",
    ),
    "shop": (
        "Web-shop orders, one event per order (event_type: order). 'customer_name' is one",
        "column ('Rossi, Mario' happens); user_id is the shop account, shared with the web",
        "events. The shop is Italian: national numbers are read as Italian.",
    ),
    "tickets": (
        "Help-desk tickets exported by the Brazilian support team (Portuguese headers,",
        "US-style MM/DD/YYYY dates). Each ticket carries an e-mail or a phone or both.",
    ),
    "web": (
        "Web and app events in Segment's format, one JSON object per line. Anonymous page",
        "views carry only anonymousId (a cookie); identify calls tie it to userId and",
        "traits. App events carry context.device.id.",
    ),
    "fair": (
        "Leads typed by hand at a trade fair in Poznań (Polish headers, sheet 'Leads').",
        "Least trusted: 'n/a' and '-' for missing, junk e-mails, phones typed as numbers.",
    ),
}

_HEADER = """\
# tessera.yaml -- the Tessera demo workspace (generated by tessera.demo).
#
# Six sources describe the same people, who live in Italy, Brazil, Portugal, Poland,
# Iran, the UK and the US. truth/ holds the ground truth (who is who) so the
# resolution can be scored; truth/traps.csv lists the planted identity traps.

name: tessera-demo

# Where the workspace keeps its data: an embedded DuckDB file next to this one.
storage:
  engine: duckdb
  path: tessera.duckdb

# Workspace-wide defaults. No default country: each source that holds national phone
# numbers says which country they belong to (sources.*.country).
defaults:
  date_formats: ["%Y-%m-%d"]

# Each source: kind (person | event), format, path, id (the source's own record id),
# trust (1 = most trusted, used by survivorship) and mapping (source column or JSON path
# -> identifier namespace, person attribute, event field, or attr:NAME).
sources:
"""


_PLAIN = re.compile(r"[^\W\d_][^\"'#:{}\[\],&*!|>%@`]*(?<! )")
_YAML_WORDS = frozenset(("y", "n", "yes", "no", "true", "false", "on", "off", "null", "nan"))


def _scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, list):
        return "[" + ", ".join(_scalar(v) for v in value) + "]"
    text = str(value)
    if _PLAIN.fullmatch(text) and text.lower() not in _YAML_WORDS:
        return text
    return json.dumps(text, ensure_ascii=False)


def workspace_yaml() -> str:
    """The complete, commented tessera.yaml of the demo workspace."""
    lines = [_HEADER.rstrip("\n")]
    for name, source in demo_sources().items():
        lines.append("")
        lines.extend(f"  # {text}" for text in _COMMENTS[name])
        lines.append(f"  {name}:")
        for key, value in source.items():
            if key == "mapping":
                lines.append("    mapping:")
                lines.extend(f"      {_scalar(col)}: {_scalar(t)}" for col, t in value.items())
            else:
                lines.append(f"    {key}: {_scalar(value)}")
    return "\n".join(lines) + "\n"
