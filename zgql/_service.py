"""The service around Zoho's GraphQL endpoint, typed: data centres, editions, service limits.

The facts live in ``_data/zoho.toml`` with the cost tables; the emulator and the client read
them from here.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from zgql._cost_table import zoho_data

__all__ = [
    "DataCentre",
    "Edition",
    "ServiceLimits",
    "data_centre",
    "data_centres",
    "editions",
    "service_limits",
]


@dataclass(frozen=True, slots=True)
class DataCentre:
    """Where an org lives: its accounts server (for tokens) and its API domains."""

    name: str
    accounts: str
    api: str
    sandbox: str
    developer: str

    @property
    def token_url(self) -> str:
        return f"{self.accounts}/oauth/v2/token"

    def api_domain(self, environment: str = "production") -> str:
        """The API domain of ``production``, ``sandbox`` or ``developer``."""
        domains = {"production": self.api, "sandbox": self.sandbox, "developer": self.developer}
        if environment not in domains:
            msg = f"environment must be one of {', '.join(domains)}, not {environment!r}"
            raise ValueError(msg)
        return domains[environment]


@dataclass(frozen=True, slots=True)
class Edition:
    """A Zoho CRM edition: its daily credit pool and whether it has the GraphQL API."""

    name: str
    base: int
    per_licence: int
    maximum: int  # 0: no cap
    graphql: bool
    rest_concurrency: int  # REST calls in flight per org

    def daily_credits(self, licences: int) -> int:
        pool = self.base + self.per_licence * licences
        return min(pool, self.maximum) if self.maximum else pool


@dataclass(frozen=True, slots=True)
class ServiceLimits:
    concurrent_calls_per_org: int
    rest_sub_concurrency: int
    access_token_seconds: int
    tokens_per_refresh_window: int
    refresh_window_seconds: int
    live_tokens_per_refresh_token: int
    credits_window_seconds: int
    credits_header_from_used: float
    graphql_scope: str
    graphql_enable_scope: str
    graphql_all_scope: str
    module_scopes: tuple[str, ...]


@functools.cache
def data_centres() -> dict[str, DataCentre]:
    """Zoho's data centres by their short name (``us``, ``eu``, ``in``, ...)."""
    return {name: DataCentre(name=name, **row) for name, row in zoho_data()["data_centres"].items()}


def data_centre(name: str) -> DataCentre:
    """The data centre called ``name``; :class:`ValueError` naming the known ones otherwise."""
    centres = data_centres()
    if name not in centres:
        msg = f"unknown data centre {name!r}: one of {', '.join(centres)}"
        raise ValueError(msg)
    return centres[name]


@functools.cache
def editions() -> dict[str, Edition]:
    return {name: Edition(name=name, **row) for name, row in zoho_data()["editions"].items()}


@functools.cache
def service_limits() -> ServiceLimits:
    service = dict(zoho_data()["service"])
    service["module_scopes"] = tuple(service["module_scopes"])
    return ServiceLimits(**service)
