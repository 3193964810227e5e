"""The in-process coordinator's credit ledger: minute buckets, reservations, Zoho's word."""

from __future__ import annotations

import asyncio

import pytest

from zgql._coordination._base import Lease, Refusal, Reservation
from zgql._coordination._local import LocalCoordinator

DAY = 86_400


class Clock:
    def __init__(self) -> None:
        self.now = 1_000_000_020.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def local(clock: Clock) -> LocalCoordinator:
    return LocalCoordinator(clock=clock)


def reserve(local: LocalCoordinator, credits: int, budget: int | None = None) -> Reservation:  # noqa: A002
    answer = local.reserve_credits("org", credits, budget_per_day=budget)
    assert isinstance(answer, Reservation), answer
    return answer


def test_the_ledger_is_a_rolling_day_in_bounded_memory(
    local: LocalCoordinator, clock: Clock
) -> None:
    for _ in range(2000):  # a credit a minute for 2000 minutes
        local.settle_credits(reserve(local, 1), 1)
        clock.now += 60
    assert local.credits_used("org") == 1439  # the last 1440 minutes, this one empty
    assert len(local._org("org").ledger._minutes) <= 1440


def test_budget_refusal_says_when_credits_roll_off(local: LocalCoordinator, clock: Clock) -> None:
    local.settle_credits(reserve(local, 6), 6)
    clock.now += 600
    local.settle_credits(reserve(local, 4), 4)
    refusal = local.reserve_credits("org", 3, budget_per_day=10)
    assert isinstance(refusal, Refusal)
    assert (refusal.reason, refusal.used, refusal.limit) == ("budget", 10, 10)
    # The 6 of the first minute roll off a day after it: then 3 more fit.
    assert refusal.retry_after is not None and DAY - 600 - 60 < refusal.retry_after <= DAY - 600


def test_settling_corrects_the_estimate(local: LocalCoordinator) -> None:
    local.settle_credits(reserve(local, 5), 2)
    local.settle_credits(reserve(local, 3), 0)  # refused by Zoho: nothing charged
    assert local.credits_used("org") == 2


def test_a_sync_counts_zoho_and_the_calls_in_flight(local: LocalCoordinator) -> None:
    local.settle_credits(reserve(local, 4), 4)
    in_flight = reserve(local, 3)
    local.sync_credits("org", 990, 1000)  # other apps used 6 more
    assert local.credits_used("org") == 13  # Zoho's 10 and the 3 in flight
    local.settle_credits(in_flight, 3)
    local.sync_credits("org", 996, 1000)  # a stale header, less than the ledger: not lowered
    assert local.credits_used("org") == 13


def test_the_pool_spent_refuses_until_it_rolls_off(local: LocalCoordinator) -> None:
    local.settle_credits(reserve(local, 10), 10)
    local.sync_credits("org", 0, 10)
    refusal = local.reserve_credits("org", 1, budget_per_day=None)
    assert isinstance(refusal, Refusal) and refusal.reason == "pool"
    assert refusal.retry_after is not None and DAY - 60 < refusal.retry_after <= DAY
    local.sync_credits("org", 5, None)  # some left again (the pool remembered)
    assert isinstance(local.reserve_credits("org", 1, budget_per_day=None), Reservation)


def test_a_lease_is_given_back_once(local: LocalCoordinator) -> None:
    first = local.acquire_slot("org", 1, 10)
    local.release_slot(first)
    local.release_slot(first)  # twice: nothing
    second = local.acquire_slot("org", 1, 10)
    assert local.org_slots("org").in_flight == 1
    local.release_slot(second)
    assert local.org_slots("org").in_flight == 0
    assert not local.renew_slot(Lease("org", "local-0"), 10)


def test_async_slots(local: LocalCoordinator) -> None:
    async def run() -> int:
        lease = await local.acquire_slot_async("org", 2, 10)
        held = local.org_slots("org").in_flight
        await local.release_slot_async(lease)
        return held

    assert asyncio.run(run()) == 1
    assert local.org_slots("org").in_flight == 0
