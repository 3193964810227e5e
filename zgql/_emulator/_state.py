"""What the emulator remembers: orgs, OAuth clients and tokens, credit pools, faults, calls.

One :class:`State` per emulator, shared by the server's event loop and the test's thread, so
every change goes through its lock. Time comes from :meth:`State.now`, which a test may move
forward (token expiry, the rolling credit and token windows) without waiting.
"""

from __future__ import annotations

import math
import secrets
import threading
import time
from dataclasses import dataclass, field
from typing import Any, Literal

from zgql._service import editions, service_limits
from zgql._window import RollingWindow

__all__ = ["AccessToken", "Call", "Client", "Fault", "FaultKind", "Org", "State"]

FaultKind = Literal[
    "latency",
    "server-error",
    "html",
    "truncated",
    "drop",
    "expire-token",
    "schema-change",
    "partial",
]
FAULT_KINDS: tuple[str, ...] = FaultKind.__args__  # type: ignore[attr-defined]


@dataclass
class Org:
    """A Zoho CRM org: its edition and licences (the credit pool), and its GraphQL state."""

    id: str
    edition: str = "enterprise"
    licences: int = 10
    graphql_enabled: bool = True
    concurrency: int = field(default_factory=lambda: service_limits().concurrent_calls_per_org)
    daily_credits: int | None = None  # None: the edition's pool for its licences
    denied_modules: frozenset[str] = frozenset()  # modules the profile may not read (403)
    in_flight: int = 0
    peak_in_flight: int = 0  # the most calls ever in flight at once
    spent: RollingWindow = field(
        default_factory=lambda: RollingWindow(service_limits().credits_window_seconds)
    )

    @property
    def credit_pool(self) -> int:
        if self.daily_credits is not None:
            return self.daily_credits
        return editions()[self.edition].daily_credits(self.licences)


@dataclass
class Client:
    """A registered OAuth client (a Zoho "self client") of one org."""

    client_id: str
    client_secret: str = field(repr=False)
    org_id: str
    scopes: tuple[str, ...]
    dc: str


@dataclass
class AccessToken:
    org_id: str
    scopes: tuple[str, ...]
    expires_at: float
    dc: str


@dataclass(frozen=True, slots=True)
class Fault:
    """A misbehaviour to inject: into the next ``times`` calls to ``path`` (None: every call).

    ``latency`` waits ``seconds`` (the call counts as in flight meanwhile); ``server-error``
    answers ``status`` (default 500) with Zoho's ``INTERNAL_ERROR``; ``html`` answers an HTML
    error page (``status``, default 502); ``truncated`` sends a complete HTTP response whose JSON
    body is cut in half; ``drop`` closes the connection without a byte; ``expire-token``
    expires the token presented; ``schema-change`` removes ``field`` (``Module.Field``) from the
    schema served from now on; ``partial`` answers the data with an error beside it, as a
    failure while fetching one field would.
    """

    kind: FaultKind
    times: int | None = 1
    path: str = "/crm/graphql"
    seconds: float = 0.0
    status: int | None = None
    field: str | None = None

    def __post_init__(self) -> None:
        """Refuse at once a fault that could not be played, rather than fail calls later."""
        wrong = [
            message
            for message, ok in (
                (f"kind must be one of {', '.join(FAULT_KINDS)}", self.kind in FAULT_KINDS),
                (
                    "times must be a whole number, at least 0, or None (every call)",
                    self.times is None or (_whole(self.times) and self.times >= 0),
                ),
                (
                    "path must be a path, starting with /",
                    isinstance(self.path, str) and self.path.startswith("/"),
                ),
                ("seconds must be a finite number, at least 0", _seconds(self.seconds)),
                (
                    "status must be an HTTP status from 200 to 599, or None",
                    self.status is None or (_whole(self.status) and 200 <= self.status <= 599),
                ),
                (
                    "field must be Module.Field, or None",
                    self.field is None or isinstance(self.field, str),
                ),
            )
            if not ok
        ]
        if wrong:
            raise ValueError(f"this fault cannot be played: {'; '.join(wrong)}")


