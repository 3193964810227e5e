"""Files: the user's read as UTF-8 or failing with one line naming the file; private ones
written so that only their owner can ever read them; untrusted ones read only when regular and
bounded; and every write atomic."""

from __future__ import annotations

import contextlib
import json
import os
import stat
import tempfile
from pathlib import Path
from typing import Any

from zgql._exceptions import ConfigError

__all__ = ["read_regular", "read_utf8", "write_atomic", "write_private"]


def read_utf8(path: Path) -> str:
    """The text of ``path``; :class:`ConfigError` naming the file when it cannot be read."""
    try:
        return path.read_bytes().decode("utf-8")
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read: {exc.strerror or exc}") from None
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{path}: not UTF-8 text (byte {exc.start})") from None


def write_private(path: Path, content: Any) -> None:
    """Write ``content`` as JSON to ``path``, mode 0600 from its first byte, replacing any
    previous file atomically (see :func:`write_atomic`). A symlink at ``path`` is refused
    rather than replaced. :class:`ConfigError` names the file when it cannot be written."""
    _refuse_symlink(path)
    data = (json.dumps(content, indent=2) + "\n").encode()  # not JSON: raises before any write
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, data)
    except OSError as exc:
        raise _cannot_write(path, exc) from None


def write_atomic(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` so that a reader never sees half of it, nor anyone else
    a moment of it: a new file of a random name in the same folder, created exclusively with
    mode 0600 (nothing planted there beforehand, file or symlink, is written through), synced
    to disk and renamed over ``path`` (renaming replaces a symlink there, never follows it).
    Raises :class:`OSError`; no temporary file stays, whatever happens."""
    descriptor, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    temporary = Path(name)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())  # on disk before the rename makes it the file
        temporary.replace(path)
    except BaseException:  # an OS error, Ctrl-C: no half-written file stays
        _discard(temporary)
        raise
    _sync_folder(path.parent)


def read_regular(path: Path, limit: int, *, follow_symlinks: bool = False) -> bytes | None:
    """The bytes of ``path`` if it is a regular file (not a FIFO, socket or device, nor a
    symlink unless ``follow_symlinks``) of at most ``limit`` bytes; None otherwise. Never
    blocks: the file is opened non-blocking and checked before a byte is read, so a FIFO is
    refused, not waited on. Raises :class:`OSError` when it cannot be opened."""
    flags = os.O_RDONLY | _NONBLOCK | (0 if follow_symlinks else _NOFOLLOW)
    descriptor = os.open(path, flags)
    with os.fdopen(descriptor, "rb") as handle:
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode) or info.st_size > limit:
            return None
        data = handle.read(limit + 1)  # /proc files say size 0: the read itself is bounded
    return data if len(data) <= limit else None


_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)


def _refuse_symlink(path: Path) -> None:
    if path.is_symlink():
        raise ConfigError(
            f"{path}: is a symlink; zgql writes private files only in place of a regular "
            "file: remove the link, or point zgql at its target"
        )


def _discard(temporary: Path) -> None:
    with contextlib.suppress(OSError):
        temporary.unlink()


def _cannot_write(path: Path, exc: OSError) -> ConfigError:
    return ConfigError(f"{path}: cannot write: {exc.strerror or exc}")


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable, where the system lets a folder be synced."""
    try:
        descriptor = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return  # Windows opens no folder this way: the rename is as durable as it gets
    try:
        os.fsync(descriptor)
    except OSError:
        pass  # some file systems refuse to sync a folder; the file itself is synced
    finally:
        os.close(descriptor)
