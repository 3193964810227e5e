"""``zgql auth``, ``zgql run`` and ``zgql schema pull``: the client from the command line.

Exit status: 0 done; 1 the call failed (the typed error on standard error); 2 usage,
configuration or credentials. Secrets are read from the environment or a prompt, never from
the command line (where shell history and process lists would keep them), and never printed.
"""

from __future__ import annotations

import getpass
import json
import os
import sys
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, TextIO

import httpx
from graphql import get_introspection_query

from zgql._client._client import Client
from zgql._client._credentials import Credentials, default_path
from zgql._client._oauth import token_response
from zgql._coordination import Coordinator
from zgql._exceptions import ConfigError, SchemaError, ZgqlError
from zgql._files import read_utf8
from zgql._limits import Limits
from zgql._schema import Schema, load_schema
from zgql._schema._metadata import METADATA_VERSION
from zgql._service import data_centre

__all__ = ["auth", "pull", "run"]

METADATA_QUERY = """query zgqlPullMetadata {
  Meta {
    Modules {
      _data {
        api_name module_name singular_label plural_label generated_type
        fields { _data { api_name field_label data_type json_type } }
      }
    }
  }
}"""


def _secret(variable: str, prompt: str) -> str:
    value = os.environ.get(variable)
    if value:
        return value
    if not sys.stdin.isatty():
        raise ConfigError(f"set {variable} (secrets are not taken from the command line)")
    return getpass.getpass(prompt)


def auth(
    client_id: str | None,
    dc: str,
    accounts_url: str | None,
    credentials_path: Path | None,
    out: TextIO,
) -> int:
    """Exchange a self client's grant code for a refresh token, and save the credentials."""
    client_id = client_id or os.environ.get("ZGQL_CLIENT_ID") or ""
    if not client_id:
        raise ConfigError("give --client-id (or set ZGQL_CLIENT_ID)")
    try:
        accounts = (accounts_url or data_centre(dc).accounts).rstrip("/")
    except ValueError as exc:
        raise ConfigError(str(exc)) from None
    secret = _secret("ZGQL_CLIENT_SECRET", "Client secret: ")
    code = _secret("ZGQL_GRANT_CODE", "Grant code (from the API console's self client): ")
    try:
        response = httpx.post(
            f"{accounts}/oauth/v2/token",
            timeout=30,
            data={
                "grant_type": "authorization_code",
                "client_id": client_id,
                "client_secret": secret,
                "code": code,
            },
        )
    except httpx.HTTPError as exc:
        raise ConfigError(
            f"{accounts}: the accounts server did not answer ({type(exc).__name__})"
        ) from None
    body = token_response(response)
    if "refresh_token" not in body:
        raise ConfigError(
            "the token endpoint gave no refresh token: was the grant code made "
            "with access_type=offline?"
        )
    api_domain = str(body.get("api_domain") or data_centre(dc).api)
    path = credentials_path or default_path()
    Credentials(client_id, secret, str(body["refresh_token"]), dc, accounts, api_domain).save(path)
    out.write(
        f"Authorised client {client_id} for {api_domain}; credentials saved to {path} "
        "(mode 0600).\n"
    )
    return 0


def _client(
    credentials_path: Path | None, schema: Schema | None, redis_url: str | None
) -> tuple[Client, Credentials]:
    """A client from the saved credentials (access tokens cached beside them, or shared through
    Redis with ``redis_url``), and those."""
    path = credentials_path or default_path()
    credentials = Credentials.load(path)
    coordinator = _coordinator(redis_url)
    client = Client(
        auth=credentials.oauth(path.with_name("tokens.json"), coordinator),
        api_domain=credentials.api_domain,
        schema=schema,
        coordinator=coordinator,
    )
    return client, credentials


