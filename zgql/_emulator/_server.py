"""The emulator as a real HTTP server: uvicorn on a loopback port, in a background thread.

    with Emulator() as zoho:
        client = zoho.register_client()
        httpx.post(f"{zoho.base_url}/crm/graphql", headers=zoho.auth_header(), json={...})

The server binds its own socket (port 0 by default: a free port the system picks), so tests
never race for a port; ``stop()`` (or leaving the ``with``) shuts it down and joins the thread.
"""

from __future__ import annotations

import secrets
import socket
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

from zgql._emulator._state import Call, Fault, FaultKind, Org, State
from zgql._schema import Schema, load_schema
from zgql._service import service_limits

if TYPE_CHECKING:
    from typing_extensions import Self  # annotations only: never imported at run time

__all__ = ["ClientCredentials", "Emulator"]

DEFAULT_SCOPES = (service_limits().graphql_scope, *service_limits().module_scopes)


@dataclass(frozen=True)
class ClientCredentials:
    """What Zoho's API console gives a self client, and the refresh token it leads to."""

    client_id: str
    client_secret: str = field(repr=False)
    refresh_token: str = field(repr=False)
    org_id: str


class Emulator:
    """A local Zoho CRM GraphQL endpoint and accounts server, for tests and development."""

    def __init__(
        self,
        schema: Schema | str | Path | None = None,
        *,
        seed: int = 0,
        dc: str = "us",
        host: str = "127.0.0.1",
        port: int = 0,
        records_per_module: int = 300,
    ) -> None:
        self.schema = schema if isinstance(schema, Schema) else load_schema(schema)
        self.seed, self.host, self.port = seed, host, port
        self.records_per_module = records_per_module
        self.state = State(dc=dc)
        self.admin_secret = secrets.token_urlsafe(24)
        self._server: Any = None
        self._app: Any = None
        self._thread: threading.Thread | None = None
        self._socket: socket.socket | None = None

    # -- life ----------------------------------------------------------------------------------

    def start(self, timeout: float = 30.0) -> Emulator:
        """Start serving; return once the server accepts connections."""
        import uvicorn  # noqa: PLC0415 - the emulator extra; never on the linter's path

        from zgql._emulator._app import EmulatorApp  # noqa: PLC0415
        from zgql._emulator._data import DataSet  # noqa: PLC0415
        from zgql._emulator._resolvers import executable_schema  # noqa: PLC0415

        data = DataSet(self.schema, seed=self.seed, records_per_module=self.records_per_module)
        self._socket = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._socket.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._socket.bind((self.host, self.port))
        self.port = self._socket.getsockname()[1]
        app = self._app = EmulatorApp(
            self.state,
            self.schema,
            executable_schema(data),
            admin_secret=self.admin_secret,
            base_url=lambda: self.base_url,
            connections=self._connections,
        )
        config = uvicorn.Config(
            app, log_level="warning", access_log=False, lifespan="off", timeout_graceful_shutdown=2
        )
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(
            target=self._server.run,
            kwargs={"sockets": [self._socket]},
            name=f"zgql-emulator-{self.port}",
            daemon=True,
        )
        self._thread.start()
        deadline = time.monotonic() + timeout
        while not self._server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                self.stop()
                msg = f"the emulator did not start on {self.host}:{self.port}"
                raise RuntimeError(msg)
            time.sleep(0.005)
        return self

    def stop(self) -> None:
        """Stop serving and release the port; safe to call twice."""
        if self._server is not None:
            self._server.should_exit = True
        if self._thread is not None:
            self._thread.join(timeout=10)
        if self._socket is not None:
            self._socket.close()
        if self._app is not None:
            self._app.close()
        self._server = self._thread = self._socket = self._app = None

    def __enter__(self) -> Self:
        self.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    def _connections(self) -> list[Any]:
        server = self._server
        return list(server.server_state.connections) if server is not None else []

    # -- where -----------------------------------------------------------------------------------

    @property
    def base_url(self) -> str:
        """The API domain and the accounts server both: ``http://127.0.0.1:PORT``."""
        return f"http://{self.host}:{self.port}"

    @property
    def graphql_url(self) -> str:
        return f"{self.base_url}/crm/graphql"

    @property
    def token_url(self) -> str:
        return f"{self.base_url}/oauth/v2/token"

    # -- orgs, clients, tokens -------------------------------------------------------------------

    @property
    def default_org(self) -> Org:
        return self.state.default_org

    def add_org(
        self,
        *,
        edition: str = "enterprise",
        licences: int = 10,
        graphql_enabled: bool = True,
        daily_credits: int | None = None,
        concurrency: int | None = None,
        denied_modules: tuple[str, ...] = (),
    ) -> Org:
        """Another org (its own credit pool and concurrency), e.g. one without GraphQL, or
        whose profile may not read ``denied_modules`` (HTTP 403 ``NO_PERMISSION``)."""
        settings: dict[str, Any] = {
            "denied_modules": frozenset(denied_modules),
            "edition": edition,
            "licences": licences,
            "graphql_enabled": graphql_enabled,
            "daily_credits": daily_credits,
        }
        if concurrency is not None:
            settings["concurrency"] = concurrency
        return self.state.add_org(**settings)

    def register_client(
        self,
        org: Org | None = None,
        *,
        scopes: tuple[str, ...] = DEFAULT_SCOPES,
        dc: str | None = None,
    ) -> ClientCredentials:
        """A self client of ``org`` with a refresh token, as after Zoho's grant-code exchange."""
        client = self.state.add_client(org or self.default_org, scopes, dc)
        return ClientCredentials(
            client.client_id,
            client.client_secret,
            self.state.add_refresh_token(client),
            client.org_id,
        )

    def grant_code(self, credentials: ClientCredentials, lifetime: float = 180.0) -> str:
        """A single-use grant code for ``credentials``' client, as Zoho's API console makes."""
        return self.state.add_grant_code(self.state.clients[credentials.client_id], lifetime)

    def issue_token(
        self,
        org: Org | None = None,
        *,
        scopes: tuple[str, ...] = DEFAULT_SCOPES,
        lifetime: float | None = None,
        dc: str | None = None,
    ) -> str:
        """An access token straight away, without the OAuth dance."""
        seconds = lifetime if lifetime is not None else service_limits().access_token_seconds
        return self.state.add_access_token(org or self.default_org, scopes, seconds, dc)

    def auth_header(self, token: str | None = None) -> dict[str, str]:
        return {"Authorization": f"Zoho-oauthtoken {token or self.issue_token()}"}

    # -- faults, time, record ----------------------------------------------------------------------

    def inject(
        self,
        kind: FaultKind,
        *,
        times: int | None = 1,
        path: str = "/crm/graphql",
        seconds: float = 0.0,
        status: int | None = None,
        field: str | None = None,
    ) -> None:
        """Misbehave on the next ``times`` calls to ``path`` (``None``: every call).

        A fault that could not be played (a negative or non-finite ``seconds``, a ``status``
        outside 200-599, ...) raises :class:`ValueError` here, rather than failing calls later.
        """
        self.state.add_fault(Fault(kind, times, path, seconds, status, field))

    def advance(self, seconds: float) -> None:
        """Move the emulator's clock forward: tokens expire, credit and token windows roll.

        ``seconds`` must be a finite number, at least 0 (else :class:`ValueError`).
        """
        self.state.advance(seconds)

    @property
    def calls(self) -> list[Call]:
        """Every call answered so far, in order."""
        with self.state.lock:
            return list(self.state.calls)

    def credits_used(self, org: Org | None = None) -> int:
        with self.state.lock:
            return self.state.credits_used(org or self.default_org)

    def reset(self) -> None:
        """Forget faults and calls and restore time and pools; orgs and clients stay."""
        self.state.reset()
