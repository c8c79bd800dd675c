"""Quarantined messages can be listed and replayed with the CLI once the server stopped."""

from __future__ import annotations

import json
import subprocess
import sys

from tessera.workspace import Workspace
from tests.api.conftest import Server


def _cli(server: Server, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tessera", *args, "-w", str(server.folder)],
        capture_output=True,
        text=True,
        check=False,
    )


def test_quarantine_list_and_replay(server: Server) -> None:
    c = server.client(auth=(server.write_key, ""))
    batch = [
        {"type": "track", "userId": "u", "event": "ok", "messageId": "ok"},
        {"type": "track", "userId": "u", "messageId": "no-event"},
        {"type": "identify", "messageId": "no-ids", "traits": {"email": "a@b.pt"}},
    ]
    assert (
        c.post("/v1/batch", json={"batch": batch, "context": {"ip": "1.2.3.4"}}).status_code == 200
    )
    server.stop()

    listed = _cli(server, "events", "quarantine", "list", "--json")
    assert listed.returncode == 0, listed.stderr
    rows = [json.loads(line) for line in listed.stdout.splitlines() if line.strip()]
    assert [(r["message_id"], r["reason"]) for r in rows] == [
        ("no-event", "track needs event"),
        ("no-ids", "userId or anonymousId is required"),
    ]
    # nothing was fixed yet: replay reports the reason and stores nothing
    replay = _cli(server, "events", "quarantine", "replay", "--all")
    assert replay.returncode == 0, replay.stderr
    assert "still invalid: track needs event" in replay.stdout
    assert "Replayed 0 of 2" in replay.stdout

    # a fix (here: the missing event name supplied), then replay of that one message
    with Workspace.open(server.folder) as ws:
        ws.engine.execute(
            "UPDATE event_quarantine SET payload = json_merge_patch(payload, ?) "
            "WHERE message_id = 'no-event'",
            ['{"event": "Fixed"}'],
        )
        qid = ws.quarantined_events()[0]["quarantine_id"]
    replay = _cli(server, "events", "quarantine", "replay", str(qid))
    assert replay.returncode == 0, replay.stderr
    assert "Replayed 1 of 1" in replay.stdout
    assert _cli(server, "events", "quarantine", "replay", "999").returncode == 1

    with Workspace.open(server.folder) as ws:
        stored = {
            r["message_id"]: json.loads(r["payload"])
            for r in ws.engine.fetch_dicts("SELECT message_id, payload FROM event_inbox")
        }
        assert set(stored) == {"ok", "no-event"}
        assert stored["no-event"]["event"] == "Fixed"
        assert stored["no-event"]["context"] == {"ip": "1.2.3.4"}  # batch context kept
        pending = ws.quarantined_events()
        assert [r["message_id"] for r in pending] == ["no-ids"]
        everything = ws.quarantined_events(include_replayed=True)
        assert [r["replayed_at"] is not None for r in everything] == [True, False]
        stats = ws.event_stats()
    assert (stats["stored"], stats["pending_quarantine"], stats["replayed"]) == (2, 1, 1)
    text = _cli(server, "events", "stats")
    assert "2 stored" in text.stdout and "1 quarantined" in text.stdout
