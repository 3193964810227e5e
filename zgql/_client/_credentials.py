"""Credentials that ``zgql auth`` saves and ``zgql run`` / ``zgql schema pull`` use.

One JSON file, readable by its owner only (mode 0600 from its first byte): the self client's
id and secret, the refresh token, the data centre, the accounts server and the API domain the
token response named. Default place: ``$ZGQL_CREDENTIALS``, else
``$XDG_CONFIG_HOME/zgql/credentials.json`` (``~/.config/zgql/credentials.json``). Access
tokens are cached beside it in ``tokens.json`` (also 0600), so that successive commands reuse
one token instead of minting a new one each time.
"""

from __future__ import annotations

import json
import os
import stat
from dataclasses import asdict, dataclass, field
from pathlib import Path

from zgql._client._oauth import FileTokenStore, ZohoOAuth
from zgql._coordination import Coordinator
from zgql._exceptions import ConfigError
from zgql._files import write_private

__all__ = ["Credentials", "default_path"]


def default_path() -> Path:
    explicit = os.environ.get("ZGQL_CREDENTIALS")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CONFIG_HOME")
    return (Path(base) if base else Path.home() / ".config") / "zgql" / "credentials.json"


@dataclass(frozen=True)
class Credentials:
    client_id: str
    client_secret: str = field(repr=False)
    refresh_token: str = field(repr=False)
    dc: str
    accounts_url: str
    api_domain: str

    def save(self, path: Path) -> None:
        write_private(path, asdict(self))

    @classmethod
    def load(cls, path: Path) -> Credentials:
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
            credentials = cls(**{name: str(raw[name]) for name in cls.__dataclass_fields__})
        except FileNotFoundError:
            raise ConfigError(f"{path}: no credentials yet; run 'zgql auth' first") from None
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise ConfigError(
                f"{path}: not zgql credentials ({type(exc).__name__}); run 'zgql auth' again"
            ) from None
        if stat.S_IMODE(path.stat().st_mode) & 0o077:
            raise ConfigError(f"{path}: readable by others; run 'chmod 600 {path}'")
        return credentials

    def oauth(self, tokens: Path, coordinator: Coordinator | None = None) -> ZohoOAuth:
        """OAuth from these credentials: access tokens kept in ``tokens`` (0600), or in the
        coordinator's shared store when there is one."""
        return ZohoOAuth(
            self.client_id,
            self.client_secret,
            self.refresh_token,
            accounts_url=self.accounts_url,
            store=None if coordinator is not None else FileTokenStore(tokens),
            coordinator=coordinator,
        )
