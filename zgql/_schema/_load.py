"""Loading a cached Zoho CRM schema: introspection JSON + field metadata JSON → :class:`Schema`.

Compiling the cost index means building graphql-core's schema from the introspection JSON and
classifying every field. The compiled index and the typed metadata are cached as signed JSON
(:mod:`zgql._user_cache`: never pickle, so a cache is data and nothing else) under a name that
is the SHA-256 of everything they were built from (both files, the cost table, zgql's and
graphql-core's versions): a changed input gives a new name, so an entry is never stale, and an
unreadable or unsigned one is rebuilt. graphql-core's schema itself is built from the
introspection JSON only when something first asks for it (validation, execution).
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import sys
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from zgql._cost_table import DATA, cost_table, zoho_toml
from zgql._exceptions import SchemaError
from zgql._files import Oversize, Unreadable, read_regular
from zgql._schema._index import (
    RECORDS_FIELD,
    CostIndex,
    Kind,
    index_from_json,
    index_to_json,
)
from zgql._schema._metadata import (
    EMPTY,
    Metadata,
    metadata_from_json,
    metadata_to_json,
    parse_metadata,
)
from zgql._schema._types import (
    TypeForm,
    types_from_introspection,
    types_from_json,
    types_to_json,
)
from zgql._user_cache import cache_dir, read_signed, write_signed
from zgql._version import __version__

if TYPE_CHECKING:
    from graphql import GraphQLSchema

__all__ = ["Schema", "cache_dir", "load_schema"]

BUNDLED_NAME = "zoho-crm-enterprise"
INTROSPECTION_SUFFIX = ".introspection.json"
METADATA_SUFFIX = ".metadata.json"
_CACHE_FORMAT = b"zgql-schema-cache/3"
_CACHE_PURPOSE = "schema-cache/3"
_CACHE_MAX_BYTES = 256 * 1024 * 1024
_SCHEMA_MAX_BYTES = 256 * 1024 * 1024  # the largest orgs' introspection is tens of MB


@dataclass(frozen=True, slots=True)
class _Built:
    metadata: Metadata
    index: CostIndex
    types: TypeForm


class _Introspection:
    """The introspection JSON, built into graphql-core's schema on first use (once)."""

    def __init__(self, path: Path, data: bytes, built: GraphQLSchema | None = None) -> None:
        self._path, self._data, self._built = path, data, built
        self._lock = threading.Lock()

    def raw(self) -> Any:
        """The parsed JSON (only before :meth:`schema` has been built)."""
        return _json(self._path, self._data)

    def schema(self, raw: Any = None) -> GraphQLSchema:
        with self._lock:
            if self._built is None:
                raw = raw if raw is not None else _json(self._path, self._data)
                self._built = _client_schema(raw, self._path)
                self._data = b""  # built: the bytes are no longer needed
            return self._built


class Schema:
    """A Zoho CRM schema, ready for analysis: the GraphQL schema, its field metadata, and the
    cost index compiled from both. Obtain one with :func:`zgql.load_schema`."""

    __slots__ = ("_built", "_digest", "_introspection", "_origin")

    def __init__(
        self, built: _Built, introspection: _Introspection, *, digest: str, origin: str
    ) -> None:
        self._built, self._introspection = built, introspection
        self._digest, self._origin = digest, origin

    @property
    def graphql_schema(self) -> GraphQLSchema:
        """The graphql-core schema (for validation and execution), built on first use."""
        return self._introspection.schema()

    @property
    def metadata(self) -> Metadata:
        """The field metadata: module → field → Zoho data type."""
        return self._built.metadata

    @property
    def digest(self) -> str:
        """SHA-256 of the schema's inputs: equal digests, equal analyses."""
        return self._digest

    @property
    def origin(self) -> str:
        """Where the schema was loaded from (a path, or ``bundled``)."""
        return self._origin

    @property
    def cost_index(self) -> CostIndex:
        """Each field's resource kind and price key, as the cost model sees it."""
        return self._built.index

    @property
    def modules(self) -> tuple[str, ...]:
        """The modules that can be queried under ``Records``, in schema order."""
        index = self._built.index
        records = index.records.get(index.query_type, {}).get(RECORDS_FIELD)
        roots = index.records.get(records.type_name, {}) if records else {}
        return tuple(name for name, spec in roots.items() if spec.kind is Kind.ROOT)

    @property
    def _types(self) -> TypeForm:
        return self._built.types

    def __repr__(self) -> str:
        return f"<Schema {self._origin}: {len(self.modules)} modules, digest {self._digest[:12]}>"


