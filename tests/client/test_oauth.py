"""The OAuth flow's failures as the clients raise them, against the emulator's token endpoint.

Each failure is real: a client the endpoint does not know, a refresh token it refuses, its
ten-tokens-per-ten-minutes throttle, an accounts server that does not answer.
"""

from __future__ import annotations

import asyncio
import itertools
import socket
from collections.abc import Callable

import httpx
import pytest

import zgql
from zgql.testing import ClientCredentials, Emulator

LEADS = "{ Records { Leads(limit: 10) { _data { id { value } } } } }"
FAST = zgql.RetryPolicy(attempts=3, base_seconds=0.01, cap_seconds=0.05, total_seconds=5)
_orgs = itertools.count()


def chain_cycle(error: BaseException) -> list[str] | None:
    """A loop in the ``__cause__`` / ``__context__`` links from ``error`` (as the type names
    around it), or None. Links may share an exception (``raise X from e`` inside ``except``
    makes both links ``e``): only a way back to an exception on the current path is a loop."""
    explored: set[int] = set()

    def walk(node: BaseException, path: list[BaseException]) -> list[str] | None:
        if any(node is seen for seen in path):
            return [type(e).__name__ for e in [*path, node]]
        if id(node) in explored:
            return None
        explored.add(id(node))
        for link in (node.__cause__, node.__context__):
            found = walk(link, [*path, node]) if link is not None else None
            if found:
                return found
        return None

    return walk(error, [])


def test_chain_cycle_finds_loops_and_only_loops() -> None:
    first, second = ValueError("a"), KeyError("b")
    second.__cause__ = second.__context__ = first  # shared, not a loop
    assert chain_cycle(second) is None
    first.__context__ = second
    assert chain_cycle(second) == ["KeyError", "ValueError", "KeyError"]


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _spend_the_window(zoho: Emulator, credentials: ClientCredentials) -> None:
    """Ten tokens minted by another process: the endpoint throttles the eleventh."""
    for _ in range(10):
        httpx.post(
            zoho.token_url,
            data={
                "grant_type": "refresh_token",
                "client_id": credentials.client_id,
                "client_secret": credentials.client_secret,
                "refresh_token": credentials.refresh_token,
            },
        ).raise_for_status()


def _failing_auth(zoho: Emulator, failure: str) -> zgql.ZohoOAuth:
    credentials = zoho.register_client()
    secret, refresh, accounts = credentials.client_secret, credentials.refresh_token, zoho.base_url
    if failure == "invalid-client":
        secret = "not-the-secret"
    elif failure == "refused":
        refresh = "1000.revoked"
    elif failure == "throttled":
        _spend_the_window(zoho, credentials)
    elif failure == "unreachable":
        accounts = f"http://127.0.0.1:{_closed_port()}"
    return zgql.ZohoOAuth(credentials.client_id, secret, refresh, accounts_url=accounts)


FAILURES: dict[str, type[zgql.ZgqlError]] = {
    "invalid-client": zgql.OAuthError,
    "refused": zgql.OAuthError,
    "throttled": zgql.RateLimited,
    "unreachable": zgql.ConnectionFailed,
}


def _sync_call(zoho: Emulator, auth: zgql.ZohoOAuth) -> None:
    with zgql.Client(
        auth=auth, api_domain=zoho.base_url, org=f"oauth-{next(_orgs)}", retry=FAST
    ) as crm:
        crm.execute(LEADS)


def _async_call(zoho: Emulator, auth: zgql.ZohoOAuth) -> None:
    async def run() -> None:
        async with zgql.AsyncClient(
            auth=auth, api_domain=zoho.base_url, org=f"oauth-{next(_orgs)}", retry=FAST
        ) as crm:
            await crm.execute(LEADS)

    asyncio.run(run())


@pytest.mark.parametrize("call", [_sync_call, _async_call], ids=["Client", "AsyncClient"])
@pytest.mark.parametrize("failure", FAILURES)
def test_oauth_failures_have_no_loop_in_their_chain(
    zoho_emulator: Emulator,
    failure: str,
    call: Callable[[Emulator, zgql.ZohoOAuth], None],
) -> None:
    with pytest.raises(FAILURES[failure]) as caught:
        call(zoho_emulator, _failing_auth(zoho_emulator, failure))
    assert chain_cycle(caught.value) is None
