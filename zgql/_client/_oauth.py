"""Zoho OAuth for httpx: access tokens from a refresh token, refreshed before they expire.

``ZohoOAuth`` is an ``httpx.Auth``: it sends ``Authorization: Zoho-oauthtoken …``, refreshes
ahead of expiry, and refreshes once more (then resends once) when Zoho answers 401
``INVALID_TOKEN``. One refresh per refresh token is in flight at a time across every thread and
task of the process, and no refresh token mints more than Zoho's ten access tokens per ten
minutes. The token endpoint answers errors with HTTP 200 and an ``error`` body; each becomes a
typed error. Tokens and secrets appear in no repr, log or message.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
import threading
import time
from collections.abc import AsyncGenerator, Callable, Generator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import httpx

from zgql._coordination import Coordinator, default_coordinator
from zgql._coordination._fallback import with_fallback
from zgql._exceptions import OAuthError, RateLimited
from zgql._files import write_private
from zgql._service import data_centre, service_limits

__all__ = ["FileTokenStore", "MemoryTokenStore", "StoredToken", "TokenStore", "ZohoOAuth"]

logger = logging.getLogger("zgql")
_INVALID_TOKEN_CODES = (b"INVALID_TOKEN", b"INVALID_OAUTHTOKEN")


@dataclass(frozen=True, slots=True)
class StoredToken:
    """An access token, when it expires (epoch seconds), and the API domain it is for."""

    access_token: str = field(repr=False)
    expires_at: float
    api_domain: str | None = None


class TokenStore(Protocol):
    """Where access tokens are kept between calls (and processes); ``key`` is a digest, never
    a token."""

    def load(self, key: str) -> StoredToken | None: ...
    def save(self, key: str, token: StoredToken) -> None: ...


class MemoryTokenStore:
    """Tokens in this process only (the default)."""

    def __init__(self) -> None:
        self._tokens: dict[str, StoredToken] = {}

    def load(self, key: str) -> StoredToken | None:
        return self._tokens.get(key)

    def save(self, key: str, token: StoredToken) -> None:
        self._tokens[key] = token

    def __repr__(self) -> str:
        return f"MemoryTokenStore({len(self._tokens)} tokens)"


class FileTokenStore:
    """Tokens in a JSON file that only its owner can read (mode 0600 from its first byte)."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path).expanduser()
        self._lock = threading.Lock()

    def load(self, key: str) -> StoredToken | None:
        entry = self._read().get(key)
        if not isinstance(entry, dict):
            return None
        try:
            return StoredToken(
                str(entry["access_token"]), float(entry["expires_at"]), entry.get("api_domain")
            )
        except (KeyError, TypeError, ValueError):
            return None

    def save(self, key: str, token: StoredToken) -> None:
        with self._lock:
            tokens = self._read()
            tokens[key] = {
                "access_token": token.access_token,
                "expires_at": token.expires_at,
                "api_domain": token.api_domain,
            }
            write_private(self.path, tokens)

    def _read(self) -> dict[str, Any]:
        try:
            loaded = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return loaded if isinstance(loaded, dict) else {}

    def __repr__(self) -> str:
        return f"FileTokenStore({str(self.path)!r})"


class _SharedStore:
    """The coordinator's token store, as a :class:`TokenStore`."""

    def __init__(self, coordinator: Coordinator) -> None:
        self._coordinator = coordinator

    def load(self, key: str) -> StoredToken | None:
        return self._coordinator.load_token(key)

    def save(self, key: str, token: StoredToken) -> None:
        self._coordinator.save_token(key, token)

    def __repr__(self) -> str:
        return f"SharedStore({self._coordinator!r})"


