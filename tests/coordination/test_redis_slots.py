"""RedisCoordinator's slots against a real redis-server: the limit holds across threads, tasks
and processes; waiters are served in order; cancellation, interruption, a holder or a waiter
SIGKILLed lose no slot."""

from __future__ import annotations

import asyncio
import os
import random
import signal
import threading
import time
from collections.abc import Callable

import pytest
import redis

from coordination.conftest import Worker
from zgql._coordination._base import Coordinator, Lease
from zgql._coordination._redis import RedisCoordinator


class Holders:
    """Counts the leases held at once, and the most ever."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.now = 0
        self.peak = 0
        self.total = 0

    def enter(self) -> None:
        with self._lock:
            self.now += 1
            self.total += 1
            self.peak = max(self.peak, self.now)

    def leave(self) -> None:
        with self._lock:
            self.now -= 1


def keys(coordinator: RedisCoordinator, org: str) -> dict[str, str]:
    slot_keys = coordinator._slot_keys(org)
    return {"leases": slot_keys.leases, "queue": slot_keys.queue, "alive": slot_keys.alive}


def assert_all_back(coordinator: RedisCoordinator, raw: redis.Redis, org: str) -> None:
    """Nothing held, nobody queued."""
    names = keys(coordinator, org)
    assert raw.zcard(names["leases"]) == 0
    assert raw.zcard(names["queue"]) == 0
    assert raw.zcard(names["alive"]) == 0


def wait_until(predicate: Callable[[], bool], timeout: float = 5.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.005)


async def eventually(predicate: Callable[[], bool], timeout: float = 5.0) -> None:
    deadline = time.monotonic() + timeout
    for _ in range(100_000):
        if predicate():
            return
        assert time.monotonic() < deadline, "timed out"
        await asyncio.sleep(0.002)


def test_is_a_coordinator(coordinator: RedisCoordinator) -> None:
    assert isinstance(coordinator, Coordinator)


def test_acquire_release_renew(coordinator: RedisCoordinator, raw: redis.Redis) -> None:
    first = coordinator.acquire_slot("org", 2, 30)
    second = coordinator.acquire_slot("org", 2, 30)
    assert first.org == "org" and first.id != second.id
    assert raw.zcard(keys(coordinator, "org")["leases"]) == 2
    assert coordinator.renew_slot(first, 60)
    coordinator.release_slot(first)
    coordinator.release_slot(first)  # twice: nothing
    assert not coordinator.renew_slot(first, 60)  # released: not renewed
    coordinator.release_slot(second)
    assert_all_back(coordinator, raw, "org")
    # Orgs are apart: a full org does not hold up another one.
    coordinator.acquire_slot("org", 1, 30)
    coordinator.acquire_slot("other org {with braces}", 1, 30)


def test_renewed_lease_outlives_its_first_term(coordinator: RedisCoordinator) -> None:
    lease = coordinator.acquire_slot("org", 1, 0.3)
    assert coordinator.renew_slot(lease, 30)
    time.sleep(0.4)

    async def try_to_take() -> None:
        try:
            with pytest.raises(asyncio.TimeoutError):
                await asyncio.wait_for(coordinator.acquire_slot_async("org", 1, 30), 0.3)
        finally:
            await coordinator.aclose()

    asyncio.run(try_to_take())
    coordinator.release_slot(lease)
    # Expired, a lease is not renewed (its slot may be someone else's).
    short = coordinator.acquire_slot("org", 1, 0.05)
    time.sleep(0.1)
    assert not coordinator.renew_slot(short, 30)


def test_limit_holds_across_threads_and_tasks(
    coordinator: RedisCoordinator, raw: redis.Redis
) -> None:
    limit, holders, errors = 3, Holders(), []

    def thread() -> None:
        try:
            for _ in range(12):
                lease = coordinator.acquire_slot("org", limit, 30)
                holders.enter()
                time.sleep(random.uniform(0, 0.002))
                holders.leave()
                coordinator.release_slot(lease)
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)

    async def task() -> None:
        for _ in range(6):
            lease = await coordinator.acquire_slot_async("org", limit, 30)
            holders.enter()
            await asyncio.sleep(random.uniform(0, 0.002))
            holders.leave()
            await coordinator.release_slot_async(lease)

    async def tasks() -> None:
        try:
            await asyncio.gather(*(task() for _ in range(30)))
        finally:
            await coordinator.aclose()

    threads = [threading.Thread(target=thread) for _ in range(12)]
    threads.append(threading.Thread(target=lambda: asyncio.run(tasks())))
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert not errors
    assert holders.total == 12 * 12 + 30 * 6
    assert holders.peak == limit  # reached, never passed
    assert_all_back(coordinator, raw, "org")


def test_waiters_are_served_in_order_of_arrival(
    coordinator: RedisCoordinator, raw: redis.Redis
) -> None:
    queue_key = keys(coordinator, "org")["queue"]
    held = coordinator.acquire_slot("org", 1, 30)
    order: list[int] = []

    def waiter(n: int) -> None:
        lease = coordinator.acquire_slot("org", 1, 30)
        order.append(n)
        time.sleep(0.002)
        coordinator.release_slot(lease)

    threads = []
    for n in range(10):
        threads.append(threading.Thread(target=waiter, args=(n,)))
        threads[-1].start()
        wait_until(lambda: raw.zcard(queue_key) == len(threads))  # queued before the next comes
    coordinator.release_slot(held)
    for t in threads:
        t.join(10)
    assert order == list(range(10))
    assert_all_back(coordinator, raw, "org")


def test_tasks_are_served_in_order_of_arrival(
    coordinator: RedisCoordinator, raw: redis.Redis
) -> None:
    queue_key = keys(coordinator, "org")["queue"]

    async def run() -> list[int]:
        held = await coordinator.acquire_slot_async("org", 2, 30)
        also_held = await coordinator.acquire_slot_async("org", 2, 30)
        order: list[int] = []

        async def waiter(n: int) -> None:
            lease = await coordinator.acquire_slot_async("org", 2, 30)
            order.append(n)
            await asyncio.sleep(0.01)
            await coordinator.release_slot_async(lease)

        tasks = []
        for n in range(10):
            tasks.append(asyncio.create_task(waiter(n)))
            await eventually(lambda: raw.zcard(queue_key) == len(tasks))
        await coordinator.release_slot_async(held)
        await coordinator.release_slot_async(also_held)
        await asyncio.gather(*tasks)
        await coordinator.aclose()
        return order

    order = asyncio.run(run())
    # Two slots: grants go in arrival order, pairs may finish in either order.
    assert sorted(order[:2]) == [0, 1] and sorted(order) == list(range(10))
    assert all(max(order[: i + 1]) <= i + 1 for i in range(10))
    assert_all_back(coordinator, raw, "org")


def test_cancellation_is_exact(coordinator: RedisCoordinator, raw: redis.Redis) -> None:
    limit, holders = 3, Holders()
    outcomes = {"held": 0, "timed out": 0}

    async def one(n: int) -> None:
        await asyncio.sleep(random.uniform(0, 0.2))  # arrivals spread over 0.2 s
        # Half give up almost at once (in any step of the acquisition), half wait longer.
        patience = random.uniform(0, 0.005) if n % 2 else random.uniform(0.05, 0.3)
        try:
            lease = await asyncio.wait_for(
                coordinator.acquire_slot_async("org", limit, 30), patience
            )
        except asyncio.TimeoutError:
            outcomes["timed out"] += 1
            return
        holders.enter()
        await asyncio.sleep(random.uniform(0, 0.002))
        holders.leave()
        outcomes["held"] += 1
        await coordinator.release_slot_async(lease)

    async def run() -> None:
        try:
            await asyncio.gather(*(one(n) for n in range(300)))
            # Every slot came back: all of them can be taken at once, and not one more.
            leases = [
                await asyncio.wait_for(coordinator.acquire_slot_async("org", limit, 30), 2)
                for _ in range(limit)
            ]
            with pytest.raises(asyncio.TimeoutError):
                await asyncio.wait_for(coordinator.acquire_slot_async("org", limit, 30), 0.2)
            for lease in leases:
                await coordinator.release_slot_async(lease)
        finally:
            await coordinator.aclose()

    asyncio.run(run())
    assert holders.peak <= limit
    assert outcomes["held"] > 0 and outcomes["timed out"] > 0
    assert outcomes["held"] + outcomes["timed out"] == 300
    assert_all_back(coordinator, raw, "org")


def test_a_waiter_cancelled_as_the_slot_reaches_it_passes_it_on(
    coordinator: RedisCoordinator, raw: redis.Redis
) -> None:
    # The claim on a handed-over slot lasts a heartbeat (5 s): passing it on must not wait.
    async def run() -> float:
        try:
            held = await coordinator.acquire_slot_async("org", 1, 30)
            first = asyncio.create_task(coordinator.acquire_slot_async("org", 1, 30))
            second = asyncio.create_task(coordinator.acquire_slot_async("org", 1, 30))
            await eventually(lambda: raw.zcard(keys(coordinator, "org")["queue"]) == 2)
            # The slot goes to `first`, which is cancelled before it can wake (no await in
            # between: the loop does not run): it passes the slot on.
            coordinator.release_slot(held)
            assert raw.zcard(keys(coordinator, "org")["queue"]) == 1
            first.cancel()
            started = time.monotonic()
            lease = await asyncio.wait_for(second, 2)
            waited = time.monotonic() - started
            with pytest.raises(asyncio.CancelledError):
                await first
            await coordinator.release_slot_async(lease)
            return waited
        finally:
            await coordinator.aclose()

    assert asyncio.run(run()) < 1.0
    assert_all_back(coordinator, raw, "org")


def test_an_interrupted_thread_leaves_the_queue(
    coordinator: RedisCoordinator, raw: redis.Redis, monkeypatch: pytest.MonkeyPatch
) -> None:
    held = coordinator.acquire_slot("org", 1, 30)

    class Interrupted(BaseException):
        pass

    def interrupted(*_args: object, **_kwargs: object) -> None:
        raise Interrupted

    monkeypatch.setattr(coordinator._inbox, "listen", interrupted)
    with pytest.raises(Interrupted):
        coordinator.acquire_slot("org", 1, 30)
    monkeypatch.undo()
    coordinator.release_slot(held)
    assert_all_back(coordinator, raw, "org")
    coordinator.release_slot(coordinator.acquire_slot("org", 1, 30))


def test_a_slot_held_by_a_killed_process_comes_back_when_its_lease_ends(
    coordinator: RedisCoordinator,
    raw: redis.Redis,
    redis_url: str,
    namespace: str,
    spawn: Callable[..., Worker],
) -> None:
    worker = spawn(redis_url, namespace, "hold", "org", "1.0")
    worker.expect("held")
    os.kill(worker.pid, signal.SIGKILL)
    started = time.monotonic()
    lease = coordinator.acquire_slot("org", 1, 30)  # waits for the lease to end: about 1 s
    waited = time.monotonic() - started
    assert 0.3 < waited < 2.5
    coordinator.release_slot(lease)
    assert_all_back(coordinator, raw, "org")


def test_a_killed_waiter_does_not_block_the_queue(
    coordinator: RedisCoordinator,
    raw: redis.Redis,
    redis_url: str,
    namespace: str,
    spawn: Callable[..., Worker],
) -> None:
    coordinator._heartbeat_seconds = 0.5  # the claim on a handed-over slot, too
    held = coordinator.acquire_slot("org", 1, 30)
    worker = spawn(redis_url, namespace, "wait", "org")
    worker.expect("waiting")
    wait_until(lambda: raw.zcard(keys(coordinator, "org")["queue"]) == 1)
    os.kill(worker.pid, signal.SIGKILL)
    got: list[Lease] = []
    behind = threading.Thread(target=lambda: got.append(coordinator.acquire_slot("org", 1, 30)))
    behind.start()
    wait_until(lambda: raw.zcard(keys(coordinator, "org")["queue"]) == 2)
    started = time.monotonic()
    # The dead waiter is at the head, and may still look alive: the slot is handed to it, its
    # claim lapses, and the next waiter gets the slot.
    coordinator.release_slot(held)
    behind.join(5)
    waited = time.monotonic() - started
    assert got and waited < 2.0
    coordinator.release_slot(got[0])
    assert_all_back(coordinator, raw, "org")


def test_the_limit_holds_across_processes(
    raw: redis.Redis, redis_url: str, namespace: str, spawn: Callable[..., Worker]
) -> None:
    prefix = f"{namespace}:count"
    workers = [spawn(redis_url, namespace, "loop", "org", "2", "25", prefix) for _ in range(4)]
    for worker in workers:
        worker.expect("done", timeout=15)
        assert worker.wait() == 0
    assert int(raw.get(f"{prefix}:total") or 0) == 100
    assert int(raw.get(f"{prefix}:peak") or 0) == 2  # reached, never passed
    assert int(raw.get(f"{prefix}:now") or 0) == 0
    coordinator = RedisCoordinator(redis_url, namespace=namespace)
    assert_all_back(coordinator, raw, "org")
    coordinator.close()


def test_bad_arguments(coordinator: RedisCoordinator) -> None:
    with pytest.raises(ValueError, match="limit"):
        coordinator.acquire_slot("org", 0, 30)
    with pytest.raises(ValueError, match="lease_seconds"):
        coordinator.acquire_slot("org", 1, 0)
