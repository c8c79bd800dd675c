"""Benchmark: freshness — from the 200 of an identify/track to the profile API showing it.

A real ``tessera serve`` process on a fresh workspace, seeded with ``--seed-persons`` visitor
journeys (bench/api_load.py). Light background traffic runs throughout (one client sending a
100-message batch every ``--background-pause`` seconds). Each sample alternates:

- ``identify``: a new user (anonymous id, user id, new e-mail) is identified; the clock runs
  from the 200 until ``GET /v1/profiles/lookup?identifier=email:...`` (read key) answers 200;
- ``order``: an ``Order Completed`` track for a user identified earlier; the clock runs from
  the 200 until the lookup shows the profile's ``order_count`` trait one higher.

The profile API is polled every 25 ms. The server logs each micro-batch; the result gives
how long the batches after the seed took (``batch_seconds``). Prints one JSON line and writes
bench/results/freshness.json. Target (issue 5): p99 <= 1 s.

    python bench/freshness.py --samples 200
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import shutil
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import httpx
from api_load import ServerProcess, batch_bodies, create_keys, message_stream, send_all
from import_persons import latency, machine, save_results

from tessera.workspace import Workspace

POLL_SECONDS = 0.025  # 5 ms polling (200 lookups/s) took most of the 2 cores from the processor


def order_count(doc: dict[str, Any]) -> int:
    """The profile document's ``order_count`` trait (0 when absent)."""
    traits = doc.get("traits") or {}
    value = traits.get("order_count") if isinstance(traits, dict) else None
    if isinstance(value, dict):
        value = value.get("value")
    return int(value or 0)


def _after(batches: list[tuple[int, float]], messages: int) -> list[tuple[int, float]]:
    """The batches logged after the first ``messages`` messages (the seed) were processed."""
    done, out = 0, []
    for n, sec in batches:
        if done >= messages:
            out.append((n, sec))
        done += n
    return out


def run(samples: int, seed_persons: int, pause: float, timeout: float) -> dict[str, Any]:
    folder = Path(tempfile.mkdtemp(prefix="tessera-fresh-"))
    try:
        Workspace.init(folder)
        write_key, read_key = create_keys(folder)
        with ServerProcess(folder, "info") as server:
            seed_messages = message_stream(seed_persons, seed=1, prefix="s")
            seed = batch_bodies(seed_messages, 100)
            send_all(server.url, write_key, seed, 4)
            server.wait_caught_up()
            stop = threading.Event()
            background = batch_bodies(message_stream(20_000, seed=2, prefix="b"), 100)
            bg = threading.Thread(
                target=send_all,
                args=(server.url, write_key, background, 1, stop, pause),
                daemon=True,
            )
            bg.start()
            rng = random.Random(5)
            writer = httpx.Client(base_url=server.url, auth=(write_key, ""), timeout=30)
            reader = httpx.Client(
                base_url=server.url, headers={"authorization": f"Bearer {read_key}"}, timeout=30
            )
            latencies: dict[str, list[float]] = {"identify": [], "order": []}
            timeouts = 0
            known: list[tuple[str, str]] = []
            for n in range(samples):
                kind = "order" if known and n % 2 else "identify"
                if kind == "identify":
                    user, email = f"f-user-{n}", f"fresh{n}@example.org"
                    msg = {
                        "type": "identify",
                        "messageId": f"f-{n}",
                        "anonymousId": f"f-anon-{n}",
                        "userId": user,
                        "traits": {"email": email, "firstName": "Ana", "lastName": f"Fresh{n}"},
                    }
                    before = -1
                else:
                    user, email = rng.choice(known)
                    doc = reader.get("/v1/profiles/lookup", params={"identifier": f"email:{email}"})
                    before = order_count(doc.json())
                    msg = {
                        "type": "track",
                        "messageId": f"f-{n}",
                        "userId": user,
                        "event": "Order Completed",
                        "properties": {"order_id": f"fo-{n}", "revenue": 42.5, "currency": "EUR"},
                    }
                r = writer.post(f"/v1/{msg['type']}", json=msg)
                assert r.status_code == 200, r.text
                acked = time.perf_counter()
                while True:
                    got = reader.get("/v1/profiles/lookup", params={"identifier": f"email:{email}"})
                    if got.status_code == 200 and (before < 0 or order_count(got.json()) > before):
                        latencies[kind].append((time.perf_counter() - acked) * 1000)
                        break
                    if time.perf_counter() - acked > timeout:
                        timeouts += 1
                        break
                    time.sleep(POLL_SECONDS)
                if kind == "identify":
                    known.append((user, email))
            stop.set()
            bg.join()
            batches = [sec for _, sec in _after(server.batches(), len(seed_messages))]
            writer.close()
            reader.close()
        both = latencies["identify"] + latencies["order"]
        return {
            "benchmark": "freshness",
            "date": dt.date.today().isoformat(),
            "samples": len(both),
            "timeouts": timeouts,
            "ms": latency(both, None, with_max=True),
            "identify_ms": latency(latencies["identify"], None),
            "order_ms": latency(latencies["order"], None),
            "seed_persons": seed_persons,
            "background_msgs_per_s": round(100 / pause) if pause else None,
            "poll_ms": POLL_SECONDS * 1000,
            "batches": len(batches),
            "batch_seconds": latency(batches, 3, with_max=True) if batches else None,
            "target": "p99 <= 1 s from the 200 to the profile API showing the change",
            "machine": machine(),
        }
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--samples", type=int, default=200)
    parser.add_argument("--seed-persons", type=int, default=5000)
    parser.add_argument("--background-pause", type=float, default=0.5)
    parser.add_argument("--timeout", type=float, default=30.0)
    args = parser.parse_args()
    result = run(args.samples, args.seed_persons, args.background_pause, args.timeout)
    save_results("freshness", [result])


if __name__ == "__main__":
    main()
