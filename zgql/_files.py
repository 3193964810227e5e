"""Files: the user's read as UTF-8 or failing with one line naming the file; private ones
written so that only their owner can ever read them; untrusted ones read only when regular and
bounded; and every write atomic."""

from __future__ import annotations

import contextlib
import json
import os
import stat
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from zgql._exceptions import ConfigError

__all__ = [
    "Oversize",
    "Unreadable",
    "kind_of",
    "read_regular",
    "read_utf8",
    "write_atomic",
    "write_private",
]


def read_utf8(path: Path, bound: int) -> str:
    """The text of ``path``, a regular file of at most ``bound`` bytes (symlinks followed: the
    user named it); :class:`ConfigError` naming the file when it cannot be read."""
    try:
        data = read_regular(path, bound, follow=True)
    except Unreadable as exc:
        raise ConfigError(f"{path}: {exc}") from None
    if isinstance(data, Oversize):
        raise ConfigError(f"{path}: over the bound of {bound} bytes")
    try:
        return data.decode("utf-8")
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


def write_atomic(path: Path, data: bytes, *, mode: int | None = None) -> None:
    """Replace ``path`` with ``data`` so that a reader never sees half of it, nor anyone else
    a moment of it: a new file of a random name in the same folder, created exclusively with
    mode 0600 (nothing planted there beforehand, file or symlink, is written through), synced
    to disk and renamed over ``path`` (renaming replaces a symlink there, never follows it).
    ``mode``: the file's mode once written, for a file that is not private. Raises
    :class:`OSError`; no temporary file stays, whatever happens."""
    descriptor, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    temporary = Path(name)
    try:
        if mode is not None and hasattr(os, "fchmod"):
            os.fchmod(descriptor, mode)
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())  # on disk before the rename makes it the file
        temporary.replace(path)
    except BaseException:  # an OS error, Ctrl-C: no half-written file stays
        _discard(temporary)
        raise
    _sync_folder(path.parent)


_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_NONBLOCK", 0)  # a FIFO swapped in after the stat opens without waiting
    | getattr(os, "O_NOCTTY", 0)
    | getattr(os, "O_CLOEXEC", 0)
    | getattr(os, "O_BINARY", 0)
)
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_CHUNK = 1 << 20


class Unreadable(Exception):
    """Why a file cannot be read, in a few words without its name: ``cannot read: Permission
    denied``, ``is a FIFO, not a regular file``."""


@dataclass(frozen=True, slots=True)
class Oversize:
    """A file over the bound, unread; ``size`` when its size is known (a regular file's
    ``st_size``; a file of ``/proc`` has none)."""

    size: int | None


def kind_of(mode: int) -> str:
    """What a file that is not a regular one is, as in "is a FIFO"."""
    kinds = (
        (stat.S_ISDIR, "a folder"),
        (stat.S_ISFIFO, "a FIFO"),
        (stat.S_ISSOCK, "a socket"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
        (stat.S_ISLNK, "a symbolic link"),
    )
    return next((name for test, name in kinds if test(mode)), "not a regular file")


def read_regular(path: str | os.PathLike[str], bound: int, *, follow: bool) -> bytes | Oversize:
    """The bytes of ``path``, a regular file of at most ``bound`` bytes (at most ``bound + 1``
    are ever read); :class:`Oversize` when it holds more. ``follow``: follow a symbolic link
    at ``path`` itself (a file the user named) rather than refuse it. Raises
    :class:`Unreadable`."""
    try:
        info = Path(path).stat() if follow else Path(path).lstat()
        _regular(info)
        if info.st_size > bound:
            return Oversize(info.st_size)
        descriptor = os.open(path, _FLAGS | (0 if follow else _NOFOLLOW))
    except OSError as exc:
        raise Unreadable(f"cannot read: {exc.strerror or exc}") from None
    try:
        info = os.fstat(descriptor)
        _regular(info)
        if info.st_size > bound:
            return Oversize(info.st_size)
        chunks: list[bytes] = []
        left = bound + 1
        while left > 0:
            chunk = os.read(descriptor, min(left, _CHUNK))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
    except OSError as exc:
        raise Unreadable(f"cannot read: {exc.strerror or exc}") from None
    finally:
        os.close(descriptor)
    data = b"".join(chunks)
    return Oversize(None) if len(data) > bound else data


def _regular(info: os.stat_result) -> None:
    if not stat.S_ISREG(info.st_mode):
        raise Unreadable(f"is {kind_of(info.st_mode)}, not a regular file")


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
