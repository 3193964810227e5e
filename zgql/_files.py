"""The user's files: read as UTF-8 or fail with one line naming the file; private ones written
so that only their owner can ever read them."""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any

from zgql._exceptions import ConfigError

__all__ = ["read_utf8", "write_private"]


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
    previous file atomically (so a reader never sees half of it, nor a moment of 0644).

    The bytes go to a new file of a random name in the same folder, created exclusively (so
    nothing planted there beforehand, file or symlink, is written through), synced to disk
    and renamed over ``path``. A symlink at ``path`` is refused rather than replaced.
    :class:`ConfigError` names the file when it cannot be written; no temporary file stays.
    """
    _refuse_symlink(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise _cannot_write(path, exc) from None
    temporary = Path(name)
    try:
        _write_synced(descriptor, content)
        temporary.replace(path)
    except OSError as exc:
        _discard(temporary)
        raise _cannot_write(path, exc) from None
    except BaseException:  # content that is not JSON, Ctrl-C: no half-written file stays
        _discard(temporary)
        raise
    _sync_folder(path.parent)


def _write_synced(descriptor: int, content: Any) -> None:
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        json.dump(content, handle, indent=2)
        handle.write("\n")
        handle.flush()
        os.fsync(handle.fileno())  # on disk before the rename makes it the file


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
