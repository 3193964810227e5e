"""At most N calls in flight per org, shared by every client of that org in the process.

Zoho allows five GraphQL calls in flight per org and answers a sixth with 429. Threads (of
``Client``) and tasks (of ``AsyncClient``, on any event loop) wait in one first-come queue: a
released slot passes straight to the next waiter, so nobody is starved and the count never
goes above the limit.
"""

from __future__ import annotations

import asyncio
import threading
from collections import deque
from typing import Any

__all__ = ["OrgSlots"]


class OrgSlots:
    def __init__(self, limit: int) -> None:
        self.limit = limit
        self._lock = threading.Lock()
        self._taken = 0
        self._waiters: deque[Any] = deque()  # threading.Event or (loop, future)
        self.peak = 0  # the most ever in flight at once (for tests and diagnostics)

    @property
    def in_flight(self) -> int:
        return self._taken

    def _take(self) -> None:
        self._taken += 1
        self.peak = max(self.peak, self._taken)

    def acquire(self) -> None:
        """Wait (blocking this thread) for a slot."""
        with self._lock:
            if self._taken < self.limit and not self._waiters:
                self._take()
                return
            event = threading.Event()
            self._waiters.append(event)
        event.wait()  # release() handed us its slot

    async def acquire_async(self) -> None:
        """Wait (suspending this task) for a slot."""
        loop = asyncio.get_running_loop()
        with self._lock:
            if self._taken < self.limit and not self._waiters:
                self._take()
                return
            future: asyncio.Future[None] = loop.create_future()
            entry = (loop, future)
            self._waiters.append(entry)
        try:
            await future
        except asyncio.CancelledError:
            with self._lock:
                if entry in self._waiters:
                    self._waiters.remove(entry)
                    raise
            self.release()  # the slot reached us as we were cancelled: pass it on
            raise

    def release(self) -> None:
        with self._lock:
            while self._waiters:
                waiter = self._waiters.popleft()
                if isinstance(waiter, threading.Event):
                    waiter.set()  # the slot moves to the waiter: the count stays
                    return
                loop, future = waiter
                if not future.done():
                    loop.call_soon_threadsafe(_hand_over, future)
                    return
            self._taken -= 1


def _hand_over(future: asyncio.Future[None]) -> None:
    if not future.done():
        future.set_result(None)