def _coordinator(redis_url: str | None) -> Coordinator | None:
    """Org-wide limits through Redis (``--redis``, or ``ZGQL_REDIS_URL``), when asked for."""
    url = redis_url or os.environ.get("ZGQL_REDIS_URL")
    if not url:
        return None
    try:
        from zgql._coordination._redis import RedisCoordinator  # noqa: PLC0415 - optional
    except ImportError:
        raise ConfigError(
            "a Redis URL was given, but redis-py is not installed: pip install 'zgql[redis]'"
        ) from None
    try:
        return RedisCoordinator(url)
    except ValueError as exc:  # a URL redis-py cannot read (its message does not echo it)
        raise ConfigError(f"the Redis URL cannot be used: {exc}") from None


def _variables(pairs: list[str]) -> dict[str, Any]:
    """``--var k=v``: v as JSON when it reads as JSON (numbers, true, objects), else a string."""
    variables: dict[str, Any] = {}
    for pair in pairs:
        name, equals, text = pair.partition("=")
        if not equals or not name:
            raise ConfigError(f"--var {pair!r}: write it as name=value")
        try:
            variables[name] = json.loads(text)
        except ValueError:
            variables[name] = text
    return variables


def run(
    file: Path,
    pairs: list[str],
    operation: str | None,
    paginate: bool,
    credentials_path: Path | None,
    schema_path: Path | None,
    out: TextIO,
    redis_url: str | None = None,
) -> int:
    """Check and send the query in ``file``; print the data (or each record, with paginate)."""
    query = read_utf8(file, Limits().max_document_bytes)
    variables = _variables(pairs)
    schema = load_schema(schema_path) if schema_path else None
    client, _ = _client(credentials_path, schema, redis_url)
    with client:
        try:
            if paginate:
                records = client.paginate(query, variables, operation)
                out.writelines(json.dumps(record) + "\n" for record in records)
            else:
                result = client.execute(query, variables, operation)
                out.write(json.dumps(result.data, indent=2) + "\n")
        except ValueError as exc:  # a query paginate cannot page
            raise ConfigError(str(exc)) from None
        except ZgqlError as exc:
            sys.stderr.write(f"zgql: {type(exc).__name__}: {exc}\n")
            return 1
    return 0


def pull(
    out_dir: Path,
    name: str,
    org: str | None,
    credentials_path: Path | None,
    out: TextIO,
    redis_url: str | None = None,
) -> int:
    """Save the org's schema (introspection) and field metadata (through ``_Meta``)."""
    client, credentials = _client(credentials_path, None, redis_url)
    with client:
        try:
            introspection = client.execute(get_introspection_query(descriptions=True)).data
            modules = client.execute(METADATA_QUERY).data["Meta"]["Modules"]["_data"]
        except ZgqlError as exc:
            sys.stderr.write(f"zgql: {type(exc).__name__}: {exc}\n")
            return 1
    metadata: dict[str, Any] = {
        "zgql_metadata_version": METADATA_VERSION,
        "source": {
            "kind": "pulled",
            "org": org,
            "data_centre": credentials.dc,
            "api_domain": credentials.api_domain,
            "pulled_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        },
        "modules": [
            {
                **{k: v for k, v in m.items() if k != "fields"},
                "fields": (m.get("fields") or {}).get("_data") or [],
            }
            for m in modules
        ],
    }
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / f"{name}.introspection.json").write_text(json.dumps(introspection, indent=1) + "\n")
    (out_dir / f"{name}.metadata.json").write_text(json.dumps(metadata, indent=2) + "\n")
    try:
        schema = load_schema(out_dir / f"{name}.introspection.json")
    except SchemaError as exc:
        raise ConfigError(f"the pulled schema does not load: {exc}") from None
    fields = sum(len(module["fields"]) for module in metadata["modules"])
    out.write(
        f"Pulled {len(schema.modules)} modules and {fields} fields into {out_dir}/{name}.*.json; "
        f'use it with --schema {out_dir} or schema = "{out_dir}" in [tool.zgql].\n'
    )
    return 0
