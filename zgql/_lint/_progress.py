"""Progress of a long ``zgql check`` on standard error: files read of the total, then queries
analysed of the total, each with its rate, on one line redrawn in place.

Only on a terminal, never with ``--quiet``, never on a run shorter than :data:`DELAY`; at most
one redraw per :data:`INTERVAL`, and the line is erased when the run ends, before any report or
``zgql:`` line is written. Off, the check gets :data:`NULL_PROGRESS`, whose methods do nothing.
No thread draws it (the check forks worker processes): each :meth:`~Progress.advance` may draw.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from typing import Protocol, TextIO

__all__ = [
    "DELAY",
    "DELAY_VARIABLE",
    "INTERVAL",
    "NULL_PROGRESS",
    "NullProgress",
    "Progress",
    "TerminalProgress",
    "progress_for",
]

DELAY = 0.5  # seconds into a run before the display appears: a short run never shows it
INTERVAL = 0.1  # seconds between two redraws, at least
# For tests: the delay in seconds instead of DELAY ("0": the display appears from the first
# file, so that a test on a small tree sees it). Not a user setting.
DELAY_VARIABLE = "ZGQL_PROGRESS_DELAY"
_NEVER = float("inf")


class Progress(Protocol):
    """What the check tells about its progress: a phase with its total, how many more of it
    are done, and that the run is over (the display, if any, is erased)."""

    def start(self, phase: str, total: int, unit: str = "files") -> None: ...

    def advance(self, n: int = 1) -> None: ...

    def done(self) -> None: ...


class NullProgress:
    """No display: the check's default, when standard error is no terminal or with
    ``--quiet``."""

    __slots__ = ()

    def start(self, phase: str, total: int, unit: str = "files") -> None:
        pass

    def advance(self, n: int = 1) -> None:
        pass

    def done(self) -> None:
        pass


NULL_PROGRESS = NullProgress()


class TerminalProgress:
    """``zgql: reading 1200 of 3000 files (410 files/s)`` on ``stream``, a terminal, redrawn
    with a carriage return; nothing before ``delay`` seconds from its creation; erased by
    :meth:`done`. A stream that cannot be written to turns it off, never the check."""

    __slots__ = (
        "_clock",
        "_count",
        "_interval",
        "_next_draw",
        "_phase",
        "_phase_start",
        "_show_from",
        "_stream",
        "_total",
        "_unit",
        "_width",
    )

    def __init__(
        self,
        stream: TextIO,
        *,
        delay: float = DELAY,
        interval: float = INTERVAL,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._stream = stream
        self._clock = clock
        self._interval = interval
        self._show_from = clock() + delay
        self._next_draw = _NEVER  # until a phase starts
        self._phase, self._unit, self._total, self._count = "", "", 0, 0
        self._phase_start = 0.0
        self._width = 0  # of the line on the terminal; 0: none is shown

    def start(self, phase: str, total: int, unit: str = "files") -> None:
        self._phase, self._unit, self._total, self._count = phase, unit, total, 0
        self._phase_start = self._clock()
        # Drawn as soon as it advances (once past the delay): one more redraw per phase at most.
        # After done(), or a stream that failed, _show_from is _NEVER.
        self._next_draw = self._show_from if total > 0 else _NEVER

    def advance(self, n: int = 1) -> None:
        self._count += n
        now = self._clock()
        if now >= self._next_draw:
            self._draw(now)

    def done(self) -> None:
        self._next_draw = self._show_from = _NEVER
        if self._width:
            self._write("\r" + " " * self._width + "\r")
            self._width = 0

    def _draw(self, now: float) -> None:
        self._next_draw = now + self._interval
        elapsed = now - self._phase_start
        rate = self._count / elapsed if elapsed > 0 else 0.0
        line = (
            f"zgql: {self._phase} {self._count} of {self._total} {self._unit} "
            f"({rate:.0f} {self._unit}/s)"
        )
        line = line[: self._columns() - 1]  # a line that wraps cannot be redrawn in place
        text, self._width = "\r" + line.ljust(self._width), max(self._width, len(line))
        self._write(text)  # which sets _width to 0 when it fails

    def _columns(self) -> int:
        try:
            return os.get_terminal_size(self._stream.fileno()).columns or 80
        except (OSError, ValueError, AttributeError):
            return 80

    def _write(self, text: str) -> None:
        try:
            self._stream.write(text)
            self._stream.flush()
        except (OSError, ValueError):  # closed, or gone: no more progress, the check goes on
            self._next_draw = self._show_from = _NEVER
            self._width = 0


def progress_for(stream: TextIO, *, quiet: bool = False) -> Progress:
    """The display for ``zgql check``: on ``stream`` when it is a terminal and not ``quiet``;
    otherwise :data:`NULL_PROGRESS`. The delay is :data:`DELAY` unless :data:`DELAY_VARIABLE`
    (for tests) says otherwise."""
    try:
        terminal = not quiet and stream.isatty()
    except (OSError, ValueError, AttributeError):
        terminal = False
    if not terminal:
        return NULL_PROGRESS
    try:
        delay = float(os.environ.get(DELAY_VARIABLE, DELAY))
    except ValueError:
        delay = DELAY
    return TerminalProgress(stream, delay=delay)
