"""The org's in-flight slots under cancellation, timeouts and exceptions, for tasks and threads.

Every slot taken comes back exactly once: a waiter cancelled, timed out or interrupted never
gives back a slot it did not get, nor keeps one it got as it was leaving.
"""

from __future__ import annotations

import asyncio
import itertools
import random
import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from types import FrameType

import pytest
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

import zgql
from zgql._coordination._slots import OrgSlots
from zgql.testing import Emulator, Org

LEADS = "{ Records { Leads(limit: 10) { _data { id { value } } } } }"
FAST = zgql.RetryPolicy(attempts=3, base_seconds=0.01, cap_seconds=0.05, total_seconds=5)
_orgs = itertools.count()


class Holders:
    """Counts who holds a slot, and checks at each change that the slots agree."""

    def __init__(self, slots: OrgSlots) -> None:
        self.slots = slots
        self.count = self.most = 0
        self.broken: list[str] = []
        self._lock = threading.Lock()

    @contextmanager
    def holding(self) -> Iterator[None]:
        """Around the use of a slot already acquired (and released just after)."""
        self._change(+1)
        try:
            yield
        finally:
            self._change(-1)

    def _change(self, step: int) -> None:
        with self._lock:
            self.count += step
            self.most = max(self.most, self.count)
            # Under this lock nobody counted has released yet, so the slots count them all.
            in_flight = self.slots.in_flight
            if not 0 <= self.count <= in_flight <= self.slots.limit:
                self.broken.append(f"{self.count} holders, in_flight {in_flight}")


async def _hold_for(seconds: float, slots: OrgSlots, holders: Holders) -> None:
    try:
        with holders.holding():
            await asyncio.sleep(seconds)
    finally:
        slots.release()


# -- (a) the reproduction: waiters that time out ---------------------------------------------------


def test_waiters_that_time_out_give_back_nothing() -> None:
    slots = OrgSlots(5)
    holders = Holders(slots)
    rng = random.Random(0)

    async def impatient() -> None:
        with suppress(TimeoutError):
            await asyncio.wait_for(slots.acquire_async(), rng.uniform(0, 0.002))
            await _hold_for(rng.uniform(0, 0.002), slots, holders)

    async def run() -> None:
        await asyncio.gather(*(impatient() for _ in range(400)))
        assert slots.in_flight == 0  # it went below zero: slots given back twice
        holders.most = 0

        async def patient() -> None:
            await slots.acquire_async()
            await _hold_for(0.01, slots, holders)

        await asyncio.gather(*(patient() for _ in range(20)))

    asyncio.run(run())
    assert holders.broken == []
    assert holders.most == 5  # the twenty kept to the limit, and used all of it
    assert slots.in_flight == 0


# -- a thread interrupted while it waits ------------------------------------------------------------


class Interrupted(Exception):
    """What the signal handler raises in the waiting thread, as Ctrl-C would."""


@pytest.mark.skipif(not hasattr(signal, "pthread_kill"), reason="needs POSIX signals")
def test_a_thread_interrupted_while_waiting_leaks_no_slot() -> None:
    slots = OrgSlots(1)
    slots.acquire()  # full: the main thread will wait

    def interrupt() -> None:
        while not slots._waiters:  # the main thread is queued: interrupt its wait
            time.sleep(0.001)
        signal.pthread_kill(threading.main_thread().ident or 0, signal.SIGUSR1)

    def handler(_signum: int, _frame: FrameType | None) -> None:
        raise Interrupted

    previous = signal.signal(signal.SIGUSR1, handler)
    interrupter = threading.Thread(target=interrupt)
    try:
        interrupter.start()
        with pytest.raises(Interrupted):
            slots.acquire()
    finally:
        interrupter.join()
        signal.signal(signal.SIGUSR1, previous)
    slots.release()
    assert slots.in_flight == 0  # the slot did not go to the waiter that left
    slots.acquire()  # and it is there to take, at once
    assert slots.in_flight == 1