_memo: dict[tuple[str, str], Schema] = {}
_memo_lock = threading.Lock()
_bundled_schema: list[Schema] = []  # filled by the first load_schema() without a path


def load_schema(path: str | os.PathLike[str] | None = None) -> Schema:
    """Load a cached Zoho CRM schema; the bundled one when ``path`` is None.

    ``path`` is an introspection JSON file (``NAME.introspection.json``, with its field metadata
    beside it as ``NAME.metadata.json``) or a folder holding one such pair. Without metadata,
    resource kinds fall back to the shape of each field's type. Raises :class:`zgql.SchemaError`
    with a one-line message naming the file when the schema cannot be loaded.
    """
    if path is None and _bundled_schema:
        return _bundled_schema[0]  # installed files do not change while the process runs
    introspection_path, metadata_path = _locate(path)
    introspection = _read(introspection_path)
    metadata = _read(metadata_path) if metadata_path else b""
    digest = _digest(introspection, metadata)
    origin = "bundled" if path is None else str(introspection_path)
    with _memo_lock:
        cached = _memo.get((digest, origin))
    if cached is not None:
        return cached
    introspection_source = _Introspection(introspection_path, introspection)
    built = _load_cached(digest) or _build(introspection_source, metadata_path, metadata, digest)
    schema = Schema(built, introspection_source, digest=digest, origin=origin)
    with _memo_lock:
        _memo[digest, origin] = schema
        if path is None:
            _bundled_schema[:] = [schema]
    return schema


def _locate(path: str | os.PathLike[str] | None) -> tuple[Path, Path | None]:
    if path is None:
        return _bundled(INTROSPECTION_SUFFIX), _bundled(METADATA_SUFFIX)
    target = Path(path)
    if target.is_dir():
        candidates = sorted(target.glob(f"*{INTROSPECTION_SUFFIX}"))
        if len(candidates) != 1:
            found = "none" if not candidates else ", ".join(c.name for c in candidates)
            raise SchemaError(f"{target}: expected one *{INTROSPECTION_SUFFIX} file, found {found}")
        target = candidates[0]
    if not target.is_file():
        raise SchemaError(f"{target}: no such schema file")
    stem = target.name.removesuffix(INTROSPECTION_SUFFIX).removesuffix(".json")
    metadata = target.with_name(stem + METADATA_SUFFIX)
    return target, metadata if metadata.is_file() else None


def _bundled(suffix: str) -> Path:
    """A bundled schema file: packaged in the wheel, or at the top of a source checkout."""
    packaged = DATA / "schema" / f"{BUNDLED_NAME}{suffix}"
    if packaged.is_file():
        return packaged
    return Path(__file__).resolve().parents[2] / "schema" / f"{BUNDLED_NAME}{suffix}"


def _read(path: Path) -> bytes:
    """A schema file's bytes. The path may come from a checked tree's configuration, so only a
    regular file of bounded size is read (never a FIFO, a device or ``/proc``'s endless files)."""
    try:
        data = read_regular(path, _SCHEMA_MAX_BYTES, follow=True)
    except Unreadable as exc:
        raise SchemaError(f"{path}: schema file {exc}") from None
    if isinstance(data, Oversize):
        raise SchemaError(f"{path}: over {_SCHEMA_MAX_BYTES // 2**20} MiB: not a schema file")
    return data


