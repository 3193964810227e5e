"""What org-wide coordination through Redis costs, and what it gives.

    python benchmarks/bench_coordination.py [--calls 2000] [--workers 4] [--per-worker 25]

Needs ``redis-server`` on the PATH and ``pip install '.[redis,emulator]'``.

1. Per-call overhead: the coordination a client does around each call — take a slot, reserve
   the credits, settle them, give the slot back — with the in-process coordinator (the
   baseline) and with Redis on loopback, in the same run. Median and p99 of ``--calls`` calls.
2. Throughput: ``--workers`` processes, half sync and half async clients, each sending
   ``--per-worker`` queries (sync ones from five threads) to the emulator (200 ms of latency
   per call) through one Redis, with Zoho's five slots; against the ideal of 5 / latency calls
   per second, and against one process with in-process slots on the same emulator.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import subprocess
import sys
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from _stats import percentile

import zgql
from zgql.testing import Emulator
from zgql.testing._redis import RedisServer

LEADS = "{ Records { Leads(limit: 5) { _data { id { value } } } } }"
LATENCY = 0.2  # long beside the emulator's own work per call (~40 ms on this 2-core machine)


def per_call(coordinator: zgql.Coordinator, calls: int) -> list[float]:
    """Seconds of coordination per call: slot and credits, taken and given back."""
    org = f"bench-{uuid.uuid4().hex[:8]}"
    samples = []
    for _ in range(calls):
        started = time.perf_counter()
        lease = coordinator.acquire_slot(org, 5, 30.0)
        reservation = coordinator.reserve_credits(org, 1, budget_per_day=None)
        assert isinstance(reservation, zgql._coordination._base.Reservation)  # noqa: SLF001
        coordinator.settle_credits(reservation, 1)
        coordinator.release_slot(lease)
        samples.append(time.perf_counter() - started)
    return samples


def row(label: str, samples: list[float], baseline: list[float] | None = None) -> None:
    median, p99 = statistics.median(samples), percentile(samples, 0.99)
    ratio = ""
    if baseline:
        ratio = f"   ratio to in-process: median {median / statistics.median(baseline):.0f}×"
    print(f"  {label:34} median {median * 1e6:8.1f} µs   p99 {p99 * 1e6:8.1f} µs{ratio}")


def worker(mode: str, calls: int) -> None:
    """One worker process (``--worker``): ``calls`` queries, then its count on stdout."""
    env = os.environ
    coordinator = zgql.RedisCoordinator(env["BENCH_REDIS"], namespace=env["BENCH_NAMESPACE"])
    options = {
        "access_token": env["BENCH_TOKEN"],
        "api_domain": env["BENCH_API"],
        "org": "bench-org",
        "coordinator": coordinator,
    }
    zgql.load_schema()  # ready before the clock starts: start-up is not what is measured
    started = time.time()
    done = run_calls(mode, calls, options)
    print(json.dumps({"done": done, "started": started, "ended": time.time()}))


def run_calls(mode: str, calls: int, options: dict[str, Any]) -> int:
    """``calls`` queries with a sync client (from five threads) or an async one (all at once):
    either can keep Zoho's five slots busy by itself."""
    if mode == "sync":
        with zgql.Client(**options) as crm, ThreadPoolExecutor(5) as pool:
            results = list(pool.map(lambda _: crm.execute(LEADS), range(calls)))
        return sum(1 for r in results if r.data)

    async def run() -> int:
        async with zgql.AsyncClient(**options) as crm:
            results = await asyncio.gather(*(crm.execute(LEADS) for _ in range(calls)))
        return sum(1 for r in results if r.data)

    return asyncio.run(run())


def throughput(redis_url: str, workers: int, per_worker: int) -> None:
    with Emulator() as zoho:
        org = zoho.add_org()
        zoho.inject("latency", seconds=LATENCY, times=None)
        env = {
            **os.environ,
            "BENCH_REDIS": redis_url,
            "BENCH_NAMESPACE": f"bench-{uuid.uuid4().hex[:8]}",
            "BENCH_TOKEN": zoho.issue_token(org),
            "BENCH_API": zoho.base_url,
        }
        baseline = in_process(zoho, org, workers * per_worker)
        modes = ["sync" if i % 2 == 0 else "async" for i in range(workers)]
        processes = [
            subprocess.Popen(
                [sys.executable, __file__, "--worker", mode, str(per_worker)],
                env=env,
                stdout=subprocess.PIPE,
                text=True,
            )
            for mode in modes
        ]
        reports = [json.loads(p.communicate()[0].splitlines()[-1]) for p in processes]
        done = sum(r["done"] for r in reports)
        elapsed = max(r["ended"] for r in reports) - min(r["started"] for r in reports)
        statuses = [c.status for c in zoho.calls if c.path == "/crm/graphql"]
        ideal = 5 / LATENCY
        print(
            f"  {workers} processes ({', '.join(modes)}) × {per_worker} calls, "
            f"{LATENCY * 1e3:.0f} ms latency each: {done} calls in {elapsed:.2f} s"
        )
        print(
            f"  throughput {done / elapsed:.1f} calls/s; ideal 5 / latency = {ideal:.0f} calls/s "
            f"(ratio {done / elapsed / ideal:.2f}); one async process, in-process slots: "
            f"{baseline:.1f} calls/s (ratio {done / elapsed / baseline:.2f})"
        )
        print(
            f"  peak in flight at the server {org.peak_in_flight} (limit 5); "
            f"HTTP 429 answers {statuses.count(429)}"
        )


def in_process(zoho: Emulator, org: zgql.testing.Org, calls: int) -> float:
    """Calls per second of one async client in this process, with in-process slots: what this
    machine gives without Redis or other processes, the same emulator serving."""
    options: dict[str, Any] = {
        "access_token": zoho.issue_token(org),
        "api_domain": zoho.base_url,
        "org": f"baseline-{uuid.uuid4().hex[:8]}",
    }
    started = time.perf_counter()
    done = run_calls("async", calls, options)
    return done / (time.perf_counter() - started)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=2000)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--per-worker", type=int, default=25)
    parser.add_argument("--worker", nargs=2, metavar=("MODE", "CALLS"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(args.worker[0], int(args.worker[1]))
        return
    with RedisServer() as server:
        local = per_call(zgql.LocalCoordinator(), args.calls)
        with zgql.RedisCoordinator(server.url, namespace="bench") as redis:
            per_call(redis, 100)  # warm: scripts loaded, connections open
            shared = per_call(redis, args.calls)
        print(f"Coordination per call (slot + credits, taken and given back), {args.calls} calls:")
        row("in-process (LocalCoordinator)", local)
        row("Redis on loopback (RedisCoordinator)", shared, local)
        print("Throughput through one Redis, against the emulator:")
        throughput(server.url, args.workers, args.per_worker)


if __name__ == "__main__":
    main()
