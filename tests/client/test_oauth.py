"""The OAuth flow's failures as the clients raise them, against the emulator's token endpoint.

Each failure is real: a client the endpoint does not know, a refresh token it refuses, its
ten-tokens-per-ten-minutes throttle, an accounts server that does not answer.
"""

from __future__ import annotations

import asyncio
import itertools
import socket
from collections.abc import Callable

import pytest
from conftest import mint_tokens

import zgql
from zgql.testing import Emulator

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


def _failing_auth(zoho: Emulator, failure: str) -> zgql.ZohoOAuth:
    credentials = zoho.register_client()
    secret, refresh, accounts = credentials.client_secret, credentials.refresh_token, zoho.base_url
    if failure == "invalid-client":
        secret = "not-the-secret"
    elif failure == "refused":
        refresh = "1000.revoked"
    elif failure == "throttled":
        mint_tokens(zoho, credentials)
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


# -- the token endpoint's throttle: asked once, and told how long to wait --------------------------

PATIENT = zgql.RetryPolicy(attempts=4, base_seconds=0.01, cap_seconds=0.05, total_seconds=120)


def _token_calls(zoho: Emulator) -> int:
    return len([c for c in zoho.calls if c.path == "/oauth/v2/token"])


@pytest.mark.parametrize("call", [_sync_call, _async_call], ids=["Client", "AsyncClient"])
def test_the_throttle_is_not_retried_within_its_window(
    zoho_emulator: Emulator, call: Callable[[Emulator, zgql.ZohoOAuth], None]
) -> None:
    zoho = zoho_emulator
    credentials = zoho.register_client()
    mint_tokens(zoho, credentials)  # by another process: this one knows of no mint
    before = _token_calls(zoho)
    auth = zgql.ZohoOAuth(
        credentials.client_id,
        credentials.client_secret,
        credentials.refresh_token,
        accounts_url=zoho.base_url,
        clock=lambda: 1_000_000.0,
    )
    with pytest.raises(zgql.RateLimited) as caught:
        call(zoho, auth)
    assert caught.value.code == "Access Denied"
    assert caught.value.retry_after == 600  # the whole window: Zoho refuses until it passes
    assert _token_calls(zoho) - before == 1  # asked once, not hammered


def test_the_wait_is_what_is_left_of_the_window(zoho_emulator: Emulator) -> None:
    zoho = zoho_emulator
    credentials = zoho.register_client()
    now = [1_000_000.0]
    auth = zgql.ZohoOAuth(
        credentials.client_id,
        credentials.client_secret,
        credentials.refresh_token,
        accounts_url=zoho.base_url,
        clock=lambda: now[0],
        refresh_ahead=3590,  # each token is used for ten seconds only: every call refreshes
    )
    with zgql.Client(
        auth=auth, api_domain=zoho.base_url, org=f"oauth-{next(_orgs)}", retry=PATIENT
    ) as crm:
        crm.execute(LEADS)  # this process's first mint, at 1_000_000
        now[0] += 20
        crm.execute(LEADS)
        mint_tokens(zoho, credentials, 8)  # another process spends the rest of the ten
        now[0] += 80
        before = _token_calls(zoho)
        with pytest.raises(zgql.RateLimited) as caught:
            crm.execute(LEADS)
    assert auth.refreshes == 2
    assert caught.value.retry_after == 500  # the first mint leaves the window 500 s from now
    assert "500 s" in str(caught.value)
    assert _token_calls(zoho) - before == 1


def test_no_sixteenth_live_token(zoho_emulator: Emulator) -> None:
    """Fifteen tokens alive at once is Zoho's limit (the sixteenth cancels the oldest, which
    another worker may be using): with fifteen minted in the last hour, none is asked for."""
    now = 1_900_000_000.0
    coordinator = zgql.LocalCoordinator(clock=lambda: now)
    credentials = zoho_emulator.register_client()
    auth = zgql.ZohoOAuth(
        credentials.client_id,
        credentials.client_secret,
        credentials.refresh_token,
        accounts_url=zoho_emulator.base_url,
        coordinator=coordinator,
        clock=lambda: now,
    )
    for minted in range(15):  # one every 3.9 minutes: never ten in ten minutes
        coordinator.record_mint(auth.key, now - 3510 + minted * 234)
    with pytest.raises(zgql.RateLimited) as caught:
        auth.access_token()
    assert caught.value.code == "TOKEN_LIMIT"
    assert "15 access tokens still alive" in str(caught.value)
    assert caught.value.retry_after == pytest.approx(90)  # the oldest expires in 90 s
    assert not any(call.path == "/oauth/v2/token" for call in zoho_emulator.calls)