class ZohoOAuth(httpx.Auth):
    """OAuth for Zoho CRM from a self client's ``client_id``, ``client_secret`` and
    ``refresh_token``. ``dc`` names the data centre (``us``, ``eu``, ...); ``accounts_url``
    overrides its accounts server (the emulator's, in tests)."""

    def __init__(
        self,
        client_id: str,
        client_secret: str,
        refresh_token: str,
        *,
        dc: str = "us",
        accounts_url: str | None = None,
        store: TokenStore | None = None,
        refresh_ahead: float = 300.0,
        clock: Callable[[], float] = time.time,
        timeout: float = 30.0,
        coordinator: Coordinator | None = None,
    ) -> None:
        accounts = accounts_url or data_centre(dc).accounts
        self.client_id = client_id
        self._secret = client_secret
        self._refresh_token = refresh_token
        self.token_url = f"{accounts.rstrip('/')}/oauth/v2/token"
        # The refresh lock and the mint record are the coordinator's (this process's by
        # default); so is the token store when a coordinator is given and no store.
        self.coordinator: Coordinator = with_fallback(coordinator or default_coordinator())
        self.store: TokenStore = (
            store
            if store is not None
            else _SharedStore(coordinator)
            if coordinator is not None
            else MemoryTokenStore()
        )
        self.refresh_ahead, self.clock, self.timeout = refresh_ahead, clock, timeout
        self.key = hashlib.sha256(f"{client_id}\0{refresh_token}".encode()).hexdigest()[:24]
        self.refreshes = 0  # how many tokens this object minted (for tests and diagnostics)

    def __repr__(self) -> str:
        return f"ZohoOAuth(client_id={self.client_id!r}, token_url={self.token_url!r})"

    # -- httpx.Auth -------------------------------------------------------------------------------

    def sync_auth_flow(
        self, request: httpx.Request
    ) -> Generator[httpx.Request, httpx.Response, None]:
        token = self.access_token()
        _authorize(request, token)
        response = yield request
        response.read()  # httpx reads it only in the base flows, which these replace
        if _is_invalid_token(response):
            _authorize(request, self.access_token(stale=token))
            yield request

    async def async_auth_flow(
        self, request: httpx.Request
    ) -> AsyncGenerator[httpx.Request, httpx.Response]:
        # The refresh itself is a short blocking call made in a worker thread, so that one lock
        # serialises refreshes across threads and event loops alike.
        token = await asyncio.to_thread(self.access_token)
        _authorize(request, token)
        response = yield request
        await response.aread()
        if _is_invalid_token(response):
            _authorize(request, await asyncio.to_thread(self.access_token, token))
            yield request

    # -- tokens -----------------------------------------------------------------------------------

    def access_token(self, stale: str | None = None) -> str:
        """A valid access token: the stored one while it is fresh and not ``stale``, else a new
        one (one refresh at a time per refresh token; the others wait and reuse it)."""
        stored = self.store.load(self.key)
        if self._usable(stored, stale):
            return stored.access_token  # type: ignore[union-attr]
        # The lock outlasts a token call: a holder that died frees it, and nobody waits past it.
        with self.coordinator.refresh_lock(self.key, self.timeout + 5):
            stored = self.store.load(self.key)  # another worker may have refreshed meanwhile
            if self._usable(stored, stale):
                return stored.access_token  # type: ignore[union-attr]
            fresh = self._refresh()
            self.store.save(self.key, fresh)
            return fresh.access_token

    def _usable(self, stored: StoredToken | None, stale: str | None) -> bool:
        return (
            stored is not None
            and stored.access_token != stale
            and stored.expires_at - self.refresh_ahead > self.clock()
        )

    def _refresh(self) -> StoredToken:
        """Mint an access token, unless Zoho's limits say no: ten per refresh token per ten
        minutes, and fifteen alive at once (a sixteenth would cancel the oldest, which another
        worker may be using). Mints are counted org-wide through the coordinator."""
        limits = service_limits()
        now = self.clock()
        recent = self.coordinator.mints_since(self.key, now - limits.refresh_window_seconds)
        if len(recent) >= limits.tokens_per_refresh_window:
            raise _too_many_mints(
                len(recent), recent[0] + limits.refresh_window_seconds - now, "in ten minutes"
            )
        alive = self.coordinator.mints_since(self.key, now - limits.access_token_seconds)
        if len(alive) >= limits.live_tokens_per_refresh_token:
            raise _too_many_mints(
                len(alive), alive[0] + limits.access_token_seconds - now, "still alive"
            )
        body = self._post(recent)
        self.coordinator.record_mint(self.key, self.clock())
        self.refreshes += 1
        logger.info("zgql: access token refreshed", extra={"client_id": self.client_id})
        return self._token_from(body)

    def _post(self, recent: list[float]) -> dict[str, Any]:
        form = {
            "grant_type": "refresh_token",
            "client_id": self.client_id,
            "client_secret": self._secret,
            "refresh_token": self._refresh_token,
        }
        try:
            response = httpx.post(self.token_url, data=form, timeout=self.timeout)
        except httpx.HTTPError as exc:
            from zgql._exceptions import ConnectionFailed  # noqa: PLC0415

            raise ConnectionFailed(
                f"the token endpoint {self.token_url} did not answer: {type(exc).__name__}"
            ) from None
        return token_response(response, retry_after=self._window_left(recent))

    def _window_left(self, recent: list[float]) -> float:
        """Seconds until the first of this refresh token's recent mints leaves Zoho's window
        (the whole window when none is known): when the endpoint throttles, it refuses every
        token until then, so asking sooner only spends calls."""
        window = service_limits().refresh_window_seconds
        return recent[0] + window - self.clock() if recent else float(window)

    def _token_from(self, body: dict[str, Any]) -> StoredToken:
        lifetime = float(body.get("expires_in") or service_limits().access_token_seconds)
        return StoredToken(
            str(body["access_token"]), self.clock() + lifetime, body.get("api_domain")
        )


