"""The rolling window the emulator and the in-process coordinator count in."""

from __future__ import annotations

from zgql._window import RollingWindow


def test_amounts_leave_the_window_when_it_has_passed() -> None:
    window = RollingWindow(600)
    window.add(1_000, 3)
    window.add(1_300, 2)
    window.add(1_300)
    assert window.total(1_500) == 6
    assert window.total(1_600) == 3  # the first is exactly a window old: gone
    assert window.times(1_899) == [1_300, 1_300]
    assert window.total(1_900) == 0


def test_since_and_clear() -> None:
    window = RollingWindow(60)
    for at in (10, 20, 30):
        window.add(at)
    assert window.since(15) == [20, 30]
    window.clear()
    assert window.total(30) == 0
