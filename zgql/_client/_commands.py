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
from graphql import (
    GraphQLField,
    GraphQLObjectType,
    GraphQLSchema,
    build_client_schema,
    get_introspection_query,
    get_named_type,
)

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

# What `zgql schema pull` reads of each module through `_Meta`, member by member: the members
# zgql needs (api_name and data_type of every field), then those it keeps when the org's `_Meta`
# has them. The query is built from the org's own introspection, so that a member an org's
# schema lacks (Zoho publishes `Field` and the related-list members only in part) is left out
# rather than failing the pull.
MODULE_MEMBERS = ("api_name", "module_name", "singular_label", "plural_label", "generated_type")
FIELD_MEMBERS = ("api_name", "field_label", "data_type", "json_type")
RELATED_LIST_MEMBERS = ("api_name", "display_label", "name", "type", "href")
REQUIRED_FIELD_MEMBERS = ("api_name", "data_type")
FIELDS, RELATED_LISTS = "fields", "related_lists"


def metadata_query(schema: GraphQLSchema) -> str:
    """The `_Meta` query that reads every module's fields and related lists from an org whose
    schema is ``schema``; :class:`ConfigError` when its `_Meta` cannot give what zgql needs."""
    module = _object(schema, "Module")
    fields_item = _item(module, FIELDS)
    if fields_item is None or any(m not in fields_item.fields for m in REQUIRED_FIELD_MEMBERS):
        raise ConfigError(
            "this org's _Meta has no Module.fields { _data { api_name data_type } }: "
            "zgql cannot read its field metadata"
        )
    parts = [" ".join(m for m in MODULE_MEMBERS if m in module.fields)]
    parts.append(f"{FIELDS} {{ _data {{ {_members(fields_item, FIELD_MEMBERS)} }} }}")
    related_item = _item(module, RELATED_LISTS)
    if related_item is not None and "api_name" in related_item.fields:
        selection = _members(related_item, RELATED_LIST_MEMBERS)
        if _is_object(related_item.fields.get("module")):
            selection += " module { api_name }"
        parts.append(f"{RELATED_LISTS} {{ _data {{ {selection} }} }}")
    lines = ["query zgqlPullMetadata {", "  Meta {", "    Modules {", "      _data {"]
    lines += [f"        {part}" for part in parts]
    return "\n".join([*lines, "      }", "    }", "  }", "}"])


def _object(schema: GraphQLSchema, name: str) -> GraphQLObjectType:
    found = schema.type_map.get(name)
    if not isinstance(found, GraphQLObjectType):
        raise ConfigError(f"this org's schema has no _Meta type {name}: it is not Zoho CRM's")
    return found


def _item(owner: GraphQLObjectType, member: str) -> GraphQLObjectType | None:
    """The item type of the collection ``owner.member`` (its `_data` list), if it is one."""
    field = owner.fields.get(member)
    collection = get_named_type(field.type) if field else None
    data = collection.fields.get("_data") if isinstance(collection, GraphQLObjectType) else None
    item = get_named_type(data.type) if data else None
    return item if isinstance(item, GraphQLObjectType) else None


def _members(item: GraphQLObjectType, wanted: tuple[str, ...]) -> str:
    return " ".join(m for m in wanted if m in item.fields and not _is_object(item.fields[m]))


def _is_object(field: GraphQLField | None) -> bool:
    return field is not None and isinstance(get_named_type(field.type), GraphQLObjectType)


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


def _introspected(introspection: Any) -> GraphQLSchema:
    try:
        return build_client_schema(introspection)
    except (TypeError, ValueError, KeyError) as exc:
        raise ConfigError(
            f"the org's introspection result does not read as a schema: {exc}"
        ) from None


def _module_metadata(module: dict[str, Any]) -> dict[str, Any]:
    """One module of the `_Meta` answer as zgql's metadata file holds it: `fields` and
    `related_lists` as plain lists (their `_data`)."""
    flat = {k: v for k, v in module.items() if k not in (FIELDS, RELATED_LISTS)}
    flat[FIELDS] = (module.get(FIELDS) or {}).get("_data") or []
    if RELATED_LISTS in module:
        flat[RELATED_LISTS] = (module.get(RELATED_LISTS) or {}).get("_data") or []
    return flat


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
            query = metadata_query(_introspected(introspection))
            modules = client.execute(query).data["Meta"]["Modules"]["_data"]
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
        "modules": [_module_metadata(m) for m in modules],
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
