"""One worker process of tests/client/test_many_workers.py: ``calls`` queries through a sync or
async zgql client that shares its org's limits through Redis. Prints one JSON line: how many
calls succeeded, the errors by type, and the ``retry_after`` of any CreditsExhausted.

Usage: python _many_worker.py MODE CALLS   (MODE: sync or async; the rest from the environment:
ZGQL_REDIS_URL, ZGQL_NAMESPACE, ZGQL_API, ZGQL_CLIENT_ID, ZGQL_CLIENT_SECRET,
ZGQL_REFRESH_TOKEN, ZGQL_DAILY_CREDITS, ZGQL_MAX_IN_FLIGHT, ZGQL_TIMEOUT)
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
from collections import Counter
from typing import Any

import zgql

LEADS = "{ Records { Leads(limit: 5) { _data { id { value } } } } }"
PATIENT = zgql.RetryPolicy(attempts=3, base_seconds=0.05, cap_seconds=0.2, total_seconds=30)


def options() -> dict[str, Any]:
    env = os.environ
    coordinator = zgql.RedisCoordinator(env["ZGQL_REDIS_URL"], namespace=env["ZGQL_NAMESPACE"])
    auth = zgql.ZohoOAuth(
        env["ZGQL_CLIENT_ID"],
        env["ZGQL_CLIENT_SECRET"],
        env["ZGQL_REFRESH_TOKEN"],
        accounts_url=env["ZGQL_API"],
        coordinator=coordinator,
    )
    daily = env.get("ZGQL_DAILY_CREDITS")
    return {
        "auth": auth,
        "api_domain": env["ZGQL_API"],
        "org": "many-workers",
        "coordinator": coordinator,
        "retry": PATIENT,
        "daily_credits": int(daily) if daily else None,
        "max_in_flight": int(env.get("ZGQL_MAX_IN_FLIGHT", "5")),
        "timeout": float(env.get("ZGQL_TIMEOUT", "30")),
    }


def record(outcome: Counter[str], exhausted: list[float | None], error: Exception) -> None:
    outcome[type(error).__name__] += 1
    if isinstance(error, zgql.CreditsExhausted):
        exhausted.append(error.retry_after)


def run_sync(calls: int) -> tuple[Counter[str], list[float | None]]:
    outcome: Counter[str] = Counter()
    exhausted: list[float | None] = []
    with zgql.Client(**options()) as crm:
        for _ in range(calls):
            try:
                crm.execute(LEADS)
                outcome["ok"] += 1
            except zgql.ZgqlError as error:  # noqa: PERF203 - one call at a time, on purpose
                record(outcome, exhausted, error)
    return outcome, exhausted


async def run_async(calls: int) -> tuple[Counter[str], list[float | None]]:
    outcome: Counter[str] = Counter()
    exhausted: list[float | None] = []

    async def one(crm: zgql.AsyncClient) -> None:
        try:
            await crm.execute(LEADS)
            outcome["ok"] += 1
        except zgql.ZgqlError as error:
            record(outcome, exhausted, error)

    async with zgql.AsyncClient(**options()) as crm:
        await asyncio.gather(*(one(crm) for _ in range(calls)))
    return outcome, exhausted


def main() -> None:
    mode, calls = sys.argv[1], int(sys.argv[2])
    outcome, exhausted = run_sync(calls) if mode == "sync" else asyncio.run(run_async(calls))
    print(json.dumps({"outcome": dict(outcome), "retry_after": exhausted}))  # noqa: T201 - the report


if __name__ == "__main__":
    main()
