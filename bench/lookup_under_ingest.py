"""Benchmark: profile lookup latency through the HTTP API at N profiles under concurrent ingest.

The workspace is filled synthetically like bench/profiles_speed.py (its ``fill``: N person
records with one e-mail each, M events, every record a member of its person's profile), golden
records and traits are built, then a real ``tessera serve`` process serves it. One client sends
``GET /v1/profiles/lookup?identifier=email:p<i>@example.org`` (read key, keep-alive) for random
profiles: first idle, then in one phase per ``--rates`` entry while ``--ingest-clients``
clients send ``/v1/batch`` requests of 100 messages (bench/api_load.py mix) paced at that many
messages per second, and last as fast as the server takes them. Each phase starts with the
processor caught up and sends messageIds the workspace has not seen, so its messages are
stored and processed during the lookups (``stored_during`` / ``processed_during``).
``--keep DIR`` reuses (or keeps) the filled workspace. The workspace's ``storage.memory_limit``
is 4GB, so that the server's cache holds the lookup tables.
Besides the client's latency, each phase reports the server's own store time per lookup
(``server_db_ms``, from the ``Server-Timing`` header: the profile mirror's, or DuckDB's with
``--no-profile-mirror``): the rest is HTTP and queueing. The lookups under ingest run in a
process of their own, as a real client's would (beside the ingest threads they shared the load
generator's interpreter lock; it made little difference). The server's profile mirror is built
before the first phase (``mirror_ready_seconds``).
Prints one JSON line per phase and writes bench/results/lookup_under_ingest.json.
Target (issue 5): lookup p99 <= 10 ms at 1,000,000 profiles under concurrent ingest.

    python bench/lookup_under_ingest.py --profiles 1000000 --events 10000000 --lookups 1000
"""

from __future__ import annotations

import argparse
import datetime as dt
import multiprocessing
import random
import shutil
import tempfile
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

import httpx
import yaml
from api_load import LoadResult, ServerProcess, batch_bodies, create_keys, message_stream, send_all
from import_persons import latency, machine, percentile, save_results
from profiles_speed import CONFIG, fill

from tessera.pipeline.unify.documents import write_documents
from tessera.pipeline.unify.golden import build_golden
from tessera.pipeline.unify.traits import build_traits
from tessera.workspace import Workspace

Timings = tuple[list[float], list[float]]


#: The server's cache holds the lookup tables (documents + indexes ≈ 1.5 GB at 1M profiles);
#: with the default 1GB, random lookups keep reading blocks from disk (docs/configuration.md).
SERVER_CONFIG = {**CONFIG, "storage": {"memory_limit": "4GB"}}


def _lookups(url: str, read_key: str, profiles: int, n: int, seed: int) -> Timings:
    """(client-side latencies, the server's database time from ``Server-Timing``) in ms."""
    rng = random.Random(seed)
    out: list[float] = []
    db: list[float] = []
    with httpx.Client(
        base_url=url, headers={"authorization": f"Bearer {read_key}"}, timeout=60
    ) as http:
        for _ in range(n):
            ident = f"email:p{rng.randrange(profiles)}@example.org"
            s = time.perf_counter()
            r = http.get("/v1/profiles/lookup", params={"identifier": ident})
            out.append((time.perf_counter() - s) * 1000)
            assert r.status_code == 200, r.text[:300]
            db.append(float(r.headers["server-timing"].partition("dur=")[2]))
    return out, db


