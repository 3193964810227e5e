"""The seam for what every client of one Zoho org shares, in one process or across many.

Zoho's limits belong to the org: five GraphQL calls in flight, a rolling 24-hour credit pool,
ten access tokens per refresh token per ten minutes. A :class:`Coordinator` holds that shared
state — the in-flight slots, the credit ledger, the access-token store and the single-flight
refresh lock — so that a client asks it instead of keeping its own. Two implementations:

- :class:`zgql.LocalCoordinator`: in this process only (the default; no dependency);
- :class:`zgql.RedisCoordinator`: every process and machine sharing one Redis.

Calls that wait (a slot) have sync and async forms; the others are short and are made from
async code through a worker thread.
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol, runtime_checkable

if TYPE_CHECKING:
    from zgql._client._oauth import StoredToken

__all__ = ["IN_FLIGHT_SECONDS", "Coordinator", "Lease", "Refusal", "Reservation"]

# How long a reservation not yet settled counts as a call in flight (a worker killed between
# the two leaves one behind): longer than any call with its retries and its wait for a slot.
IN_FLIGHT_SECONDS = 3600.0


@dataclass(frozen=True, slots=True)
class Lease:
    """One in-flight slot of ``org``, held until released or until its lease expires."""

    org: str
    id: str


@dataclass(frozen=True, slots=True)
class Reservation:
    """Credits taken from ``org``'s rolling day before a call is sent, to be settled after."""

    org: str
    id: str
    credits: int
    at: float  # epoch seconds: the minute the credits count in


@dataclass(frozen=True, slots=True)
class Refusal:
    """Why credits could not be reserved: ``budget`` (the caller's ``budget_per_day``) or
    ``pool`` (Zoho's daily pool, known spent); ``used`` credits in the rolling day;
    ``retry_after`` seconds until enough roll off (None: not known)."""

    reason: str
    used: int
    limit: int
    retry_after: float | None


@runtime_checkable
class Coordinator(Protocol):
    """Shared state of the clients of each org (``org`` is the client's org key)."""

    # -- in-flight slots: at most ``limit`` leases of one org at once -------------------------

    def acquire_slot(self, org: str, limit: int, lease_seconds: float) -> Lease:
        """Wait (blocking this thread) for a slot; first come, first served."""
        ...

    async def acquire_slot_async(self, org: str, limit: int, lease_seconds: float) -> Lease:
        """Wait (suspending this task) for a slot. Cancelled while waiting, it holds nothing;
        cancelled as the slot reaches it, the slot passes on: exact under cancellation."""
        ...

    def release_slot(self, lease: Lease) -> None:
        """Give the slot back (to the next waiter). Releasing twice, or after the lease
        expired, does nothing."""
        ...

    async def release_slot_async(self, lease: Lease) -> None: ...

    def renew_slot(self, lease: Lease, lease_seconds: float) -> bool:
        """Extend a lease still held by ``lease_seconds`` from now (a long call); False when
        it is held no more."""
        ...

    # -- the credit ledger: a rolling day, to the minute ---------------------------------------

    def reserve_credits(
        self,
        org: str,
        credits: int,  # noqa: A002 - the domain's word
        *,
        budget_per_day: int | None,
    ) -> Reservation | Refusal:
        """Take ``credits`` (the estimate) before sending, unless the rolling day's use would
        pass ``budget_per_day``, or the pool is known spent (see :meth:`sync_credits`)."""
        ...

    def settle_credits(self, reservation: Reservation, charged: int) -> None:
        """What the call really cost (0 when it was not charged): the difference is added to,
        or given back from, the reservation's minute."""
        ...

    def sync_credits(self, org: str, remaining: int, pool: int | None) -> None:
        """Zoho said ``X-API-CREDITS-REMAINING: remaining`` (the only org-wide truth: it counts
        REST calls and other apps too). With ``pool`` known, the ledger's rolling total is raised
        to ``pool - remaining`` plus the reservations not settled yet (calls in flight, which
        Zoho's figure may not count yet), never lowered (a header may be stale when applied);
        ``remaining <= 0`` marks the pool spent."""
        ...

    def credits_used(self, org: str) -> int:
        """Credits used in the rolling day, as far as this coordinator knows."""
        ...

    # -- tokens: one store, one refresh at a time per refresh token -----------------------------

    def load_token(self, key: str) -> StoredToken | None: ...

    def save_token(self, key: str, token: StoredToken) -> None: ...

    def refresh_lock(self, key: str, timeout: float) -> AbstractContextManager[None]:
        """Held while one process refreshes the access token of refresh token ``key``; the
        others wait (at most ``timeout`` seconds), then re-read the store."""
        ...

    def record_mint(self, key: str, at: float) -> None:
        """An access token was minted from refresh token ``key`` at ``at``."""
        ...

    def mints_since(self, key: str, since: float) -> list[float]:
        """When tokens were minted from ``key`` since ``since``, oldest first."""
        ...
