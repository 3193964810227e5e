"""At most N calls in flight per org, shared by every client of that org in the process.

Zoho allows five GraphQL calls in flight per org and answers a sixth with 429. Threads (of
``Client``) and tasks (of ``AsyncClient``, on any event loop) wait in one first-come queue: a
released slot passes straight to the next waiter, so nobody is starved and the count never
goes above the limit.

A waiter may leave (cancelled, timed out, interrupted) at the very moment a slot is handed to
it. Who owns the slot then is decided under the lock, once: ``release()`` marks the waiter
``granted`` as it hands the slot over; a leaving waiter that finds the mark passes the slot on,
one that does not just leaves the queue. So every slot comes back exactly once.
"""

from __future__ import annotations

import asyncio
import threading
from collections import deque
from collections.abc import Callable

__all__ = ["OrgSlots"]


class _Waiter:
    """One thread or task in the queue. ``wake`` tells it that it has the slot, or returns
    False when it can no longer take one (its future is cancelled, its loop closed)."""

    __slots__ = ("granted", "wake")

    def __init__(self, wake: Callable[[], bool]) -> None:
        self.wake = wake
        self.granted = False  # set under the lock, by release(), when the slot is its own


class OrgSlots:
    def __init__(self, limit: int) -> None:
        self.limit = limit
        self._lock = threading.Lock()
        self._taken = 0  # slots held, counting those handed to waiters not yet awake
        self._waiters: deque[_Waiter] = deque()
        self.peak = 0  # the most ever in flight at once (for tests and diagnostics)

    @property
    def in_flight(self) -> int:
        return self._taken

    def acquire(self) -> None:
        """Wait (blocking this thread) for a slot."""
        event = threading.Event()
        waiter = self._take_or_queue(lambda: _set(event))
        if waiter is None:
            return
        try:
            event.wait()
        except BaseException:  # interrupted (a signal, Ctrl-C): leave without losing a slot
            self._leave(waiter)
            raise

    async def acquire_async(self) -> None:
        """Wait (suspending this task) for a slot."""
        loop = asyncio.get_running_loop()
        future: asyncio.Future[None] = loop.create_future()
        waiter = self._take_or_queue(lambda: _schedule(loop, future))
        if waiter is None:
            return
        try:
            await future
        except BaseException:  # cancelled (wait_for's timeout too): leave without losing a slot
            self._leave(waiter)
            raise

    def release(self) -> None:
        """Give a slot back: to the first waiter that can still take it, else to the pool."""
        with self._lock:
            while self._waiters:
                waiter = self._waiters.popleft()
                if waiter.wake():
                    waiter.granted = True  # the slot moves to the waiter: the count stays
                    return
            if self._taken <= 0:
                msg = "OrgSlots.release() without a slot taken"
                raise RuntimeError(msg)
            self._taken -= 1

    def _take_or_queue(self, wake: Callable[[], bool]) -> _Waiter | None:
        """Take a free slot (None) when nobody waits for one, else the queued waiter."""
        with self._lock:
            if self._taken < self.limit and not self._waiters:
                self._taken += 1
                self.peak = max(self.peak, self._taken)
                return None
            waiter = _Waiter(wake)
            self._waiters.append(waiter)
            return waiter

    def _leave(self, waiter: _Waiter) -> None:
        """A waiter gives up: out of the queue, or (when the slot reached it first) the slot
        goes on to the next one."""
        with self._lock:
            granted = waiter.granted
            if not granted and waiter in self._waiters:  # release() has not reached it yet
                self._waiters.remove(waiter)
        if granted:
            self.release()


def _set(event: threading.Event) -> bool:
    event.set()
    return True


def _schedule(loop: asyncio.AbstractEventLoop, future: asyncio.Future[None]) -> bool:
    if future.done():  # cancelled: its task is leaving, and _leave() will find it not granted
        return False
    try:
        loop.call_soon_threadsafe(_hand_over, future)
    except RuntimeError:  # the loop is closed: nobody there will ever take the slot
        return False
    return True


def _hand_over(future: asyncio.Future[None]) -> None:
    if not future.done():
        future.set_result(None)