# -- (b) random interleavings -----------------------------------------------------------------------


def _one_iteration(loop: asyncio.AbstractEventLoop) -> None:
    """Run the callbacks ready now, and no more: the test decides what happens in between."""
    loop.call_soon(loop.stop)
    loop.run_forever()


class SlotsOnOneLoop(RuleBasedStateMachine):
    """Tasks acquire (plainly, or through wait_for), get cancelled, and the test releases the
    slots they got, in any order hypothesis picks, one loop iteration at a time."""

    LIMIT = 2

    def __init__(self) -> None:
        super().__init__()
        self.loop = asyncio.new_event_loop()
        self.slots = OrgSlots(self.LIMIT)
        self.tasks: list[asyncio.Task[None]] = []
        self.held: list[int] = []  # the tasks whose slots the test now holds
        self.called: list[int] = []  # the tasks, in the order they asked for a slot
        self.acquired: list[int] = []  # the tasks, in the order they got one
        self.cancelled: set[int] = set()

    async def _enter(self, ident: int) -> None:
        self.called.append(ident)
        await self.slots.acquire_async()
        self.acquired.append(ident)
        self.held.append(ident)

    async def _acquire(self, ident: int, timeout: float | None) -> None:
        with suppress(TimeoutError):
            await asyncio.wait_for(self._enter(ident), timeout)

    @rule(timeout=st.sampled_from([None, 0.0, 3600.0]))
    def start(self, timeout: float | None) -> None:
        self.tasks.append(self.loop.create_task(self._acquire(len(self.tasks), timeout)))

    @precondition(lambda self: self.tasks)
    @rule(data=st.data())
    def cancel(self, data: st.DataObject) -> None:
        ident = data.draw(st.integers(0, len(self.tasks) - 1))
        self.tasks[ident].cancel()
        self.cancelled.add(ident)

    @precondition(lambda self: self.held)
    @rule(data=st.data())
    def release(self, data: st.DataObject) -> None:
        self.held.remove(data.draw(st.sampled_from(self.held)))
        self.slots.release()

    @rule(iterations=st.integers(1, 3))
    def step(self, iterations: int) -> None:
        for _ in range(iterations):
            _one_iteration(self.loop)

    @rule()
    def settle(self) -> None:
        for _ in range(12):  # enough for any hand-over and cancellation to finish
            _one_iteration(self.loop)
        assert self.slots.in_flight == len(self.held)
        self._first_come_first_served()

    def _first_come_first_served(self) -> None:
        """No task got a slot while one that asked before it (and is still there) waits."""
        waiting = [
            ident
            for ident in self.called
            if not self.tasks[ident].done() and ident not in self.cancelled
        ]
        if waiting:
            later = self.called[self.called.index(waiting[0]) + 1 :]
            assert not set(later) & set(self.acquired)

    @invariant()
    def within_the_limit(self) -> None:
        assert 0 <= len(self.held) <= self.slots.in_flight <= self.LIMIT

    def teardown(self) -> None:
        try:
            for task in self.tasks:
                task.cancel()
            self.settle()
            while self.held:  # every slot the tasks got comes back, and then all are free
                self.held.pop()
                self.slots.release()
            self.settle()
            assert self.slots.in_flight == 0
            assert not self.slots._waiters
        finally:
            self.loop.close()


TestSlotsOnOneLoop = SlotsOnOneLoop.TestCase
TestSlotsOnOneLoop.settings = settings(max_examples=150, stateful_step_count=40, deadline=None)


def _maybe_fail(rng: random.Random) -> None:
    if rng.random() < 0.2:
        raise ValueError  # the call failed: the slot must come back all the same


