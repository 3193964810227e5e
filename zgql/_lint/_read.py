"""Reading a file of a checked tree, which is untrusted input: ``zgql check`` and ``zgql
explain`` read every file this one way.

Only a regular file is read: a FIFO, a socket or a device is never opened (``stat`` first;
then opened non-blocking and checked again with ``fstat``, which closes the race with a swap in
between), so that a tree cannot make zgql wait forever on a FIFO or read ``/dev/zero``. And
never more than a bound: a file over it is reported by its size without being read.
"""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from zgql._config import Config

__all__ = [
    "QUERY_SUFFIXES",
    "Oversize",
    "Unreadable",
    "bound_of",
    "kind_of",
    "oversize_message",
    "printable",
    "read_lines",
    "read_regular",
]

QUERY_SUFFIXES = frozenset({".graphql", ".gql"})

_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_NONBLOCK", 0)  # a FIFO swapped in after the stat opens without waiting
    | getattr(os, "O_NOCTTY", 0)
    | getattr(os, "O_CLOEXEC", 0)
    | getattr(os, "O_BINARY", 0)
)
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_CHUNK = 1 << 20
# Where GraphQL and Python end a line, as the text format splits them for its excerpts.
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


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


def bound_of(path: str | os.PathLike[str], config: Config) -> tuple[int, str]:
    """The most of a checked file that is read, and the setting that says so: a GraphQL file
    is one document (``max-document-bytes`` of the limits), a Python file has its own bound."""
    if Path(path).suffix in QUERY_SUFFIXES:
        return config.limits.max_document_bytes, "max-document-bytes"
    return config.max_file_bytes, "max-file-bytes"


def oversize_message(oversize: Oversize, bound: int, key: str) -> str:
    """The message of the ``document-size`` finding on a file over ``bound``, set by ``key``."""
    size = f"{oversize.size} bytes" if oversize.size is not None else f"more than {bound} bytes"
    if key == "max-document-bytes":
        advice = "no real query is this large; split it, or raise max-document-bytes in [limits]"
    else:
        advice = "raise max-file-bytes in the configuration, or exclude the file"
    return f"the file is {size}, over the bound of {bound} ({key}), so it was not read: {advice}"


def read_lines(file: str, config: Config) -> list[str] | None:
    """The lines of a checked file, for the text format's excerpts, read as the check read it;
    None when it cannot be read (or no longer can)."""
    try:
        data = read_regular(file, bound_of(file, config)[0], follow=False)
    except Unreadable:
        return None
    if isinstance(data, Oversize):
        return None
    try:
        return _LINE_BREAK.split(data.decode("utf-8"))
    except UnicodeDecodeError:
        return None


def printable(text: str) -> str:
    """``text`` (a file name from the tree) with every character that is not printable escaped,
    so that a name cannot forge a line of zgql's output or drive the reader's terminal."""
    return "".join(c if c.isprintable() else c.encode("unicode_escape").decode() for c in text)
