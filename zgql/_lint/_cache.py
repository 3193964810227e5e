"""The on-disk cache of ``zgql check``: what unchanged inputs gave last time.

Two maps, pickled together in one file under ``.zgql_cache/`` (or ``cache-dir``):

- *facts*, keyed by the SHA-256 of a text: a Python file's embedded queries, a unit's fragments
  and spreads — they depend on the text alone;
- *results*, keyed by the SHA-256 of everything an analysis depends on: the unit's text, the
  text of every fragment it takes from other files, the schema's digest, the limits and
  interpretations, and zgql's version.

A changed input makes a new key, so an entry is never stale; entries not used by a run are
kept up to a bound, so that checking part of a tree does not evict the rest.
"""

from __future__ import annotations

import hashlib
import pickle
import tempfile
from pathlib import Path
from typing import Any

from zgql._version import __version__

__all__ = ["LintCache", "digest"]

# Bump with every change to the shape of what the runner caches: a file in another format is
# ignored whole, so no entry is ever read as something it is not.
_FORMAT = b"zgql-lint-cache/2\n"
_MAX_ENTRIES = 250_000


def digest(*parts: str | bytes) -> str:
    hasher = hashlib.sha256()
    for part in parts:
        data = part.encode() if isinstance(part, str) else part
        hasher.update(len(data).to_bytes(8, "little"))
        hasher.update(data)
    return hasher.hexdigest()


class LintCache:
    """A dictionary that outlives the process; ``None`` as the folder makes it a plain dict."""

    def __init__(self, folder: Path | None) -> None:
        name = f"lint-{__version__}-{_FORMAT.decode().strip().rsplit('/', 1)[-1]}.pickle"
        self._path = folder / name if folder else None
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
        if self._path is None:
            return {}
        try:
            data = self._path.read_bytes()
            # The file is this project's own cache, written by zgql in a folder it created.
            loaded = pickle.loads(data[len(_FORMAT) :]) if data.startswith(_FORMAT) else {}  # noqa: S301
        except Exception:  # noqa: BLE001 - a missing or damaged cache only means a cold run
            return {}
        return loaded if isinstance(loaded, dict) else {}

    def save(self) -> None:
        """Write the entries of this run, then older ones up to the bound; never raises."""
        if self._path is None or not self._dirty:
            return  # a warm run writes nothing
        merged = dict(self._new)
        for key, value in self._old.items():
            if len(merged) >= _MAX_ENTRIES:
                break
            merged.setdefault(key, value)
        try:
            self._write(merged)
        except (OSError, pickle.PicklingError):
            return  # a read-only tree only costs the next run its speed

    def _write(self, entries: dict[str, Any]) -> None:
        assert self._path is not None
        folder = self._path.parent
        folder.mkdir(parents=True, exist_ok=True)
        ignore = folder / ".gitignore"
        if not ignore.exists():
            ignore.write_text("# Created by zgql; the cache of `zgql check`.\n*\n")
        data = _FORMAT + pickle.dumps(entries, protocol=pickle.HIGHEST_PROTOCOL)
        with tempfile.NamedTemporaryFile(dir=folder, delete=False, suffix=".tmp") as tmp:
            tmp.write(data)
        try:
            Path(tmp.name).replace(self._path)
        except OSError:
            Path(tmp.name).unlink()
            raise
