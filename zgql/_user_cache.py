"""Caches that only this user's zgql could have written: inert bytes, authenticated.

A cache may sit where others can write: the lint cache lives in the checked repository, which
may be a stranger's pull request. So a cache is never code (no pickle, no marshal: JSON only),
and every cache file carries an HMAC-SHA256 under a random key kept in the user's own cache
folder (mode 0600, in a 0700 folder). A file whose MAC does not verify — planted, tampered,
truncated, written for another purpose or by another user — reads as absent: a cold run, never
a crash and never a verdict.

File layout: ``zgql-signed/1 PURPOSE\\n`` + 64 hex digits of the MAC + ``\\n`` + payload, where
the MAC covers the purpose and the payload, so that a valid file of one kind cannot stand in
for another.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import os
import secrets
import stat
import tempfile
import threading
from pathlib import Path

from zgql._files import Oversize, Unreadable, read_regular, write_atomic

__all__ = ["cache_dir", "read_signed", "user_key", "write_signed"]

_MAGIC = b"zgql-signed/1 "
_KEY_NAME = "cache-key"
_KEY_BYTES = 32
_key_lock = threading.Lock()
_keys: dict[str, bytes | None] = {}  # folder → its key (None: no usable key)


def cache_dir() -> Path | None:
    """The user's zgql cache folder; None when caching is off (``ZGQL_NO_CACHE=1``)."""
    if os.environ.get("ZGQL_NO_CACHE"):
        return None
    explicit = os.environ.get("ZGQL_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or os.environ.get("LOCALAPPDATA")
    return (Path(base) if base else Path.home() / ".cache") / "zgql"


def user_key() -> bytes | None:
    """This user's cache key, made on first use; None when there is no trustworthy one (caching
    off, a folder or key file that others could read or replace, a read-only home)."""
    folder = cache_dir()
    if folder is None:
        return None
    with _key_lock:
        if str(folder) not in _keys:
            _keys[str(folder)] = _load_or_make_key(folder)
        return _keys[str(folder)]


def _load_or_make_key(folder: Path) -> bytes | None:
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        if not _private(folder.lstat(), directory=True):
            return None
        key = _read_key(folder / _KEY_NAME)
        if key is None:
            _publish_key(folder)
            key = _read_key(folder / _KEY_NAME)
    except OSError:
        return None
    return key


def _private(info: os.stat_result, *, directory: bool) -> bool:
    """Owned by this user, of the expected type, and closed to everyone else."""
    kind = stat.S_ISDIR(info.st_mode) if directory else stat.S_ISREG(info.st_mode)
    mine = not hasattr(os, "getuid") or info.st_uid == os.getuid()
    return kind and mine and info.st_mode & 0o077 == 0


def _read_key(path: Path) -> bytes | None:
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except FileNotFoundError:
        return None
    with os.fdopen(descriptor, "rb") as handle:
        if not _private(os.fstat(descriptor), directory=False):
            return None  # someone else could know it: no cache is trusted under it
        key = handle.read(_KEY_BYTES + 1)
    return key if len(key) == _KEY_BYTES else None


def _publish_key(folder: Path) -> None:
    """Write a new key under a temporary name, then link it into place: two processes racing
    here agree on one key, and no reader ever sees half of one."""
    descriptor, temporary = tempfile.mkstemp(dir=folder, prefix=".key-")
    try:
        os.write(descriptor, secrets.token_bytes(_KEY_BYTES))
        os.fsync(descriptor)
        os.close(descriptor)
        with contextlib.suppress(FileExistsError):  # another process was first: its key wins
            os.link(temporary, folder / _KEY_NAME)
    finally:
        Path(temporary).unlink()


# -- signed files --------------------------------------------------------------------------------


def read_signed(path: Path, purpose: str, limit: int) -> bytes | None:
    """The payload of a cache file this user's zgql wrote for ``purpose``; None for anything
    else (absent, too large, not a regular file, not signed with this user's key)."""
    key = user_key()
    if key is None:
        return None
    try:
        blob = read_regular(path, limit, follow=False)
    except Unreadable:
        return None
    if isinstance(blob, Oversize):
        return None
    header = _MAGIC + purpose.encode() + b"\n"
    mac_end = len(header) + 64
    if not blob.startswith(header) or blob[mac_end : mac_end + 1] != b"\n":
        return None
    payload = blob[mac_end + 1 :]
    expected = _mac(key, purpose, payload).encode()
    return payload if hmac.compare_digest(blob[len(header) : mac_end], expected) else None


def write_signed(path: Path, purpose: str, payload: bytes) -> bool:
    """Write a signed cache file atomically; False (and nothing written) without a key or on
    any OS error: a cache that cannot be written only costs the next run its speed."""
    key = user_key()
    if key is None:
        return False
    header = _MAGIC + purpose.encode() + b"\n" + _mac(key, purpose, payload).encode() + b"\n"
    try:
        write_atomic(path, header + payload)
    except OSError:
        return False
    return True


def _mac(key: bytes, purpose: str, payload: bytes) -> str:
    return hmac.new(key, purpose.encode() + b"\0" + payload, hashlib.sha256).hexdigest()
