"""The :class:`~zgql._coordination._base.Coordinator` of one process: zgql's default.

Every client of an org in this process shares its slots (threads and tasks in one first-come
queue), its rolling credit ledger (minute buckets, as in Redis), its access tokens and one
refresh lock per refresh token. Nothing is shared with other processes: for that, use
:class:`zgql.RedisCoordinator`.
"""

from __future__ import annotations

import itertools
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from typing import TYPE_CHECKING

from zgql._coordination._base import IN_FLIGHT_SECONDS, Lease, Refusal, Reservation
from zgql._coordination._slots import OrgSlots
from zgql._exceptions import CoordinationError
from zgql._service import service_limits
from zgql._window import RollingWindow

if TYPE_CHECKING:
    from zgql._client._oauth import StoredToken

__all__ = ["LOCAL_PREFIX", "LocalCoordinator", "MinuteLedger"]

LOCAL_PREFIX = "local-"  # of every lease and reservation id given here
_ids = itertools.count(1)


class MinuteLedger:
    """Credits used over a rolling window, in one bucket per minute: bounded memory (at most
    one entry per minute of the window), exact to the minute."""

    def __init__(self, window_seconds: float, clock: Callable[[], float] = time.time) -> None:
        self.window_minutes = max(1, int(window_seconds // 60))
        self.clock = clock
        self._minutes: dict[int, int] = {}  # insertion order is time order
        self._total = 0
        self.pool: int | None = None  # Zoho's daily pool, when known
        self.spent = False  # Zoho said no credits remain
        self._pending: dict[str, tuple[int, float]] = {}  # unsettled: id → (credits, expiry)

    def now_minute(self) -> int:
        return int(self.clock() // 60)

    def used(self) -> int:
        self._prune(self.now_minute())
        return self._total

    def add(self, minute: int, credits: int) -> None:  # noqa: A002 - the domain's word
        """Count ``credits`` (negative: give back) in ``minute``, if it is still in the window."""
        now = self.now_minute()
        self._prune(now)
        if minute <= now - self.window_minutes:
            return  # rolled off already: nothing to correct
        self._minutes[minute] = self._minutes.get(minute, 0) + credits
        self._total += credits

    def hold(self, reservation_id: str, credits: int) -> None:  # noqa: A002 - the domain's word
        """A call in flight: counted by :meth:`set_total` until :meth:`release`."""
        self._pending[reservation_id] = (credits, self.clock() + IN_FLIGHT_SECONDS)

    def release(self, reservation_id: str) -> None:
        self._pending.pop(reservation_id, None)

    def pending(self) -> int:
        now = self.clock()
        for gone in [k for k, (_, expiry) in self._pending.items() if expiry <= now]:
            del self._pending[gone]
        return sum(held for held, _ in self._pending.values())

    def raise_to(self, target: int) -> None:
        """Make the rolling total at least ``target``, counting the difference in the current
        minute (the latest it can have been). Never lowered: a header may be stale by the time
        it is applied (another call charged and settled since), and lowering to it would let a
        call past the pool; what this ledger counted rolls off by itself."""
        missing = target - self.used()
        if missing > 0:
            self.add(self.now_minute(), missing)

    def seconds_until_free(self, needed: int, limit: int) -> float | None:
        """Seconds until ``needed`` more credits fit under ``limit``, as buckets roll off; None
        when they never would (``needed`` alone is over ``limit``)."""
        if needed > limit:
            return None
        excess = self.used() + needed - limit
        now = self.clock()
        for minute in sorted(self._minutes):
            excess -= self._minutes[minute]
            if excess <= 0:
                return max(0.0, (minute + self.window_minutes) * 60 - now)
        return 0.0

    def _prune(self, now: int) -> None:
        horizon = now - self.window_minutes
        for minute in [m for m in self._minutes if m <= horizon]:
            self._total -= self._minutes.pop(minute)


class _Org:
    def __init__(self, limit: int, window_seconds: float, clock: Callable[[], float]) -> None:
        self.slots = OrgSlots(limit)
        self.held: set[str] = set()
        self.ledger = MinuteLedger(window_seconds, clock)


class LocalCoordinator:
    """Shared state for the clients of each org in this process (the default coordinator).

    ``clock`` (epoch seconds) drives the credit ledger; tests move it."""

    def __init__(self, *, clock: Callable[[], float] = time.time) -> None:
        self._clock = clock
        self._lock = threading.Lock()
        self._orgs: dict[str, _Org] = {}
        self._tokens: dict[str, StoredToken] = {}
        self._refresh_locks: dict[str, threading.Lock] = {}
        self._mints: dict[str, RollingWindow] = {}

    def __repr__(self) -> str:
        return f"LocalCoordinator({len(self._orgs)} orgs)"

    def _org(self, org: str, limit: int | None = None) -> _Org:
        """An org's state; the first caller that names a limit sets it."""
        with self._lock:
            state = self._orgs.get(org)
            if state is None:
                window = service_limits().credits_window_seconds
                default = service_limits().concurrent_calls_per_org
                state = self._orgs[org] = _Org(limit or default, window, self._clock)
            return state

    def org_slots(self, org: str) -> OrgSlots:
        """The slots of ``org`` (for diagnostics and tests: ``in_flight``, ``peak``)."""
        return self._org(org).slots

    # -- slots --------------------------------------------------------------------------------

    def acquire_slot(self, org: str, limit: int, lease_seconds: float) -> Lease:
        state = self._org(org, limit)
        state.slots.acquire()
        return self._leased(org, state)

    async def acquire_slot_async(self, org: str, limit: int, lease_seconds: float) -> Lease:
        state = self._org(org, limit)
        await state.slots.acquire_async()
        return self._leased(org, state)

    def _leased(self, org: str, state: _Org) -> Lease:
        lease = Lease(org, f"{LOCAL_PREFIX}{next(_ids)}")
        with self._lock:
            state.held.add(lease.id)
        return lease

    def release_slot(self, lease: Lease) -> None:
        state = self._org(lease.org)
        with self._lock:
            if lease.id not in state.held:
                return  # released already: once is the only time
            state.held.discard(lease.id)
        state.slots.release()

    async def release_slot_async(self, lease: Lease) -> None:
        self.release_slot(lease)

    def renew_slot(self, lease: Lease, lease_seconds: float) -> bool:
        """In one process a lease never expires: the process's end frees every slot."""
        return lease.id in self._org(lease.org).held

    # -- credits ------------------------------------------------------------------------------

    def reserve_credits(
        self,
        org: str,
        credits: int,  # noqa: A002 - the domain's word
        *,
        budget_per_day: int | None,
    ) -> Reservation | Refusal:
        ledger = self._org(org).ledger
        with self._lock:
            used = ledger.used()
            if ledger.spent:
                # Without the pool, what this process charged is all that is known to roll off.
                limit = ledger.pool if ledger.pool is not None else used
                return Refusal("pool", used, limit, ledger.seconds_until_free(credits, limit))
            if budget_per_day is not None and used + credits > budget_per_day:
                wait = ledger.seconds_until_free(credits, budget_per_day)
                return Refusal("budget", used, budget_per_day, wait)
            minute = ledger.now_minute()
            ledger.add(minute, credits)
            reservation = Reservation(org, f"{LOCAL_PREFIX}{next(_ids)}", credits, minute * 60.0)
            ledger.hold(reservation.id, credits)
        return reservation

    def settle_credits(self, reservation: Reservation, charged: int) -> None:
        ledger = self._org(reservation.org).ledger
        with self._lock:
            ledger.release(reservation.id)
            ledger.add(int(reservation.at // 60), charged - reservation.credits)

    def sync_credits(self, org: str, remaining: int, pool: int | None) -> None:
        ledger = self._org(org).ledger
        with self._lock:
            if pool is not None:
                ledger.pool = pool
            if ledger.pool is not None:  # Zoho's use, and the calls in flight it may not count
                ledger.raise_to(max(ledger.pool - remaining, 0) + ledger.pending())
            ledger.spent = remaining <= 0

    def credits_used(self, org: str) -> int:
        ledger = self._org(org).ledger
        with self._lock:
            return ledger.used()

    # -- tokens -------------------------------------------------------------------------------

    def load_token(self, key: str) -> StoredToken | None:
        return self._tokens.get(key)

    def save_token(self, key: str, token: StoredToken) -> None:
        self._tokens[key] = token

    def refresh_lock(self, key: str, timeout: float) -> AbstractContextManager[None]:
        with self._lock:
            lock = self._refresh_locks.setdefault(key, threading.Lock())
        return _held(lock, timeout)

    def record_mint(self, key: str, at: float) -> None:
        with self._lock:
            mints = self._mints.setdefault(key, RollingWindow(_mint_memory()))
            mints.add(at)
            mints.total(at)  # forgets what neither token limit looks back to

    def mints_since(self, key: str, since: float) -> list[float]:
        with self._lock:
            mints = self._mints.get(key)
            return mints.since(since) if mints is not None else []


def _mint_memory() -> float:
    """How long mints are remembered: long enough for both token limits (per ten minutes, and
    live tokens over an access token's lifetime)."""
    limits = service_limits()
    return float(max(limits.refresh_window_seconds, limits.access_token_seconds))


@contextmanager
def _held(lock: threading.Lock, timeout: float) -> Iterator[None]:
    if not lock.acquire(timeout=timeout):
        raise CoordinationError(
            f"the access-token refresh lock was held by another thread for more than {timeout:g} s"
        )
    try:
        yield
    finally:
        lock.release()
