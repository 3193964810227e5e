"""Loading a cached Zoho CRM schema: introspection JSON + field metadata JSON → :class:`Schema`.

Building a graphql-core schema from introspection JSON and compiling its cost index takes tens
of milliseconds for an org of this size, so the built result is pickled into a user cache
directory under a name that is the SHA-256 of everything it was built from (both files, the
cost table, zgql's and graphql-core's versions). A changed input gives a new name; a cache entry
is never stale, and an unreadable one is rebuilt.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import sys
import tempfile
import threading
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import graphql
from graphql import GraphQLSchema, build_client_schema, validate_schema

from zgql._cost_table import cost_table
from zgql._exceptions import SchemaError
from zgql._schema._index import RECORDS_FIELD, CostIndex, Kind, compile_index
from zgql._schema._metadata import EMPTY, Metadata, parse_metadata
from zgql._version import __version__

__all__ = ["Schema", "cache_dir", "load_schema"]

BUNDLED_NAME = "zoho-crm-enterprise"
INTROSPECTION_SUFFIX = ".introspection.json"
METADATA_SUFFIX = ".metadata.json"
_CACHE_FORMAT = b"zgql-schema-cache/1"


@dataclass(frozen=True, slots=True)
class _Built:
    graphql: GraphQLSchema
    metadata: Metadata
    index: CostIndex


class Schema:
    """A Zoho CRM schema, ready for analysis: the GraphQL schema, its field metadata, and the
    cost index compiled from both. Obtain one with :func:`zgql.load_schema`."""

    __slots__ = ("_built", "_digest", "_origin")

    def __init__(self, built: _Built, *, digest: str, origin: str) -> None:
        self._built, self._digest, self._origin = built, digest, origin

    @property
    def graphql_schema(self) -> GraphQLSchema:
        """The graphql-core schema (for validation and execution)."""
        return self._built.graphql

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
    def modules(self) -> tuple[str, ...]:
        """The modules that can be queried under ``Records``, in schema order."""
        index = self._built.index
        records = index.records.get(index.query_type, {}).get(RECORDS_FIELD)
        roots = index.records.get(records.type_name, {}) if records else {}
        return tuple(name for name, spec in roots.items() if spec.kind is Kind.ROOT)

    @property
    def _index(self) -> CostIndex:
        return self._built.index

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
    built = _load_cached(digest) or _build(
        introspection_path, introspection, metadata_path, metadata
    )
    schema = Schema(built, digest=digest, origin=origin)
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
    packaged = resources.files("zgql").joinpath(f"_data/schema/{BUNDLED_NAME}{suffix}")
    if packaged.is_file():
        return Path(str(packaged))
    return Path(__file__).resolve().parents[2] / "schema" / f"{BUNDLED_NAME}{suffix}"


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise SchemaError(f"{path}: cannot read schema file: {exc.strerror or exc}") from None


def _digest(introspection: bytes, metadata: bytes) -> str:
    table = resources.files("zgql").joinpath("_data/zoho.toml").read_bytes()
    versions = f"{__version__}\0{graphql.__version__}\0{sys.version_info[:2]}".encode()
    parts = (_CACHE_FORMAT, versions, table, introspection, metadata)
    return hashlib.sha256(b"\0\0".join(parts)).hexdigest()


def _build(
    introspection_path: Path, introspection: bytes, metadata_path: Path | None, metadata: bytes
) -> _Built:
    gql_schema = _client_schema(_json(introspection_path, introspection), introspection_path)
    meta = (
        parse_metadata(_json(metadata_path, metadata), str(metadata_path))
        if metadata_path
        else EMPTY
    )
    built = _Built(gql_schema, meta, compile_index(gql_schema, meta, cost_table()))
    _store_cached(_digest(introspection, metadata), built)
    return built


def _json(path: Path, data: bytes) -> Any:
    try:
        return json.loads(data.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise SchemaError(f"{path}: not UTF-8 (byte {exc.start})") from None
    except json.JSONDecodeError as exc:
        raise SchemaError(f"{path}:{exc.lineno}:{exc.colno}: not JSON: {exc.msg}") from None


def _client_schema(raw: Any, path: Path) -> GraphQLSchema:
    if isinstance(raw, dict) and isinstance(raw.get("data"), dict):
        raw = raw["data"]  # a saved introspection *response*
    if not isinstance(raw, dict) or not isinstance(raw.get("__schema"), dict):
        raise SchemaError(f"{path}: not an introspection result (no '__schema' object)")
    try:
        schema = build_client_schema(raw)  # type: ignore[arg-type]  # checked just above
        problems = validate_schema(schema)
    except (TypeError, ValueError, KeyError, graphql.GraphQLError) as exc:
        raise SchemaError(f"{path}: not a valid introspection result: {exc}") from None
    if problems:
        raise SchemaError(f"{path}: not a valid introspection result: {problems[0].message}")
    return schema


# -- the on-disk cache ---------------------------------------------------------------------------


def cache_dir() -> Path | None:
    """Where compiled schemas are cached; None when caching is off (``ZGQL_NO_CACHE=1``)."""
    if os.environ.get("ZGQL_NO_CACHE"):
        return None
    explicit = os.environ.get("ZGQL_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or os.environ.get("LOCALAPPDATA")
    return (Path(base) if base else Path.home() / ".cache") / "zgql"


def _cache_file(digest: str) -> Path | None:
    directory = cache_dir()
    return directory / f"schema-{digest[:40]}.pickle" if directory else None


def _load_cached(digest: str) -> _Built | None:
    path = _cache_file(digest)
    if path is None:
        return None
    try:
        data = path.read_bytes()
    except OSError:
        return None
    if not data.startswith(_CACHE_FORMAT):
        return None
    try:
        # The file is in the user's own 0700 cache folder, named by the digest of its inputs.
        built = pickle.loads(data[len(_CACHE_FORMAT) :])  # noqa: S301
    except Exception:  # noqa: BLE001 - any damage to a cache file means "rebuild", never a crash
        return None
    return built if isinstance(built, _Built) else None


def _store_cached(digest: str, built: _Built) -> None:
    path = _cache_file(digest)
    if path is None:
        return
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        data = _CACHE_FORMAT + pickle.dumps(built, protocol=pickle.HIGHEST_PROTOCOL)
        with tempfile.NamedTemporaryFile(dir=path.parent, delete=False, suffix=".tmp") as tmp:
            tmp.write(data)
        Path(tmp.name).replace(path)
    except (OSError, pickle.PicklingError, TypeError, AttributeError):
        # A read-only or full disk only costs the next process the build time.
        return
