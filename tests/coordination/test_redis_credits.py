"""RedisCoordinator's credit ledger: a rolling day in minute buckets, on Redis's clock (moved on
in these tests through the coordinator's ``_time_offset_ms`` hook)."""

from __future__ import annotations

import threading
import time

import pytest
import redis

from zgql._coordination._base import Refusal, Reservation
from zgql._coordination._redis import RedisCoordinator

DAY = 86_400


def advance(coordinator: RedisCoordinator, seconds: float) -> None:
    coordinator._time_offset_ms += round(seconds * 1000)


def now(coordinator: RedisCoordinator) -> float:
    """The coordinator's time (Redis's clock is this machine's)."""
    return time.time() + coordinator._time_offset_ms / 1000


def reserve(coordinator: RedisCoordinator, amount: int, budget: int | None = None) -> Reservation:
    answer = coordinator.reserve_credits("org", amount, budget_per_day=budget)
    assert isinstance(answer, Reservation), answer
    return answer


def refuse(coordinator: RedisCoordinator, amount: int, budget: int | None = None) -> Refusal:
    answer = coordinator.reserve_credits("org", amount, budget_per_day=budget)
    assert isinstance(answer, Refusal), answer
    return answer


def test_reserve_and_settle(coordinator: RedisCoordinator) -> None:
    first = reserve(coordinator, 10)
    assert first.org == "org" and first.credits == 10
    assert first.at % 60 == 0 and now(coordinator) - 61 < first.at <= now(coordinator)
    assert coordinator.credits_used("org") == 10
    coordinator.settle_credits(first, 7)  # cost less than estimated
    assert coordinator.credits_used("org") == 7
    second = reserve(coordinator, 5)
    assert second.id != first.id
    coordinator.settle_credits(second, 0)  # not charged at all
    assert coordinator.credits_used("org") == 7
    third = reserve(coordinator, 2)
    coordinator.settle_credits(third, 12)  # cost more
    assert coordinator.credits_used("org") == 19
    assert coordinator.credits_used("another org") == 0


def test_budget_refusal_and_when_to_retry(coordinator: RedisCoordinator) -> None:
    old = reserve(coordinator, 4, budget=10)
    advance(coordinator, 600)
    new = reserve(coordinator, 3, budget=10)
    refusal = refuse(coordinator, 5, budget=10)
    assert (refusal.reason, refusal.used, refusal.limit) == ("budget", 7, 10)
    # 2 credits must roll off: the oldest minute's 4 do, a day after that minute.
    assert refusal.retry_after == pytest.approx(old.at + DAY - now(coordinator), abs=1.5)
    reserve(coordinator, 3, budget=10)  # exactly the budget
    refusal = refuse(coordinator, 5, budget=10)  # 5 to roll off: the second minute's too
    assert refusal.used == 10
    assert refusal.retry_after == pytest.approx(new.at + DAY - now(coordinator), abs=1.5)
    never = refuse(coordinator, 11, budget=10)
    assert never.retry_after is None
    # A day after the first minute, its credits are gone.
    advance(coordinator, old.at + DAY - now(coordinator) + 1)
    assert coordinator.credits_used("org") == 6
    reserve(coordinator, 4, budget=10)