def _whole(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _seconds(value: object) -> bool:
    """A duration: a finite number of seconds, at least 0 (not a bool, not NaN)."""
    return (
        isinstance(value, (int, float))
        and not isinstance(value, bool)
        and math.isfinite(value)
        and value >= 0
    )


@dataclass(frozen=True, slots=True)
class Call:
    """One request the emulator answered, as a test may assert on it."""

    method: str
    path: str
    status: int
    org_id: str | None = None
    code: str | None = None  # Zoho's error code, or the token endpoint's "error"
    query: str | None = None
    variables: dict[str, Any] | None = None
    operation_name: str | None = None
    credits: int = 0  # credits charged to the org's pool
    at: float = 0.0

    def as_json(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in self.__slots__}


class State:
    """All the emulator's mutable state, behind one lock."""

    def __init__(self, *, dc: str) -> None:
        self.dc = dc
        self.lock = threading.Lock()
        self.offset = 0.0  # seconds added to the wall clock by advance()
        self.orgs: dict[str, Org] = {}
        self.clients: dict[str, Client] = {}
        self.refresh_tokens: dict[str, tuple[str, RollingWindow]] = {}  # token → (client, mints)
        self.grant_codes: dict[str, tuple[str, float]] = {}  # code → (client, expires at)
        self.access_tokens: dict[str, AccessToken] = {}
        self.faults: list[list[Any]] = []  # [fault, remaining]
        self.calls: list[Call] = []
        self.removed_fields: set[str] = set()
        self.default_org = self.add_org()

    def now(self) -> float:
        return time.time() + self.offset

    def advance(self, seconds: float) -> None:
        """Move the clock forward (never back: the rolling windows count on it)."""
        if not _seconds(seconds):
            msg = f"seconds must be a finite number, at least 0, not {seconds!r}"
            raise ValueError(msg)
        with self.lock:
            self.offset += seconds

    # -- orgs and OAuth ------------------------------------------------------------------------

    def add_org(self, **settings: Any) -> Org:
        org = Org(id=str(100_000_000 + len(self.orgs) + 1), **settings)
        self.orgs[org.id] = org
        return org

    def add_client(self, org: Org, scopes: tuple[str, ...], dc: str | None) -> Client:
        client = Client(
            client_id=f"1000.{secrets.token_hex(12).upper()}",
            client_secret=secrets.token_hex(20),
            org_id=org.id,
            scopes=scopes,
            dc=dc or self.dc,
        )
        with self.lock:
            self.clients[client.client_id] = client
        return client

    def add_refresh_token(self, client: Client) -> str:
        token = f"1000.{secrets.token_hex(16)}.{secrets.token_hex(16)}"
        with self.lock:
            window = RollingWindow(service_limits().refresh_window_seconds)
            self.refresh_tokens[token] = (client.client_id, window)
        return token

    def add_grant_code(self, client: Client, lifetime: float = 180.0) -> str:
        code = f"1000.{secrets.token_hex(16)}.{secrets.token_hex(16)}"
        with self.lock:
            self.grant_codes[code] = (client.client_id, self.now() + lifetime)
        return code

    def add_access_token(
        self, org: Org, scopes: tuple[str, ...], lifetime: float, dc: str | None = None
    ) -> str:
        token = f"1000.{secrets.token_hex(16)}.{secrets.token_hex(16)}"
        with self.lock:
            self.access_tokens[token] = AccessToken(
                org.id, scopes, self.now() + lifetime, dc or self.dc
            )
        return token

    # -- faults and calls ----------------------------------------------------------------------

    def add_fault(self, fault: Fault) -> None:
        with self.lock:
            self.faults.append([fault, fault.times])

    def take_faults(self, path: str) -> list[Fault]:
        """The faults that apply to this call, each used up by one."""
        taken: list[Fault] = []
        with self.lock:
            for entry in self.faults:
                fault, remaining = entry
                if path.startswith(fault.path) and (remaining is None or remaining > 0):
                    taken.append(fault)
                    if remaining is not None:
                        entry[1] = remaining - 1
            self.faults = [e for e in self.faults if e[1] is None or e[1] > 0]
        return taken

    def record(self, call: Call) -> None:
        with self.lock:
            self.calls.append(call)

    def reset(self) -> None:
        """Forget faults and calls, release every pool and window; keep orgs and clients."""
        with self.lock:
            self.faults.clear()
            self.calls.clear()
            self.removed_fields.clear()
            self.offset = 0.0
            for org in self.orgs.values():
                org.spent.clear()
                org.peak_in_flight = 0
            for _, mints in self.refresh_tokens.values():
                mints.clear()

    # -- credits -------------------------------------------------------------------------------

    def credits_used(self, org: Org) -> int:
        """Credits spent in the rolling window (call with the lock held)."""
        return org.spent.total(self.now())
