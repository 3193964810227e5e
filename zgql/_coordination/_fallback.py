"""Redis first, this process's limits when Redis fails: what ``RedisCoordinator(fallback=True)``
asks for instead of failing closed.

While Redis is down, calls keep within the limits of this process alone (so several processes
together may pass the org's): each fall-back is logged as a warning on the ``zgql`` logger, and
Redis is tried again after :attr:`FallbackCoordinator.retry_seconds`. Leases and reservations
remember where they were taken, so each is given back to the coordinator that gave it.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager, suppress
from typing import TYPE_CHECKING, TypeVar

from zgql._coordination._base import Coordinator, Lease, Refusal, Reservation
from zgql._coordination._local import LOCAL_PREFIX, LocalCoordinator
from zgql._exceptions import CoordinationError

if TYPE_CHECKING:
    from zgql._client._oauth import StoredToken

__all__ = ["FallbackCoordinator", "with_fallback"]

logger = logging.getLogger("zgql")
T = TypeVar("T")


def with_fallback(coordinator: Coordinator) -> Coordinator:
    """``coordinator`` as asked: wrapped when it says ``fallback = True``."""
    if getattr(coordinator, "fallback", False) and not isinstance(coordinator, LocalCoordinator):
        return FallbackCoordinator(coordinator)
    return coordinator


class FallbackCoordinator:
    """``primary`` while it answers; a :class:`LocalCoordinator` of its own while it does not."""

    retry_seconds = 30.0

    def __init__(self, primary: Coordinator) -> None:
        self.primary = primary
        self.local = LocalCoordinator()
        self._down_until = 0.0
        self._lock = threading.Lock()

    def __repr__(self) -> str:
        return f"FallbackCoordinator({self.primary!r})"

    def close(self) -> None:
        close = getattr(self.primary, "close", None)
        if close is not None:
            close()

    async def aclose(self) -> None:
        aclose = getattr(self.primary, "aclose", None)
        if aclose is not None:
            await aclose()

    def _either(self, doing: str, primary: Callable[[], T], local: Callable[[], T]) -> T:
        if time.monotonic() >= self._down_until:
            try:
                return primary()
            except CoordinationError as error:
                with self._lock:
                    self._down_until = time.monotonic() + self.retry_seconds
                logger.warning(
                    "zgql: the coordinator failed to %s; in-process limits for %.0f s: %s",
                    doing,
                    self.retry_seconds,
                    error,
                )
        return local()

    def _mine(self, taken: Lease | Reservation) -> bool:
        return taken.id.startswith(LOCAL_PREFIX)

    # -- slots --------------------------------------------------------------------------------

    def acquire_slot(self, org: str, limit: int, lease_seconds: float) -> Lease:
        return self._either(
            "take a slot",
            lambda: self.primary.acquire_slot(org, limit, lease_seconds),
            lambda: self.local.acquire_slot(org, limit, lease_seconds),
        )

    async def acquire_slot_async(self, org: str, limit: int, lease_seconds: float) -> Lease:
        if time.monotonic() >= self._down_until:
            try:
                return await self.primary.acquire_slot_async(org, limit, lease_seconds)
            except CoordinationError as error:
                with self._lock:
                    self._down_until = time.monotonic() + self.retry_seconds
                logger.warning("zgql: the coordinator failed to take a slot: %s", error)
        return await self.local.acquire_slot_async(org, limit, lease_seconds)

    def release_slot(self, lease: Lease) -> None:
        if self._mine(lease):
            self.local.release_slot(lease)
            return
        with suppress(CoordinationError):  # Redis is gone: the lease lapses there by itself
            self.primary.release_slot(lease)

    async def release_slot_async(self, lease: Lease) -> None:
        if self._mine(lease):
            await self.local.release_slot_async(lease)
            return
        with suppress(CoordinationError):  # Redis is gone: the lease lapses there by itself
            await self.primary.release_slot_async(lease)

    def renew_slot(self, lease: Lease, lease_seconds: float) -> bool:
        if self._mine(lease):
            return self.local.renew_slot(lease, lease_seconds)
        return self.primary.renew_slot(lease, lease_seconds)

    # -- credits ------------------------------------------------------------------------------

    def reserve_credits(
        self,
        org: str,
        credits: int,  # noqa: A002 - the domain's word
        *,
        budget_per_day: int | None,
    ) -> Reservation | Refusal:
        return self._either(
            "reserve credits",
            lambda: self.primary.reserve_credits(org, credits, budget_per_day=budget_per_day),
            lambda: self.local.reserve_credits(org, credits, budget_per_day=budget_per_day),
        )

    def settle_credits(self, reservation: Reservation, charged: int) -> None:
        if self._mine(reservation):
            self.local.settle_credits(reservation, charged)
        else:
            self.primary.settle_credits(reservation, charged)

    def sync_credits(self, org: str, remaining: int, pool: int | None) -> None:
        self.local.sync_credits(org, remaining, pool)  # both learn Zoho's word
        self._either(
            "record the credits Zoho reported",
            lambda: self.primary.sync_credits(org, remaining, pool),
            lambda: None,
        )

    def credits_used(self, org: str) -> int:
        return self._either(
            "read the credits used",
            lambda: self.primary.credits_used(org),
            lambda: self.local.credits_used(org),
        )

    # -- tokens -------------------------------------------------------------------------------

    def load_token(self, key: str) -> StoredToken | None:
        return self._either(
            "load an access token",
            lambda: self.primary.load_token(key),
            lambda: self.local.load_token(key),
        )

    def save_token(self, key: str, token: StoredToken) -> None:
        self.local.save_token(key, token)
        self._either(
            "save an access token", lambda: self.primary.save_token(key, token), lambda: None
        )

    def refresh_lock(self, key: str, timeout: float) -> AbstractContextManager[None]:
        return self._locked(key, timeout)

    @contextmanager
    def _locked(self, key: str, timeout: float) -> Iterator[None]:
        lock = self._either(
            "take the refresh lock",
            lambda: _entered(self.primary.refresh_lock(key, timeout)),
            lambda: _entered(self.local.refresh_lock(key, timeout)),
        )
        try:
            yield
        finally:
            lock.__exit__(None, None, None)

    def record_mint(self, key: str, at: float) -> None:
        self.local.record_mint(key, at)
        self._either("record a token mint", lambda: self.primary.record_mint(key, at), lambda: None)

    def mints_since(self, key: str, since: float) -> list[float]:
        return self._either(
            "read the token mints",
            lambda: self.primary.mints_since(key, since),
            lambda: self.local.mints_since(key, since),
        )


def _entered(manager: AbstractContextManager[None]) -> AbstractContextManager[None]:
    manager.__enter__()
    return manager