def _too_many_mints(count: int, wait: float, where: str) -> RateLimited:
    wait = max(0.0, wait)
    return RateLimited(
        f"this refresh token has {count} access tokens {where}, Zoho's limit; "
        "not asking for another",
        retry_after=wait,
        code="TOKEN_LIMIT",
        advice=f"wait {wait:.0f} s; share access tokens between processes (a coordinator, "
        "or a shared TokenStore) so that they reuse one",
    )


def token_response(response: httpx.Response, *, retry_after: float | None = None) -> dict[str, Any]:
    """The token endpoint's answer, or the typed error it stands for (Zoho answers most errors
    with HTTP 200 and an ``error`` key, so the key is checked whatever the status).
    ``retry_after``: when the endpoint throttles, the seconds left in its window as far as the
    caller knows (by default the whole window)."""
    try:
        body = response.json()
    except ValueError:
        body = None
    if not isinstance(body, dict):
        raise OAuthError(
            f"the token endpoint answered HTTP {response.status_code} without JSON",
            status=response.status_code,
            code="not_json",
        )
    error = body.get("error")
    if (
        error == "Access Denied"
        or "too many requests" in str(body.get("error_description", "")).lower()
    ):
        wait = retry_after if retry_after is not None else _whole_window()
        raise RateLimited(
            str(body.get("error_description") or error),
            retry_after=wait,
            status=response.status_code,
            code=str(error),
            advice=f"the token endpoint refuses until its {_whole_window() / 60:.0f}-minute "
            f"window has passed: wait {wait:.0f} s; keep access tokens in a shared TokenStore "
            "so that processes reuse them",
        )
    if error or "access_token" not in body:
        raise OAuthError(
            f"the token endpoint refused: {error or 'no access_token'}",
            status=response.status_code,
            code=str(error or "no_access_token"),
        )
    return body


def _whole_window() -> float:
    return float(service_limits().refresh_window_seconds)


def _authorize(request: httpx.Request, token: str) -> None:
    request.headers["Authorization"] = f"Zoho-oauthtoken {token}"


def _is_invalid_token(response: httpx.Response) -> bool:
    return response.status_code == 401 and any(c in response.content for c in _INVALID_TOKEN_CODES)
