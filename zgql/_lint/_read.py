"""Reading a file of a checked tree, which is untrusted input: ``zgql check`` and ``zgql
explain`` read every file this one way, with :func:`zgql._files.read_regular` (regular files
only, never more than a bound) and the bound each kind of file has.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import TYPE_CHECKING

from zgql._files import Oversize, Unreadable, kind_of, read_regular

if TYPE_CHECKING:
    from zgql._config import Config

__all__ = [
    "LINE_BREAK",
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

# Where GraphQL and Python end a line, as the text format splits them for its excerpts.
LINE_BREAK = re.compile(r"\r\n|\r|\n")


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
        return LINE_BREAK.split(data.decode("utf-8"))
    except UnicodeDecodeError:
        return None


def printable(text: str) -> str:
    """``text`` (a file name from the tree) with every character that is not printable escaped,
    so that a name cannot forge a line of zgql's output or drive the reader's terminal."""
    return "".join(c if c.isprintable() else c.encode("unicode_escape").decode() for c in text)