def run(
    profiles: int,
    events: int,
    lookups: int,
    ingest_clients: int,
    rates: list[int],
    keep: Path | None = None,
    log_level: str = "warning",
    mirror: bool = True,
) -> list[dict[str, Any]]:
    folder = Path(tempfile.mkdtemp(prefix="tessera-lookup-")) if keep is None else keep
    reuse = keep is not None and (keep / "tessera.duckdb").exists()
    if not reuse:
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "tessera.yaml").write_text(yaml.safe_dump(SERVER_CONFIG))
    try:
        t0 = time.perf_counter()
        if not reuse:
            with Workspace.open(folder) as ws:
                fill(ws, profiles, events)
                build_golden(ws.engine, ws.config)
                build_traits(ws.engine, ws.config.profiles.all_traits())
                write_documents(ws.engine)  # else the server's first batch writes them all
        prepared = time.perf_counter() - t0
        write_key, read_key = create_keys(folder)
        base: dict[str, Any] = {
            "benchmark": "lookup_under_ingest",
            "date": dt.date.today().isoformat(),
            "profiles": profiles,
            "events": events,
            "endpoint": "GET /v1/profiles/lookup?identifier=email:...",
            "target": "lookup p99 <= 10 ms at 1,000,000 profiles under concurrent ingest",
            "prepare_seconds": round(prepared, 1),
            "profile_mirror": mirror,
            "machine": machine(),
        }
        lines = []
        args = () if mirror else ("--no-profile-mirror",)
        with ServerProcess(folder, log_level, args) as server:
            base["mirror_ready_seconds"] = round(server.wait_mirror(), 1)
            _lookups(server.url, read_key, profiles, 50, seed=0)  # warm-up
            idle = _lookups(server.url, read_key, profiles, lookups, seed=1)
            lines.append({**base, "phase": "idle", **_summary(idle)})
            # "max": as fast as the server takes them; a number: that many messages/s.
            for rate in [*rates, 0]:
                lines.append(
                    _under_ingest(
                        server, base, write_key, read_key, profiles, lookups, ingest_clients, rate
                    )
                )
        return lines
    finally:
        if keep is None:
            shutil.rmtree(folder, ignore_errors=True)


def _under_ingest(
    server: ServerProcess,
    base: dict[str, Any],
    write_key: str,
    read_key: str,
    profiles: int,
    lookups: int,
    clients: int,
    rate: int,
) -> dict[str, Any]:
    """Lookups while clients send /v1/batch requests of 100 messages (rate 0: unpaced),
    after the processor has caught up with the previous phase's messages."""
    _caught_up(server)
    stop = threading.Event()
    load: list[LoadResult] = []
    # new messageIds on every run (a kept workspace has stored the last run's)
    nonce = f"i{rate}-{time.time_ns()}-"
    bodies = batch_bodies(message_stream(6_000, seed=4 + rate, prefix=nonce), 100)
    ingest = threading.Thread(
        target=lambda: load.append(
            send_all(server.url, write_key, bodies, clients, stop, bodies_per_second=rate / 100)
        ),
        daemon=True,
    )
    health0 = server.health()
    ingest.start()
    time.sleep(1.0)
    # in a process of its own, as a real client: not sharing the ingest threads' GIL
    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as pool:
        busy = pool.submit(_lookups, server.url, read_key, profiles, lookups, 2 + rate).result()
    stop.set()
    ingest.join()
    health1 = server.health()
    result = load[0]
    return {
        **base,
        "phase": "under_ingest",
        "ingest_rate_asked": rate or "max",
        **_summary(busy),
        "ingest_clients": clients,
        "ingest_msgs_per_s": round(result.requests * 100 / result.seconds),
        "ingest_request_p99_ms": round(percentile(result.latencies_ms, 0.99), 1),
        "stored_during": health1["stored"] - health0["stored"],
        "processed_during": health1["processed"] - health0["processed"],
    }


def _caught_up(server: ServerProcess, timeout: float = 600.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        health = server.health()
        if health["processed_seq"] >= health["inbox_seq"]:
            return
        time.sleep(0.5)
    raise RuntimeError("the processor did not catch up")


def _summary(timings: Timings) -> dict[str, Any]:
    ms, db = timings
    return {
        "lookups": len(ms),
        "lookup_ms": latency(ms, 2, with_max=True),
        "server_db_ms": latency(db, 2, with_max=True),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--profiles", type=int, default=1_000_000)
    parser.add_argument("--events", type=int, default=10_000_000)
    parser.add_argument("--lookups", type=int, default=300)
    parser.add_argument("--ingest-clients", type=int, default=2)
    parser.add_argument(
        "--rates",
        type=int,
        nargs="*",
        default=[1000, 2500, 5000],
        help="also measure under ingest paced at these messages/s",
    )
    parser.add_argument("--keep", type=Path, default=None, help="reuse/keep this workspace")
    parser.add_argument(
        "--no-profile-mirror",
        action="store_true",
        help="serve lookups from DuckDB (tessera serve --no-profile-mirror)",
    )
    parser.add_argument(
        "--log-level", default="warning", help="the server's (info: one line per micro-batch)"
    )
    args = parser.parse_args()
    save_results(
        "lookup_under_ingest",
        run(
            args.profiles,
            args.events,
            args.lookups,
            args.ingest_clients,
            args.rates,
            args.keep,
            args.log_level,
            not args.no_profile_mirror,
        ),
    )


if __name__ == "__main__":
    main()
