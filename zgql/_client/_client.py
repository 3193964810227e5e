"""``zgql.Client`` and ``zgql.AsyncClient``: two thin faces over one policy core.

Each call: analyse and check budgets (nothing is sent when Zoho would refuse), reserve its
credits and take one of the org's in-flight slots (through the coordinator), POST gql's request
model with httpx, let the core turn the whole answer (status, headers, body) into a
:class:`Result` or a typed error, and retry what may succeed unchanged (429, 5xx, bodies that
are not JSON, failed connections) with backoff and full jitter. Only public API of gql and
httpx is used: gql's transports keep too little of a failed answer (its body, its headers) for
Zoho's typed errors.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import random
import threading
import time
from collections.abc import AsyncIterator, Generator, Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import httpx
from gql import GraphQLRequest

from zgql._client._core import ClientCore, Prepared, Result, RetryPolicy
from zgql._client._pages import OFFSET, paging
from zgql._coordination import default_coordinator
from zgql._coordination._base import Coordinator, Lease, Refusal, Reservation
from zgql._coordination._fallback import with_fallback
from zgql._coordination._local import LocalCoordinator
from zgql._coordination._slots import OrgSlots
from zgql._exceptions import (
    ConnectionFailed,
    CoordinationError,
    CreditsExhausted,
    RateLimited,
    ZgqlError,
)
from zgql._limits import Limits
from zgql._schema import Schema, load_schema
from zgql._service import data_centre, editions, service_limits

if TYPE_CHECKING:
    from typing_extensions import Self

__all__ = ["AsyncClient", "BaseClient", "Client"]

logger = logging.getLogger("zgql")


class _AccessToken(httpx.Auth):
    """A fixed access token (no refreshing): for scripts that already hold one."""

    def __init__(self, token: str) -> None:
        self._token = token

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        request.headers["Authorization"] = f"Zoho-oauthtoken {self._token}"
        yield request

    def __repr__(self) -> str:
        return "AccessToken(***)"


class BaseClient:
    """Configuration and policy shared by :class:`Client` and :class:`AsyncClient`.

    ``auth`` is a :class:`zgql.ZohoOAuth` (or any ``httpx.Auth``); ``access_token`` a fixed
    token instead. ``dc`` names the data centre (``us``, ``eu``, ``in``, ``au``, ``jp``,
    ``cn``, ``ca``, ``sa``) and ``environment`` its ``production``, ``sandbox`` or
    ``developer`` domain; ``api_domain`` overrides both (the token response's, or the
    emulator's). ``schema`` is the org's cached schema (default: the bundled one).
    ``budget_per_call`` / ``budget_per_day`` refuse calls over that many credits;
    ``max_in_flight`` calls of one ``org`` run at once (default: Zoho's limit), in this process
    or, with a ``coordinator`` (:class:`zgql.RedisCoordinator`), in every process sharing it.
    The org's daily credit pool is ``daily_credits``, or follows from its ``edition`` and
    ``licences``; known, it is a cap no call passes. ``limits``, ``retry``, ``timeout``
    (seconds, per phase of a call) and ``seed`` (of the retry jitter) tune the rest.
    """

    def __init__(
        self,
        *,
        auth: httpx.Auth | None = None,
        access_token: str | None = None,
        dc: str = "us",
        environment: str = "production",
        api_domain: str | None = None,
        schema: Schema | str | Path | None = None,
        limits: Limits | None = None,
        budget_per_call: int | None = None,
        budget_per_day: int | None = None,
        retry: RetryPolicy | None = None,
        max_in_flight: int | None = None,
        org: str | None = None,
        timeout: float = 30.0,
        seed: int | None = None,
        coordinator: Coordinator | None = None,
        edition: str | None = None,
        licences: int | None = None,
        daily_credits: int | None = None,
    ) -> None:
        if (auth is None) == (access_token is None):
            msg = "give either auth (zgql.ZohoOAuth) or access_token"
            raise ValueError(msg)
        self.api_domain = (api_domain or data_centre(dc).api_domain(environment)).rstrip("/")
        self.url = f"{self.api_domain}/crm/graphql"
        self.auth: httpx.Auth = auth if auth is not None else _AccessToken(access_token or "")
        self.schema = schema if isinstance(schema, Schema) else load_schema(schema)
        self.retry = retry or RetryPolicy()
        self.org = org or self._org_key(access_token)
        self.coordinator: Coordinator = with_fallback(coordinator or default_coordinator())
        self.max_in_flight = max_in_flight or service_limits().concurrent_calls_per_org
        self.core = ClientCore(
            self.schema,
            limits or Limits(),
            budget_per_call=budget_per_call,
            budget_per_day=budget_per_day,
            daily_pool=_daily_pool(edition, licences, daily_credits),
        )
        self.timeout = timeout
        # httpx's timeout bounds each phase (connect, write, each read, pool): four of them,
        # and some room, outlast a call that keeps moving; the renewer covers one that trickles.
        self.lease_seconds = 4 * timeout + 5
        self._renewer = _Renewer(self.coordinator, self.lease_seconds)
        self._rng = random.Random(seed)  # noqa: S311 - jitter, not secrets
        self._open()

    def _open(self) -> None:
        """The face's own transport and session state (each face sets up its own I/O)."""
        raise NotImplementedError

    @property
    def slots(self) -> OrgSlots | None:
        """This process's slots of the org (``in_flight``, ``peak``), with the default
        coordinator; None with another one."""
        local = self.coordinator
        return local.org_slots(self.org) if isinstance(local, LocalCoordinator) else None

    # -- what the faces share: credits, before and after --------------------------------------

    def _reserve(self, prepared: Prepared) -> Reservation:
        answer = self.coordinator.reserve_credits(
            self.org, prepared.credits, budget_per_day=self.core.daily_cap
        )
        if isinstance(answer, Refusal):
            logger.info(
                "zgql: call refused before sending (%s)",
                answer.reason,
                extra={"org": self.org, "credits": prepared.credits, "used": answer.used},
            )
            raise self.core.refused(prepared, answer)
        return answer

    def _settle(
        self,
        reservation: Reservation,
        prepared: Prepared,
        result: Result | None,
        failure: BaseException | None,
    ) -> None:
        """Count what the call really cost, and take in what Zoho said of the pool. Never
        raises: a coordinator gone now must not hide the call's own outcome."""
        answer: Any = result if result is not None else failure
        try:
            self.coordinator.settle_credits(reservation, self.core.charged(failure, prepared))
            remaining = self.core.remaining(getattr(answer, "headers", None) or {})
            if remaining is not None:
                self.coordinator.sync_credits(self.org, remaining, self.core.daily_pool)
                logger.debug(
                    "zgql: credits re-synchronised from Zoho",
                    extra={"org": self.org, "remaining": remaining},
                )
        except CoordinationError as error:
            logger.warning("zgql: credits not settled: %s", error, extra={"org": self.org})

    def _classify(self, error: Exception, prepared: Prepared) -> Exception:
        """A 429 while the org's known pool cannot take the call is the day spent, not a
        burst: every worker is told (the pool marked spent) and nobody retries in a loop."""
        if not isinstance(error, RateLimited) or isinstance(error, CreditsExhausted):
            return error
        logger.warning("zgql: HTTP 429 from Zoho", extra={"org": self.org})
        try:
            return self._exhausted(error, prepared) or error
        except CoordinationError as lost:  # the 429 itself is the answer to report
            logger.warning("zgql: 429 not classified: %s", lost, extra={"org": self.org})
            return error

    def _exhausted(self, error: RateLimited, prepared: Prepared) -> ZgqlError | None:
        remaining = self.core.remaining(error.headers)
        used = self.coordinator.credits_used(self.org)
        if not self.core.pool_spent(prepared, remaining, used):
            return None
        self.coordinator.sync_credits(self.org, 0, self.core.daily_pool)  # spent, for everyone
        answer = self.coordinator.reserve_credits(self.org, prepared.credits, budget_per_day=None)
        if isinstance(answer, Reservation):  # cannot be, with the pool marked spent
            self.coordinator.settle_credits(answer, 0)
            return None
        return self.core.refused(prepared, answer)

    def _org_key(self, access_token: str | None) -> str:
        """Which org's slots and ledger a client shares, when ``org`` is not given: the same
        API domain and OAuth client (or token) means the same org."""
        who = (
            getattr(self.auth, "client_id", None)
            or hashlib.sha256((access_token or "").encode()).hexdigest()[:16]
        )
        return f"{self.api_domain}|{who}"

    def _payload(self, prepared: Prepared) -> dict[str, Any]:
        """The body of the POST: gql's request model (its public ``payload``)."""
        request = GraphQLRequest(
            prepared.query,
            variable_values=prepared.variables,
            operation_name=prepared.operation_name,
        )
        return dict(request.payload)

    def _retry_delay(self, error: Exception, attempt: int, started: float) -> float | None:
        delay = self.retry.delay(error, attempt, time.monotonic() - started, self._rng)
        if delay is not None:
            logger.info(
                "zgql: retrying after %s",
                type(error).__name__,
                extra={"org": self.org, "attempt": attempt, "wait": round(delay, 3)},
            )
        return delay

    def _held(self, lease: Lease, waiting: float) -> None:
        waited = time.monotonic() - waiting
        if waited >= 0.001:
            logger.debug(
                "zgql: waited for an in-flight slot",
                extra={"org": self.org, "wait": round(waited, 3)},
            )
        self._renewer.hold(lease)

    def __repr__(self) -> str:
        return f"{type(self).__name__}(api_domain={self.api_domain!r}, org={self.org!r})"


def _daily_pool(edition: str | None, licences: int | None, daily_credits: int | None) -> int | None:
    """The org's daily credit pool: as given, or from its edition and licences; None when
    neither is known."""
    if daily_credits is not None:
        return daily_credits
    if edition is None:
        return None
    if edition not in editions():
        msg = f"unknown edition {edition!r}: one of {', '.join(editions())}"
        raise ValueError(msg)
    return editions()[edition].daily_credits(licences or 0)


class _Renewer:
    """Keeps the leases of calls in flight alive: one thread per client, waking every third of
    a lease, renewing each lease still held. Not needed in one process (leases never lapse)."""

    def __init__(self, coordinator: Coordinator, lease_seconds: float) -> None:
        self._coordinator, self._seconds = coordinator, lease_seconds
        self._held: set[Lease] = set()
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._needed = not isinstance(coordinator, LocalCoordinator)

    def hold(self, lease: Lease) -> None:
        if not self._needed:
            return
        with self._lock:
            self._held.add(lease)
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="zgql-lease", daemon=True)
                self._thread.start()

    def drop(self, lease: Lease) -> None:
        with self._lock:
            self._held.discard(lease)

    def close(self) -> None:
        self._stop.set()

    def _run(self) -> None:
        while not self._stop.wait(self._seconds / 3):
            with self._lock:
                held = list(self._held)
            try:
                for lease in held:
                    self._coordinator.renew_slot(lease, self._seconds)
            except CoordinationError as error:
                logger.warning("zgql: leases not renewed: %s", error)


def _no_answer(error: httpx.TransportError) -> ConnectionFailed:
    return ConnectionFailed(f"no answer from Zoho: {type(error).__name__}")


class Client(BaseClient):
    """The synchronous client. Use it as a context manager, or call :meth:`close`."""

    # The constructor is BaseClient's: typed keywords, checked by type checkers, shown by help().
    def _open(self) -> None:
        self._http = httpx.Client(auth=self.auth, timeout=self.timeout)

    def execute(
        self,
        query: str,
        variables: Mapping[str, Any] | None = None,
        operation_name: str | None = None,
    ) -> Result:
        """Check, send and interpret one query; raise a typed :class:`zgql.ZgqlError`."""
        return self._send(self.core.prepare(query, variables, operation_name))

    def paginate(
        self,
        query: str,
        variables: Mapping[str, Any] | None = None,
        operation_name: str | None = None,
    ) -> Iterator[Any]:
        """The records of a one-module records query, page by page (each page checked first)."""
        pages = paging(query, operation_name)
        offset: str | None = None
        while True:
            result = self.execute(
                pages.query, {**(variables or {}), OFFSET: offset}, operation_name
            )
            records, offset = pages.page(result.data)
            yield from records
            if offset is None:
                return

    def _send(self, prepared: Prepared) -> Result:
        reservation = self._reserve(prepared)
        result: Result | None = None
        failure: BaseException | None = None
        try:
            result = self._attempts(prepared)
        except BaseException as error:
            failure = error
            raise
        finally:
            self._settle(reservation, prepared, result, failure)
        return result

    def _attempts(self, prepared: Prepared) -> Result:
        started, attempt = time.monotonic(), 0
        while True:
            attempt += 1
            waiting = time.monotonic()
            lease = self.coordinator.acquire_slot(self.org, self.max_in_flight, self.lease_seconds)
            self._held(lease, waiting)
            try:
                return self._once(prepared)
            except Exception as raw:  # the retry policy decides; the rest is raised
                error = self._classify(raw, prepared)
                delay = self._retry_delay(error, attempt, started)
                if delay is None:
                    if error is raw:
                        raise
                    raise error from raw
            finally:
                self._renewer.drop(lease)
                self.coordinator.release_slot(lease)
            time.sleep(delay)

    def _once(self, prepared: Prepared) -> Result:
        """One POST; the core reads the whole answer (status, headers, body) into the Result
        or the typed error. The auth flow's own typed errors (OAuth) come out as they are."""
        try:
            response = self._http.post(self.url, json=self._payload(prepared))
        except httpx.TransportError as error:
            raise _no_answer(error) from None
        return self.core.interpret(
            response.status_code, response.headers, response.content, prepared
        )

    def close(self) -> None:
        self._renewer.close()
        self._http.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()


class AsyncClient(BaseClient):
    """The asynchronous client: ``async with zgql.AsyncClient(...) as client:``."""

    def _open(self) -> None:
        self._http = httpx.AsyncClient(auth=self.auth, timeout=self.timeout)

    async def execute(
        self,
        query: str,
        variables: Mapping[str, Any] | None = None,
        operation_name: str | None = None,
    ) -> Result:
        """Check, send and interpret one query; raise a typed :class:`zgql.ZgqlError`."""
        return await self._send(self.core.prepare(query, variables, operation_name))

    async def paginate(
        self,
        query: str,
        variables: Mapping[str, Any] | None = None,
        operation_name: str | None = None,
    ) -> AsyncIterator[Any]:
        """The records of a one-module records query, page by page (each page checked first)."""
        pages = paging(query, operation_name)
        offset: str | None = None
        while True:
            result = await self.execute(
                pages.query, {**(variables or {}), OFFSET: offset}, operation_name
            )
            records, offset = pages.page(result.data)
            for record in records:
                yield record
            if offset is None:
                return

    async def _send(self, prepared: Prepared) -> Result:
        # The coordinator's short calls run in a worker thread: Redis must not block the loop.
        reservation = await asyncio.to_thread(self._reserve, prepared)
        result: Result | None = None
        failure: BaseException | None = None
        try:
            result = await self._attempts(prepared)
        except BaseException as error:
            failure = error
            raise
        finally:
            await asyncio.to_thread(self._settle, reservation, prepared, result, failure)
        return result

    async def _attempts(self, prepared: Prepared) -> Result:
        started, attempt = time.monotonic(), 0
        while True:
            attempt += 1
            waiting = time.monotonic()
            lease = await self.coordinator.acquire_slot_async(
                self.org, self.max_in_flight, self.lease_seconds
            )
            self._held(lease, waiting)
            try:
                return await self._once(prepared)
            except Exception as raw:  # the retry policy decides; the rest is raised
                error = await asyncio.to_thread(self._classify, raw, prepared)
                delay = self._retry_delay(error, attempt, started)
                if delay is None:
                    if error is raw:
                        raise
                    raise error from raw
            finally:
                self._renewer.drop(lease)
                await self.coordinator.release_slot_async(lease)
            await asyncio.sleep(delay)

    async def _once(self, prepared: Prepared) -> Result:
        try:
            response = await self._http.post(self.url, json=self._payload(prepared))
        except httpx.TransportError as error:
            raise _no_answer(error) from None
        return self.core.interpret(
            response.status_code, response.headers, response.content, prepared
        )

    async def aclose(self) -> None:
        self._renewer.close()
        aclose = getattr(self.coordinator, "aclose", None)  # this loop's Redis connections
        if aclose is not None:
            await aclose()
        await self._http.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *_: object) -> None:
        await self.aclose()
