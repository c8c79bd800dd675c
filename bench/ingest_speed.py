"""Benchmark: sustained ingest through ``POST /v1/batch`` (100 messages per request) with
identity stitching, at a few client concurrency levels, on a real ``tessera serve`` process.

The message mix (bench/api_load.py ``person_messages``): per visitor anonymous page views and a
product view, an identify tying the anonymous id to a user id, e-mail and phone, one or two
orders with revenue, and a few signed-in page views (~10 messages). Request bodies are encoded
before the clock starts; the load generator runs keep-alive httpx clients in threads, on the
same 2-core machine as the server. For each level: messages accepted per second (all answered
200 before the next level starts), p50/p99 request latency, then how long the real-time
processor took to catch up (the server's ``/health`` inbox positions), and the processed rate
from the first request to caught up.
Prints one JSON line per level and writes bench/results/ingest_speed.json.
Target (issue 5): >= 10,000 messages/s accepted.

    python bench/ingest_speed.py --messages 100000 --concurrency 1 2 4 8
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import shutil
import tempfile
import time
from pathlib import Path

from api_load import ServerProcess, batch_bodies, create_keys, message_stream, send_all
from import_persons import latency, machine, save_results

from tessera.workspace import Workspace

PER_REQUEST = 100


def run(messages: int, levels: list[int]) -> list[dict[str, object]]:
    folder = Path(tempfile.mkdtemp(prefix="tessera-ingest-"))
    lines: list[dict[str, object]] = []
    try:
        Workspace.init(folder)
        write_key, _ = create_keys(folder)
        with ServerProcess(folder) as server:
            warm = batch_bodies(message_stream(100, seed=999, prefix="w"), PER_REQUEST)
            send_all(server.url, write_key, warm, 1)
            server.wait_caught_up()
            for n, concurrency in enumerate(levels):
                stream = message_stream(messages // 7 + 10, seed=n, prefix=f"c{n}-")
                stream = stream[:messages]
                bodies = batch_bodies(stream, PER_REQUEST)
                before = server.health()
                load = send_all(server.url, write_key, bodies, concurrency)
                after_ingest = server.health()
                catch_up = server.wait_caught_up()
                after = server.health()
                stored = after["stored"] - before["stored"]
                line: dict[str, object] = {
                    "benchmark": "ingest_batch",
                    "date": dt.date.today().isoformat(),
                    "concurrency": concurrency,
                    "messages": len(stream),
                    "messages_per_request": PER_REQUEST,
                    "requests": load.requests,
                    "errors": load.errors,
                    "stored": stored,
                    "seconds": round(load.seconds, 2),
                    "accepted_msgs_per_s": round(len(stream) / load.seconds),
                    "request_latency_ms": latency(load.latencies_ms),
                    "processed_during_ingest": after_ingest["processed"] - before["processed"],
                    "catch_up_seconds": round(catch_up, 2),
                    "processed_msgs_per_s": round(
                        (after["processed"] - before["processed"]) / (load.seconds + catch_up)
                    ),
                    "target": ">= 10,000 messages/s accepted",
                    "machine": machine(),
                }
                print(json.dumps(line), flush=True)
                lines.append(line)
                time.sleep(1)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--messages", type=int, default=100_000, help="per concurrency level")
    parser.add_argument("--concurrency", type=int, nargs="+", default=[1, 2, 4, 8])
    args = parser.parse_args()
    save_results("ingest_speed", run(args.messages, args.concurrency), echo=False)


if __name__ == "__main__":
    main()
