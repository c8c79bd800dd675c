"""E-mail addresses: a syntax-checked value to show and a looser key to match on."""

from __future__ import annotations

import re
from typing import NamedTuple

from email_validator import SPECIAL_USE_DOMAIN_NAMES, EmailNotValidError, validate_email

__all__ = ["EmailResult", "standardize_email"]


class EmailResult(NamedTuple):
    """The address as shown, the key identity matching compares, or why it was rejected."""

    value: str | None
    key: str | None
    error: str | None


# Syntax only: no DNS. globally_deliverable=True rejects dot-less domains ('mario@gmail'),
# a common typo; reserved names (.test, .local, localhost) are rejected either way, and
# example.com / test.com pass (they are left to the junk rules).
_GLOBALLY_DELIVERABLE = True
_MAILTO = re.compile(r"^mailto:", re.IGNORECASE)
_GMAIL = frozenset({"gmail.com", "googlemail.com"})
# Providers that deliver 'name+tag@' to 'name@'.
_PLUS_DOMAINS = frozenset(
    {
        "outlook.com",
        "live.com",
        "icloud.com",
        "me.com",
        "mac.com",
        "proton.me",
        "protonmail.com",
        "protonmail.ch",
        "pm.me",
    }
)
# Same, under any country TLD: hotmail.it, hotmail.co.uk, fastmail.fm, live.it, outlook.es.
_PLUS_BRANDS = frozenset({"hotmail", "fastmail", "outlook", "live"})
_COUNTRY_SUFFIX = re.compile(r"^[a-z]{2,3}(?:\.[a-z]{2,3})?$")


# A plain ASCII address that email-validator is certain to accept unchanged but for case:
# dot-atom local part of safe characters, LDH labels, an alphabetic TLD. Such addresses (nearly
# all real ones) skip the library, which costs ~25 us each; everything else goes through it.
# tests/standardize/test_std_email_fastpath.py checks the two paths agree.
_PLAIN = re.compile(
    r"(?P<local>[a-z0-9_+-]+(?:\.[a-z0-9_+-]+)*)@"
    r"(?P<domain>(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63})",
    re.IGNORECASE,
)
_SPECIAL_USE = frozenset(SPECIAL_USE_DOMAIN_NAMES)


def _plain(text: str) -> str | None:
    """The lower-cased address when the fast path applies, else None."""
    m = _PLAIN.fullmatch(text)
    if m is None or len(text) > 254 or len(m.group("local")) > 64:
        return None
    labels = m.group("domain").lower().split(".")
    if any(label.startswith("xn--") for label in labels):  # the library shows IDNA as Unicode
        return None
    if any(".".join(labels[i:]) in _SPECIAL_USE for i in range(len(labels))):
        return None
    return text.lower()


def _plus_addressing(domain: str) -> bool:
    if domain in _PLUS_DOMAINS:
        return True
    brand, _, suffix = domain.partition(".")
    return brand in _PLUS_BRANDS and _COUNTRY_SUFFIX.match(suffix) is not None


def _key(local: str, domain: str, value: str) -> str:
    if domain in _GMAIL:
        local = local.partition("+")[0].replace(".", "") or local
        return f"{local}@gmail.com"
    if "+" in local and _plus_addressing(domain):
        return f"{local.partition('+')[0] or local}@{domain}"
    return value


def standardize_email(raw: str) -> EmailResult:
    """Check an address's syntax and derive the key under which one mailbox's aliases meet.

    The value is the whole address lower-cased (mailboxes are case-insensitive in practice).
    The key also folds provider aliases: Gmail ignores dots and '+tags' (and googlemail.com is
    gmail.com); Outlook/Hotmail/Live, iCloud, Fastmail and Proton ignore '+tags'.
    """
    text = raw.strip() if raw else ""
    if text[:7].lower() == "mailto:":
        text = _MAILTO.sub("", text).partition("?")[0].strip()
    if not text:
        return EmailResult(None, None, None)
    fast = _plain(text)
    if fast is not None:
        local, _, domain = fast.rpartition("@")
        return EmailResult(fast, _key(local, domain, fast), None)
    return _validated(text)


def _validated(text: str) -> EmailResult:
    """The library path: full RFC syntax, internationalised addresses, display names."""
    try:
        checked = validate_email(
            text,
            allow_smtputf8=True,
            allow_display_name=True,
            check_deliverability=False,
            globally_deliverable=_GLOBALLY_DELIVERABLE,
        )
    except EmailNotValidError as exc:
        reason = " ".join(str(exc).split())
        return EmailResult(None, None, f"invalid e-mail: {reason}")
    value = checked.normalized.lower()
    local, _, domain = value.rpartition("@")
    return EmailResult(value, _key(local, domain, value), None)
