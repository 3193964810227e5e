"""The ``text`` format: what a person reads in a terminal, one block per finding.

A block starts with ``file:line:col: rule message`` — the shape editors and terminals turn into
a link — with `` (warning)`` after the rule of a warning. Under it, the source line is quoted
behind a gutter with a caret under the column::

    examples/deals.graphql:13:9: lookups-per-resource Records.Deals._data selects 6 lookups ...
       |
    13 |         Modified_By { email { value } }
       |         ^

Blocks are separated by a blank line; a last line sums the run up (``Found 2 errors in 4
files.``, ``All 4 files passed.``).
"""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Callable

from zgql._config import DEFAULT_MAX_FILE_BYTES
from zgql._files import Unreadable, read_regular
from zgql._lint._read import LINE_BREAK, printable
from zgql._lint._result import CheckResult
from zgql._report import Diagnostic

__all__ = ["read_file_lines", "render", "summary"]

ReadLines = Callable[[str], list[str] | None]

_BOLD = "1"
_TONE = {"error": "1;31", "warning": "1;33"}  # bold red, bold yellow


def read_file_lines(file: str) -> list[str] | None:
    """The lines of ``file`` read as UTF-8, or ``None`` if it cannot be read: only a regular
    file, not through a symlink, and no larger than a Python file may be (the file may be a
    checked tree's, and ``check`` refused worse)."""
    try:
        data = read_regular(file, DEFAULT_MAX_FILE_BYTES, follow=False)
        text = data.decode("utf-8") if isinstance(data, bytes) else None
    except (Unreadable, UnicodeDecodeError):
        return None
    return LINE_BREAK.split(text) if text is not None else None


def render(result: CheckResult, *, color: bool, read_lines: ReadLines) -> str:
    lines_of = functools.cache(read_lines)  # read each file once, however many findings it has
    blocks = [_block(finding, lines_of(finding.place[0]), color) for finding in result.findings]
    return "".join(block + "\n\n" for block in blocks) + summary(result) + "\n"


def summary(result: CheckResult) -> str:
    """One sentence about the whole run; the ``github`` format ends with it too."""
    files = _count(result.files_checked, "file")
    if result.findings:
        counts = ((result.errors, "error"), (result.warnings, "warning"))
        found = " and ".join(_count(n, noun) for n, noun in counts if n)
        return f"Found {found} in {files}."
    if result.files_checked == 0:
        return "No files were checked."
    if result.files_checked == 1:
        return "1 file passed."
    return f"All {files} passed."


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def _block(finding: Diagnostic, lines: list[str] | None, color: bool) -> str:
    return "\n".join([_header(finding, color), *_excerpt(finding, lines, color)])


def _header(finding: Diagnostic, color: bool) -> str:
    # A name from the tree may hold a newline or an escape sequence: neither reaches the terminal.
    file, line, column = finding.place
    where = _paint(f"{printable(file)}:{line}:{column}:", _BOLD, color)
    rule = finding.rule + (" (warning)" if finding.severity == "warning" else "")
    return f"{where} {_paint(rule, _TONE[finding.severity], color)} {finding.message}"


def _excerpt(finding: Diagnostic, lines: list[str] | None, color: bool) -> list[str]:
    """The gutter, the quoted line and the caret line; nothing if the line cannot be had."""
    _, line, column = finding.place
    if lines is None or not 1 <= line <= len(lines):
        return []
    source = _printable(lines[line - 1])
    number = str(line)
    gutter = " " * len(number) + " |"
    caret = _paint("^", _TONE[finding.severity], color)
    row = f"{number} | {source}".rstrip()
    return [gutter, row, f"{gutter} {_indent(source, column)}{caret}"]


def _printable(line: str) -> str:
    # A control character quoted raw could move the cursor or start an escape sequence in the
    # reader's terminal; U+FFFD stands in for it and keeps the column count (one for one).
    return "".join("\ufffd" if c != "\t" and unicodedata.category(c) == "Cc" else c for c in line)


def _indent(source: str, column: int) -> str:
    """Blank space as wide on screen as ``source`` before ``column``, for the caret."""
    before = source[: max(column, 1) - 1]
    past_end = max(column, 1) - 1 - len(before)  # a column after the line's end, e.g. at EOF
    return "".join(_blank(c) for c in before) + " " * past_end


def _blank(char: str) -> str:
    if char == "\t":
        return "\t"  # a tab, not spaces: the terminal expands both lines' tabs alike
    if unicodedata.category(char) in ("Mn", "Me", "Cf"):
        return ""  # drawn over the previous character, or not drawn at all
    if unicodedata.east_asian_width(char) in ("W", "F"):
        return "  "  # CJK and other wide characters take two cells
    return " "


def _paint(text: str, style: str, color: bool) -> str:
    return f"\x1b[{style}m{text}\x1b[0m" if color else text
