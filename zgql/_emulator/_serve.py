"""``zgql emulate``: the emulator in the foreground, until Ctrl-C.

The client id, secret, refresh token, a grant code and an access token are written to a file
only the user can read (mode 0600), not printed: even an emulator's secrets stay out of
terminals and CI logs, so that habits learnt here are safe with a real org.
"""

from __future__ import annotations

import sys
import threading
from pathlib import Path

from zgql._emulator._server import Emulator
from zgql._exceptions import ZgqlError
from zgql._files import write_private

__all__ = ["serve"]


def serve(host: str, port: int, seed: int, schema: Path | None, credentials: Path) -> int:
    try:
        import uvicorn  # noqa: F401, PLC0415 - only to say clearly when the extra is missing
    except ImportError:
        sys.stderr.write("zgql: the emulator needs its extra: pip install 'zgql[emulator]'\n")
        return 2
    emulator = Emulator(schema, seed=seed, host=host, port=port)
    try:
        emulator.start()
    except (OSError, RuntimeError) as exc:
        sys.stderr.write(f"zgql: cannot serve on {host}:{port}: {exc}\n")
        return 2
    client = emulator.register_client()
    try:
        # A zgql credentials file as `zgql auth` writes one (so that `zgql run --credentials`
        # takes it as it is), with what a test from another process needs besides.
        write_private(
            credentials,
            {
                "client_id": client.client_id,
                "client_secret": client.client_secret,
                "refresh_token": client.refresh_token,
                "dc": "us",
                "accounts_url": emulator.base_url,
                "api_domain": emulator.base_url,
                "grant_code": emulator.grant_code(client, lifetime=3600),
                "access_token": emulator.issue_token(),
                "admin_secret": emulator.admin_secret,
            },
        )
    except ZgqlError as exc:
        emulator.stop()
        sys.stderr.write(f"zgql: {exc}\n")
        return 2
    sys.stdout.write(
        f"zgql emulator: Zoho CRM GraphQL at {emulator.graphql_url} (seed {seed})\n"
        f"  token endpoint: {emulator.token_url}\n"
        f"  client id:      {client.client_id}\n"
        f"  credentials:    {credentials} (client secret, refresh token, a grant code valid one "
        "hour, an access token, the admin secret)\n"
        f"  try:            zgql run QUERY.graphql --credentials {credentials}\n"
        "Press Ctrl-C to stop.\n"
    )
    sys.stdout.flush()
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        pass
    finally:
        emulator.stop()
    return 0
