"""The on-disk cache of ``zgql check``: what unchanged inputs gave last time.

Two maps, kept together in one JSON file under ``.zgql_cache/`` (or ``cache-dir``):

- *facts*, keyed by the SHA-256 of a text: a Python file's embedded queries, a unit's fragments
  and spreads — they depend on the text alone;
- *results*, keyed by the SHA-256 of everything an analysis depends on: the unit's text, the
  text of every fragment it takes from other files, the schema's digest, the limits and
  interpretations, and zgql's version.

A changed input makes a new key, so an entry is never stale; entries not used by a run are
kept up to a bound, so that checking part of a tree does not evict the rest.

The folder is in the checked tree, which may be a stranger's: the file is plain JSON (values
are lists, strings and numbers, decoded by the runner) signed with this user's key
(:mod:`zgql._user_cache`), so a committed or planted cache is a miss, never a verdict.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import stat
from fractions import Fraction
from pathlib import Path
from typing import Any, TypeVar

from zgql._user_cache import read_signed, write_signed
from zgql._version import __version__

__all__ = ["LintCache", "decode_record", "digest", "encode_record"]

# Bump with every change to the shape of what the runner caches: a file in another format is
# ignored whole, so no entry is ever read as something it is not.
_FORMAT = "5"  # 4: records by field name; 5: fragment digests of tokens, not of printed ASTs
_PURPOSE = f"lint-cache/{_FORMAT} zgql/{__version__}"
_MAX_ENTRIES = 250_000
_MAX_BYTES = 512 * 1024 * 1024  # far above 250,000 entries of real queries


def digest(*parts: str | bytes) -> str:
    hasher = hashlib.sha256()
    for part in parts:
        data = part.encode() if isinstance(part, str) else part
        hasher.update(len(data).to_bytes(8, "little"))
        hasher.update(data)
    return hasher.hexdigest()


Record = TypeVar("Record")


def encode_record(record: Any) -> dict[str, Any]:
    """A frozen dataclass (a diagnostic, an operation's figures) as a JSON object, field by
    name — so that a field added to the class cannot shift the others — with a fraction as
    ``[numerator, denominator]``. Fields that take no part in comparisons (a cost tree) are not
    cached."""
    encoded: dict[str, Any] = {}
    for field in dataclasses.fields(record):
        if field.compare:
            value = getattr(record, field.name)
            encoded[field.name] = (
                [value.numerator, value.denominator] if isinstance(value, Fraction) else value
            )
    return encoded


def decode_record(kind: type[Record], raw: Any) -> Record | None:
    """Back from :func:`encode_record`; None when ``raw`` has another shape."""
    try:
        values = {
            name: Fraction(*value) if isinstance(value, list) else value
            for name, value in raw.items()
        }
        return kind(**values)
    except (AttributeError, TypeError, ValueError, ZeroDivisionError):
        return None


class LintCache:
    """A dictionary of JSON values that outlives the process; ``None`` as the folder makes it
    a plain dict."""

    def __init__(self, folder: Path | None) -> None:
        self._path = folder / f"lint-{__version__}-{_FORMAT}.json" if folder else None
        self._old: dict[str, Any] = self._load()
        self._new: dict[str, Any] = {}
        self._dirty = False

    def get(self, key: str) -> Any:
        value = self._new.get(key)
        if value is None:
            value = self._old.get(key)
            if value is not None:
                self._new[key] = value
        return value

    def put(self, key: str, value: Any) -> None:
        self._new[key] = value
        self._dirty = True

    def _load(self) -> dict[str, Any]:
        payload = read_signed(self._path, _PURPOSE, _MAX_BYTES) if self._path else None
        if payload is None:
            return {}
        try:
            loaded = json.loads(payload)
        except (ValueError, RecursionError):
            return {}  # signed by us, so never expected; a miss all the same
        return loaded if isinstance(loaded, dict) else {}

    def save(self) -> None:
        """Write the entries of this run, then older ones up to the bound; never raises."""
        if self._path is None or not self._dirty or not _own_folder(self._path.parent):
            return  # a warm run writes nothing
        merged = dict(self._new)
        for key, value in self._old.items():
            if len(merged) >= _MAX_ENTRIES:
                break
            merged.setdefault(key, value)
        payload = json.dumps(merged, separators=(",", ":")).encode()
        write_signed(self._path, _PURPOSE, payload)


def _own_folder(folder: Path) -> bool:
    """Make the cache folder (with a ``.gitignore``) if need be; False when it is anything but
    a real folder — a symlink in the checked tree must not steer where zgql writes."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        if not stat.S_ISDIR(os.lstat(folder).st_mode):
            return False
        _write_new(folder / ".gitignore", b"# Created by zgql; the cache of `zgql check`.\n*\n")
    except OSError:
        return False
    return True


def _write_new(path: Path, data: bytes) -> None:
    """Create ``path`` with ``data`` unless something (even a dangling symlink) is there."""
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o644)
    except FileExistsError:
        return
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(data)
