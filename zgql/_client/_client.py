"""``zgql.Client`` and ``zgql.AsyncClient``: two thin faces over one policy core.

Each call: analyse and check budgets (nothing is sent when Zoho would refuse), take one of the
org's in-flight slots, send through gql's httpx transport, let the core turn the answer into a
:class:`Result` or a typed error, and retry what may succeed unchanged (429, 5xx, bodies that
are not JSON, failed connections) with backoff and full jitter.
"""

from __future__ import annotations

import asyncio
import hashlib
import random
import threading
import time
from collections.abc import AsyncIterator, Generator, Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import httpx
from gql import Client as GqlClient
from gql import GraphQLRequest
from gql.transport.exceptions import TransportConnectionFailed

from zgql._client._core import ClientCore, CreditLedger, Prepared, Result, RetryPolicy
from zgql._client._pages import OFFSET, paging
from zgql._client._slots import OrgSlots
from zgql._client._transport import AsyncZohoTransport, ZohoTransport, prepared_extension, result_of
from zgql._exceptions import ConnectionFailed, ZgqlError
from zgql._limits import Limits
from zgql._schema import Schema, load_schema
from zgql._service import data_centres, service_limits

if TYPE_CHECKING:
    from typing_extensions import Self

__all__ = ["AsyncClient", "BaseClient", "Client"]

# What all clients of one org in this process share: its in-flight slots and its credit ledger.
_orgs: dict[str, tuple[OrgSlots, CreditLedger]] = {}
_orgs_lock = threading.Lock()


def _org_state(org: str, max_in_flight: int | None) -> tuple[OrgSlots, CreditLedger]:
    """The shared state of ``org`` (the first client to ask sets its in-flight limit)."""
    limits = service_limits()
    with _orgs_lock:
        if org not in _orgs:
            _orgs[org] = (
                OrgSlots(max_in_flight or limits.concurrent_calls_per_org),
                CreditLedger(limits.credits_window_seconds),
            )
        return _orgs[org]


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
    ``max_in_flight`` calls of one ``org`` run at once in this process (Zoho allows 5).
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
    ) -> None:
        if (auth is None) == (access_token is None):
            msg = "give either auth (zgql.ZohoOAuth) or access_token"
            raise ValueError(msg)
        if api_domain is None and dc not in data_centres():
            msg = f"unknown data centre {dc!r}: one of {', '.join(data_centres())}"
            raise ValueError(msg)
        self.api_domain = (api_domain or data_centres()[dc].api_domain(environment)).rstrip("/")
        self.url = f"{self.api_domain}/crm/graphql"
        self.auth: httpx.Auth = auth if auth is not None else _AccessToken(access_token or "")
        self.schema = schema if isinstance(schema, Schema) else load_schema(schema)
        self.retry = retry or RetryPolicy()
        self.org = org or self._org_key(access_token)
        self.slots, self.ledger = _org_state(self.org, max_in_flight)
        self.core = ClientCore(
            self.schema,
            limits or Limits(),
            budget_per_call=budget_per_call,
            budget_per_day=budget_per_day,
            ledger=self.ledger,
        )
        self.timeout = timeout
        self._rng = random.Random(seed)  # noqa: S311 - jitter, not secrets

    def _org_key(self, access_token: str | None) -> str:
        """Which org's slots and ledger a client shares, when ``org`` is not given: the same
        API domain and OAuth client (or token) means the same org."""
        who = (
            getattr(self.auth, "client_id", None)
            or hashlib.sha256((access_token or "").encode()).hexdigest()[:16]
        )
        return f"{self.api_domain}|{who}"

    def _request(self, prepared: Prepared) -> tuple[GraphQLRequest, dict[str, Any]]:
        request = GraphQLRequest(
            prepared.query,
            variable_values=prepared.variables,
            operation_name=prepared.operation_name,
        )
        return request, {"get_execution_result": True, "extra_args": prepared_extension(prepared)}

    def _delay(self, error: Exception, attempt: int, started: float) -> float | None:
        return self.retry.delay(error, attempt, time.monotonic() - started, self._rng)

    def __repr__(self) -> str:
        return f"{type(self).__name__}(api_domain={self.api_domain!r}, org={self.org!r})"


def _unwrap(error: TransportConnectionFailed) -> Exception:
    """gql wraps whatever the HTTP call raised; the auth flow's typed errors come back out."""
    cause = error.__cause__
    if isinstance(cause, ZgqlError):
        # The caller raises ``cause`` inside ``except error``, which makes ``error`` its
        # __context__; ``error`` must not lead back to ``cause``, or the chain is a loop that
        # tools walking it (traceback printers, loggers, Sentry) never leave.
        error.__cause__ = error.__context__ = None
        return cause
    return ConnectionFailed(f"no answer from Zoho: {type(cause).__name__ if cause else error}")


class Client(BaseClient):
    """The synchronous client. Use it as a context manager, or call :meth:`close`."""

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        transport = ZohoTransport(self.url, self.core, auth=self.auth, timeout=self.timeout)
        self._gql = GqlClient(transport=transport, execute_timeout=None)
        self._session: Any = None
        self._session_lock = threading.Lock()

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
        started, attempt = time.monotonic(), 0
        while True:
            attempt += 1
            self.slots.acquire()
            try:
                return self._once(prepared)
            except (
                Exception
            ) as error:  # the retry policy decides; what it will not retry is re-raised
                delay = self._delay(error, attempt, started)
                if delay is None:
                    raise
            finally:
                self.slots.release()
            time.sleep(delay)

    def _once(self, prepared: Prepared) -> Result:
        request, options = self._request(prepared)
        try:
            return result_of(self._connected().execute(request, **options))  # type: ignore[no-any-return]
        except TransportConnectionFailed as error:
            raise _unwrap(error) from None

    def _connected(self) -> Any:
        with self._session_lock:
            if self._session is None:
                self._session = self._gql.connect_sync()
            return self._session

    def close(self) -> None:
        with self._session_lock:
            if self._session is not None:
                self._gql.close_sync()
                self._session = None

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()


class AsyncClient(BaseClient):
    """The asynchronous client: ``async with zgql.AsyncClient(...) as client:``."""

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        transport = AsyncZohoTransport(self.url, self.core, auth=self.auth, timeout=self.timeout)
        self._gql = GqlClient(transport=transport, execute_timeout=None)
        self._session: Any = None
        self._session_lock = asyncio.Lock()

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
        started, attempt = time.monotonic(), 0
        while True:
            attempt += 1
            await self.slots.acquire_async()
            try:
                return await self._once(prepared)
            except (
                Exception
            ) as error:  # the retry policy decides; what it will not retry is re-raised
                delay = self._delay(error, attempt, started)
                if delay is None:
                    raise
            finally:
                self.slots.release()
            await asyncio.sleep(delay)

    async def _once(self, prepared: Prepared) -> Result:
        request, options = self._request(prepared)
        session = await self._connected()
        try:
            return result_of(await session.execute(request, **options))  # type: ignore[no-any-return]
        except TransportConnectionFailed as error:
            raise _unwrap(error) from None

    async def _connected(self) -> Any:
        async with self._session_lock:
            if self._session is None:
                self._session = await self._gql.connect_async()
            return self._session

    async def aclose(self) -> None:
        async with self._session_lock:
            if self._session is not None:
                await self._gql.close_async()
                self._session = None

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *_: object) -> None:
        await self.aclose()
