"""pytest fixtures for tests against the emulator; registered through the ``pytest11`` entry
point, so installing zgql makes them available:

    def test_sync(zoho_emulator):
        token = zoho_emulator.issue_token()
        ...

``zoho_emulator_session`` starts one emulator for the session; ``zoho_emulator`` hands it to
each test freshly reset (no faults, no calls, clock and pools restored).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from zgql._emulator import Emulator


@pytest.fixture(scope="session")
def zoho_emulator_session() -> Iterator[Emulator]:
    from zgql._emulator import Emulator  # noqa: PLC0415 - only sessions that use it pay

    with Emulator() as emulator:
        yield emulator


@pytest.fixture
def zoho_emulator(zoho_emulator_session: Emulator) -> Emulator:
    zoho_emulator_session.reset()
    return zoho_emulator_session
