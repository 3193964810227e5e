"""A rolling window: amounts with the time they happened, forgotten once older than the window.

Zoho counts both its daily credit pool and its token throttle over rolling windows; the
emulator and the in-process coordinator keep such counts in this one shape.
"""

from __future__ import annotations

from collections import deque

__all__ = ["RollingWindow"]


class RollingWindow:
    """What happened within the last ``seconds`` (the caller gives every time: a clock of its
    own). Not thread-safe: its owner holds its own lock."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self._events: deque[tuple[float, int]] = deque()

    def add(self, at: float, amount: int = 1) -> None:
        self._events.append((at, amount))

    def total(self, now: float) -> int:
        """The amounts within the window ending at ``now``."""
        self._forget(now)
        return sum(amount for _, amount in self._events)

    def times(self, now: float) -> list[float]:
        """When each event within the window happened, oldest first."""
        self._forget(now)
        return [at for at, _ in self._events]

    def since(self, after: float) -> list[float]:
        """When each event after ``after`` happened, oldest first."""
        return [at for at, _ in self._events if at > after]

    def clear(self) -> None:
        self._events.clear()

    def _forget(self, now: float) -> None:
        horizon = now - self.seconds
        while self._events and self._events[0][0] <= horizon:
            self._events.popleft()
