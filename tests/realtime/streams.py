"""Message streams with a known truth, stored in a workspace's inbox as the event API does."""

from __future__ import annotations

import json
import random
import uuid
from collections.abc import Callable
from typing import Any

from tessera.engines.base import Engine


def store(engine: Engine, messages: list[dict[str, Any]], source: str = "api") -> None:
    """Store messages in ``event_inbox`` in list order (acceptance order)."""
    for msg in messages:
        msg.setdefault("messageId", str(uuid.uuid4()))
        engine.execute(
            "INSERT INTO event_inbox VALUES (nextval('inbox_seq'), ?, ?, ?, now(), "
            "?::TIMESTAMPTZ, ?)",
            [
                source,
                msg["messageId"],
                msg["type"],
                msg.get("timestamp", "2026-11-01T10:00:00Z"),
                json.dumps(msg),
            ],
        )


def poisoned_stream() -> list[dict[str, Any]]:
    """An identify and two orders; the first order (message id ``poison``) is the one
    :func:`failing_on_poison` fails on."""
    return [
        {"type": "identify", "userId": "u-1", "traits": {"firstName": "Ana"}},
        {"type": "track", "userId": "u-1", "event": "Order Completed", "messageId": "poison"},
        {
            "type": "track",
            "userId": "u-1",
            "event": "Order Completed",
            "properties": {"revenue": 5},
        },
    ]


def failing_on_poison(resolve: Callable[..., Any]) -> Callable[..., Any]:
    """``resolve``, failing whenever the changed records include the message ``poison``."""

    def failing(engine: Engine, config: Any, **kwargs: Any) -> Any:
        poisoned = engine.fetchall(
            f"SELECT count(*) FROM {kwargs['changed']} WHERE record_id = 'poison'"
        )[0][0]
        if poisoned:
            raise RuntimeError("injected failure")
        return resolve(engine, config, **kwargs)

    return failing


def person_stream(rng: random.Random, people: int = 8) -> list[dict[str, Any]]:
    """A stream about ``people`` persons: anonymous browsing, identify, orders, aliases.

    Traps included: a couple sharing one e-mail (different given names), a second device
    joined by an alias, anonymous events of a device that logs in later.
    """
    firsts = ["Ana", "Bruno", "Carla", "Duarte", "Eva", "Filipe", "Gabriela", "Hugo", "Inês"]
    out: list[dict[str, Any]] = []
    day = 1
    for p in range(people):
        first = firsts[p % len(firsts)]
        user, anon = f"user-{p}", f"anon-{p}-{rng.randrange(1000)}"
        email = f"{first.lower()}.{p}@mail.pt"
        if p in (1, 2):  # a couple: one shared mailbox, two people
            email = "casa.ferreira@mail.pt"
        for _ in range(rng.randrange(1, 4)):
            out.append({"type": "page", "anonymousId": anon, "properties": {"url": "/p"}})
        traits = {"email": email, "firstName": first, "lastName": f"Family{p}"}
        out.append({"type": "identify", "anonymousId": anon, "userId": user, "traits": traits})
        for _ in range(rng.randrange(0, 3)):
            day += 1
            out.append(
                {
                    "type": "track",
                    "userId": user,
                    "event": "Order Completed",
                    "properties": {"revenue": rng.randrange(5, 200)},
                    "timestamp": f"2026-10-{day % 28 + 1:02d}T09:00:00Z",
                }
            )
        if p % 3 == 0:  # a second device, browsing anonymously, then aliased to the user
            other = f"tablet-{p}"
            out.append({"type": "page", "anonymousId": other, "properties": {"url": "/t"}})
            out.append({"type": "alias", "previousId": other, "userId": user})
    return out
