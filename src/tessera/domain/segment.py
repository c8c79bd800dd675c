"""The Segment Spec, as Tessera reads it: which message fields are which canonical fields.

Messages sent to the event API keep Segment's shape (identify, track, page, screen, group,
alias; ``traits``, ``properties``, ``context``). ``identify`` calls describe a person and
become person records; every other call becomes an event. Paths are tried in order; the
first present value wins (``traits.email`` before ``context.traits.email``).

Computed by the processor and added under ``_tessera`` in each staged message: the
skew-corrected ``event_time``, the ``event_type`` (``track`` events through
:data:`TRACK_EVENT_TYPES`) and the ``channel`` (events only), an identify call's ``traits``
and a group call's ``group`` traits — so that one mapping reads every call.
"""

from __future__ import annotations

#: Segment's common fields that identify someone, in every call.
_IDS: dict[str, str] = {
    "userId": "user_id",
    "anonymousId": "anonymous_id",
    "context.device.id": "device_id",
}

#: Traits of the Segment Spec (identify ``traits``; other calls carry them in context).
_TRAITS: dict[str, str] = {
    "email": "email",
    "phone": "phone",
    "firstName": "given_name",
    "first_name": "given_name",
    "lastName": "family_name",
    "last_name": "family_name",
    "name": "full_name",
    "birthday": "birth_date",
    "gender": "gender",
    "title": "job_title",
    "company.name": "company",
    "address.street": "address",
    "address.postalCode": "postcode",
    "address.postal_code": "postcode",
    "address.city": "city",
    "address.country": "country",
}

#: Every call -> one record: identify calls are persons, the others events.
MAPPING: dict[str, str] = {
    **_IDS,
    **{f"_tessera.traits.{path}": target for path, target in _TRAITS.items()},
    **{f"context.traits.{path}": target for path, target in _TRAITS.items()},
    "previousId": "anonymous_id",  # alias: the earlier id (the anonymous one, as analytics.js)
    "properties.email": "email",
    "_tessera.event_type": "event_type",
    "_tessera.channel": "channel",
    "_tessera.event_time": "timestamp",
    "event": "event_name",
    "name": "event_name",
    "properties.revenue": "amount",
    "properties.total": "amount",
    "properties.value": "amount",
    "properties.price": "amount",
    "properties.currency": "currency",
    "properties.category": "category",
    "properties.status": "status",
    "properties.subject": "subject",
    "properties.url": "url",
    "context.page.url": "url",
    "groupId": "attr:group_id",
    "_tessera.group.name": "attr:group_name",
}

#: ``track`` event names (case-insensitive) that are one of Tessera's event types; other
#: names keep their own name, lower-cased, as type.
TRACK_EVENT_TYPES: dict[str, str] = {
    "order completed": "order",
    "order placed": "order",
    "purchase": "order",
    "order refunded": "refund",
    "product viewed": "product_view",
    "product added": "cart_add",
    "checkout started": "checkout",
    "signed in": "login",
    "signed up": "signup",
    "ticket created": "ticket",
    "ticket opened": "ticket",
    "email opened": "campaign",
    "email link clicked": "campaign",
}

#: The event type of each non-track call.
CALL_EVENT_TYPES: dict[str, str] = {
    "page": "page",
    "screen": "screen",
    "group": "group",
    "alias": "alias",
}

#: The channel of each call when the message names none (``context.channel``).
CALL_CHANNELS: dict[str, str] = {"screen": "app"}
DEFAULT_CHANNEL = "web"