def test_the_buckets_stay_bounded(coordinator: RedisCoordinator, raw: redis.Redis) -> None:
    buckets, minutes, *_ = coordinator._credit_keys("org")
    taken = []
    for _ in range(2000):  # one credit a minute for 2000 minutes
        taken.append(int(reserve(coordinator, 1).at // 60))
        advance(coordinator, 60)
    assert raw.hlen(buckets) <= 1440
    assert raw.zcard(minutes) <= 1440

    def in_the_day() -> int:
        this_minute = int(now(coordinator) // 60)
        return sum(1 for minute in taken if minute > this_minute - 1440)

    before = in_the_day()
    used = coordinator.credits_used("org")
    assert used in {before, in_the_day()}  # exact to the minute
    assert used >= 1438
    assert 0 < raw.pttl(buckets) <= (DAY + 3600) * 1000


def test_settled_after_its_minute_left_the_day(coordinator: RedisCoordinator) -> None:
    reservation = reserve(coordinator, 10)
    advance(coordinator, DAY + 60)
    coordinator.settle_credits(reservation, 50)
    assert coordinator.credits_used("org") == 0


def test_sync_with_the_pool_known(coordinator: RedisCoordinator) -> None:
    coordinator.sync_credits("org", 100, 1000)
    assert coordinator.credits_used("org") == 900
    coordinator.settle_credits(reserve(coordinator, 50), 50)
    coordinator.sync_credits("org", 0, 1000)  # spent
    assert coordinator.credits_used("org") == 1000
    refusal = refuse(coordinator, 1)
    assert (refusal.reason, refusal.used, refusal.limit) == ("pool", 1000, 1000)
    assert refusal.retry_after is not None and DAY - 61 < refusal.retry_after <= DAY
    # A budget refusal comes first when both apply.
    assert refuse(coordinator, 1, budget=500).reason == "budget"
    # Zoho says there is some left again: cleared (the ledger is not lowered to a header,
    # which may be stale; the pool is remembered), and a call may go.
    coordinator.sync_credits("org", 10, None)
    assert coordinator.credits_used("org") == 1000
    reserve(coordinator, 5)


def test_a_spent_pool_rolls_off(coordinator: RedisCoordinator) -> None:
    first = reserve(coordinator, 600)
    advance(coordinator, 3600)
    coordinator.sync_credits("org", 0, 1000)  # 400 more used than this ledger saw
    refusal = refuse(coordinator, 100)
    # The first 600 roll off first, a day after their minute.
    assert refusal.retry_after == pytest.approx(first.at + DAY - now(coordinator), abs=1.5)
    assert refusal.retry_after is not None
    advance(coordinator, refusal.retry_after + 1)
    assert coordinator.credits_used("org") == 400
    reserve(coordinator, 100)


def test_a_sync_never_lowers_the_ledger(coordinator: RedisCoordinator) -> None:
    coordinator.settle_credits(reserve(coordinator, 5), 5)
    coordinator.settle_credits(reserve(coordinator, 5), 5)
    coordinator.sync_credits("org", 994, 1000)  # Zoho counted 6: stale, or not yet all
    assert coordinator.credits_used("org") == 10
    coordinator.sync_credits("org", 2000, 1000)  # more than the pool: nothing changes
    assert coordinator.credits_used("org") == 10


def test_a_sync_keeps_counting_the_calls_in_flight(coordinator: RedisCoordinator) -> None:
    coordinator.settle_credits(reserve(coordinator, 4), 4)
    in_flight = reserve(coordinator, 3)  # sent; Zoho may not have counted it yet
    coordinator.sync_credits("org", 996, 1000)  # Zoho counted the 4 settled ones
    assert coordinator.credits_used("org") == 7  # not 4: the 3 in flight still count
    coordinator.settle_credits(in_flight, 3)
    coordinator.sync_credits("org", 993, 1000)
    assert coordinator.credits_used("org") == 7
    coordinator.settle_credits(reserve(coordinator, 2), 0)  # refused by Zoho: given back
    coordinator.sync_credits("org", 993, 1000)
    assert coordinator.credits_used("org") == 7
    coordinator.sync_credits("org", 990, 1000)  # other apps used 3 more
    assert coordinator.credits_used("org") == 10


def test_spent_with_the_pool_unknown(coordinator: RedisCoordinator) -> None:
    coordinator.sync_credits("org", 0, None)  # nothing in the ledger: try again in a minute
    refusal = refuse(coordinator, 1)
    assert (refusal.reason, refusal.used) == ("pool", 0)
    assert refusal.retry_after == pytest.approx(60, abs=1)
    advance(coordinator, 61)
    first = reserve(coordinator, 3)
    coordinator.sync_credits("org", -5, None)  # spent: until the oldest minute rolls off
    refusal = refuse(coordinator, 1)
    assert refusal.retry_after == pytest.approx(first.at + DAY - now(coordinator), abs=1.5)
    coordinator.sync_credits("org", 7, None)  # cleared
    reserve(coordinator, 1)


def test_reservations_race_to_the_budget(coordinator: RedisCoordinator) -> None:
    granted: list[Reservation] = []
    lock = threading.Lock()

    def take() -> None:
        for _ in range(40):
            answer = coordinator.reserve_credits("org", 1, budget_per_day=150)
            if isinstance(answer, Reservation):
                with lock:
                    granted.append(answer)

    threads = [threading.Thread(target=take) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(10)
    assert len(granted) == 150
    assert len({r.id for r in granted}) == 150
    assert coordinator.credits_used("org") == 150


def test_bad_arguments(coordinator: RedisCoordinator) -> None:
    with pytest.raises(ValueError, match="credits"):
        coordinator.reserve_credits("org", -1, budget_per_day=None)
    with pytest.raises(ValueError, match="charged"):
        coordinator.settle_credits(reserve(coordinator, 1), -1)