def _sync_worker(slots: OrgSlots, holders: Holders, rng: random.Random) -> None:
    for _ in range(40):
        slots.acquire()
        with suppress(ValueError):
            try:
                with holders.holding():
                    time.sleep(rng.uniform(0, 0.001))
                    _maybe_fail(rng)
            finally:
                slots.release()


async def _async_call(slots: OrgSlots, holders: Holders, rng: random.Random) -> None:
    """One call of a task: time out, be cancelled, fail or succeed, at random."""
    timeout = rng.choice([None, 0.0, rng.uniform(0, 0.003)])
    with suppress(TimeoutError, ValueError):
        await asyncio.wait_for(slots.acquire_async(), timeout)
        try:
            with holders.holding():
                await asyncio.sleep(rng.uniform(0, 0.001))
                _maybe_fail(rng)
        finally:
            slots.release()


async def _async_worker(slots: OrgSlots, holders: Holders, rng: random.Random) -> None:
    tasks = [asyncio.create_task(_async_call(slots, holders, rng)) for _ in range(100)]
    for task in rng.sample(tasks, 40):  # some are cancelled from outside, wherever they are
        await asyncio.sleep(rng.uniform(0, 0.001))
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)


def _loop_worker(slots: OrgSlots, holders: Holders, rng: random.Random) -> None:
    for _ in range(3):
        asyncio.run(_async_worker(slots, holders, rng))


@pytest.mark.parametrize("seed", range(3))
def test_threads_and_tasks_at_random_keep_the_count(seed: int) -> None:
    slots = OrgSlots(3)
    holders = Holders(slots)
    rng = random.Random(seed)
    # Three threads of Client, three event loops of AsyncClient tasks, on the same slots.
    threads = [
        threading.Thread(target=worker, args=(slots, holders, random.Random(rng.random())))
        for worker in [_sync_worker] * 3 + [_loop_worker] * 3
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not any(thread.is_alive() for thread in threads)
    assert holders.broken == []
    assert 0 < holders.most <= 3
    assert slots.in_flight == 0
    assert not slots._waiters


# -- (c) end to end: a real AsyncClient against the emulator ----------------------------------------


def test_cancelled_calls_keep_the_org_to_five_in_flight(zoho_emulator: Emulator) -> None:
    zoho = zoho_emulator
    org = zoho.add_org()
    credentials = zoho.register_client(org)
    auth = zgql.ZohoOAuth(
        credentials.client_id,
        credentials.client_secret,
        credentials.refresh_token,
        accounts_url=zoho.base_url,
    )
    rng = random.Random(3)

    async def impatient(crm: zgql.AsyncClient) -> None:
        with suppress(TimeoutError, zgql.RateLimited):
            await asyncio.wait_for(crm.execute(LEADS), rng.uniform(0, 0.08))

    async def run() -> list[zgql.Result]:
        async with zgql.AsyncClient(
            auth=auth, api_domain=zoho.base_url, org=f"cancelled-{next(_orgs)}", retry=FAST
        ) as crm:
            await crm.execute(LEADS)  # the token, once
            zoho.inject("latency", seconds=0.03, times=None)
            await asyncio.gather(*(impatient(crm) for _ in range(200)))
            assert crm.slots is not None and crm.slots.in_flight == 0
            await asyncio.to_thread(_quiet, zoho, org)  # calls abandoned mid-flight end there
            return list(await asyncio.gather(*(crm.execute(LEADS) for _ in range(20))))

    results = asyncio.run(run())
    assert len(results) == 20
    assert org.peak_in_flight <= 5
    assert [c.status for c in zoho.calls if c.path == "/crm/graphql"] == [200] * 20


def _quiet(zoho: Emulator, org: Org) -> None:
    """Wait until the server has no call of ``org`` in flight; then forget what it saw."""
    deadline = time.monotonic() + 5
    while org.in_flight and time.monotonic() < deadline:
        time.sleep(0.01)
    with zoho.state.lock:
        org.peak_in_flight = 0
        zoho.state.calls.clear()