def _digest(introspection: bytes, metadata: bytes) -> str:
    table = zoho_toml()
    versions = f"{__version__}\0{sys.version_info[:2]}".encode()
    parts = (_CACHE_FORMAT, versions, _graphql_version(), table, introspection, metadata)
    return hashlib.sha256(b"\0\0".join(parts)).hexdigest()


def _graphql_version() -> bytes:
    """graphql-core's version file, read rather than imported: loading a cached schema must not
    cost graphql-core's import (tens of milliseconds)."""
    spec = importlib.util.find_spec("graphql")
    if spec is None or spec.origin is None:
        return b""
    try:
        return Path(spec.origin).with_name("version.py").read_bytes()
    except OSError:
        return b""


def _build(
    introspection: _Introspection, metadata_path: Path | None, metadata: bytes, digest: str
) -> _Built:
    raw = introspection.raw()
    gql_schema = introspection.schema(raw)  # invalid introspection raises SchemaError here
    meta = (
        parse_metadata(_json(metadata_path, metadata), str(metadata_path))
        if metadata_path
        else EMPTY
    )
    from zgql._schema._compile import compile_index  # noqa: PLC0415 - graphql-core: on a miss only

    types = types_from_introspection(raw)  # a valid introspection result by now
    built = _Built(meta, compile_index(gql_schema, meta, cost_table()), types)
    _store_cached(digest, built)
    return built


def _json(path: Path, data: bytes) -> Any:
    try:
        return json.loads(data.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise SchemaError(f"{path}: not UTF-8 (byte {exc.start})") from None
    except json.JSONDecodeError as exc:
        raise SchemaError(f"{path}:{exc.lineno}:{exc.colno}: not JSON: {exc.msg}") from None


def _client_schema(raw: Any, path: Path) -> GraphQLSchema:
    import graphql  # noqa: PLC0415 - built only when validation or execution needs it

    from zgql._schema._scalars import define_scalars  # noqa: PLC0415 - imports graphql-core

    if isinstance(raw, dict) and isinstance(raw.get("data"), dict):
        raw = raw["data"]  # a saved introspection *response*
    if not isinstance(raw, dict) or not isinstance(raw.get("__schema"), dict):
        raise SchemaError(f"{path}: not an introspection result (no '__schema' object)")
    try:
        schema = graphql.build_client_schema(raw)  # type: ignore[arg-type]  # checked just above
        problems = graphql.validate_schema(schema)
    except (TypeError, ValueError, KeyError, graphql.GraphQLError) as exc:
        raise SchemaError(f"{path}: not a valid introspection result: {exc}") from None
    if problems:
        raise SchemaError(f"{path}: not a valid introspection result: {problems[0].message}")
    define_scalars(schema)
    return schema


# -- the on-disk cache ---------------------------------------------------------------------------


def _cache_file(digest: str) -> Path | None:
    directory = cache_dir()
    return directory / f"schema-{digest[:40]}.json" if directory else None


def _load_cached(digest: str) -> _Built | None:
    path = _cache_file(digest)
    payload = read_signed(path, _CACHE_PURPOSE, _CACHE_MAX_BYTES) if path else None
    if payload is None:
        return None
    try:
        raw = json.loads(payload)
        return _Built(
            metadata_from_json(raw["metadata"]),
            index_from_json(raw["index"]),
            types_from_json(raw["types"]),
        )
    except (ValueError, KeyError, TypeError, RecursionError):
        return None  # signed by this user's zgql, so not expected: rebuild all the same


def _store_cached(digest: str, built: _Built) -> None:
    path = _cache_file(digest)
    if path is None:
        return
    content = {
        "metadata": metadata_to_json(built.metadata),
        "index": index_to_json(built.index),
        "types": types_to_json(built.types),
    }
    # A cache that cannot be written only costs the next process the build time.
    write_signed(path, _CACHE_PURPOSE, json.dumps(content, separators=(",", ":")).encode())
