"""The shared harness: the bundled schema, and short ways to analyse one query."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest

import zgql
from zgql.testing import ClientCredentials, Emulator
from zgql.testing._redis import RedisServer

pytest_plugins = ["pytester"]  # the README's fixture example runs as a user's test session

# The standard modules the issue asks the bundled schema to carry, in Zoho's order.
STANDARD_MODULES = (
    "Leads",
    "Contacts",
    "Accounts",
    "Deals",
    "Tasks",
    "Events",
    "Calls",
    "Products",
    "Vendors",
    "Campaigns",
    "Cases",
    "Solutions",
    "Quotes",
    "Sales_Orders",
    "Purchase_Orders",
    "Invoices",
    "Price_Books",
    "Appointments__s",
    "Services__s",
)

# Every test session uses its own schema cache folder, never a developer's.


@pytest.fixture(scope="session", autouse=True)
def _isolated_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    previous = os.environ.get("ZGQL_CACHE_DIR")
    os.environ["ZGQL_CACHE_DIR"] = str(tmp_path_factory.mktemp("zgql-cache"))
    yield
    if previous is None:
        os.environ.pop("ZGQL_CACHE_DIR", None)
    else:
        os.environ["ZGQL_CACHE_DIR"] = previous


@pytest.fixture(scope="session")
def schema(_isolated_cache: None) -> zgql.Schema:
    return zgql.load_schema()


Analyse = Callable[..., zgql.OperationReport]


@pytest.fixture(scope="session")
def one(schema: zgql.Schema) -> Analyse:
    """Analyse a document holding one valid operation and return its report."""

    def analyse(source: str, **options: Any) -> zgql.OperationReport:
        report = zgql.analyze(source, schema, **options)
        invalid = [d for d in report.diagnostics if d.rule in ("syntax", "schema", "variables")]
        assert not invalid, invalid
        assert len(report.operations) == 1, report
        return report.operations[0]

    return analyse


def rules(report: zgql.OperationReport | zgql.Report) -> list[str]:
    """The rule names of a report's diagnostics, in order."""
    return [d.rule for d in report.diagnostics]


@pytest.fixture(scope="session")
def rules_of() -> Callable[[zgql.OperationReport | zgql.Report], list[str]]:
    return rules


# -- a real Redis, for the coordination tests ----------------------------------------------------


@pytest.fixture(scope="session")
def redis_server() -> Iterator[RedisServer]:
    """One ``redis-server`` on a free loopback port for the session (tests keep apart by
    namespace); stopped, and its folder removed, at the end."""
    if shutil.which("redis-server") is None:
        pytest.skip("redis-server is not installed (Debian: apt-get install redis-server)")
    with RedisServer() as server:
        yield server


@pytest.fixture
def redis_url(redis_server: RedisServer) -> str:
    if not redis_server.running:  # a test stopped it: bring it back for the next one
        redis_server.start()
    return redis_server.url


def mint_tokens(zoho: Emulator, credentials: ClientCredentials, tokens: int = 10) -> None:
    """Access tokens minted from ``credentials`` by someone else (another process): ten spend
    the refresh token's window, and the endpoint throttles the next one."""
    for _ in range(tokens):
        httpx.post(
            zoho.token_url,
            data={
                "grant_type": "refresh_token",
                "client_id": credentials.client_id,
                "client_secret": credentials.client_secret,
                "refresh_token": credentials.refresh_token,
            },
        ).raise_for_status()
