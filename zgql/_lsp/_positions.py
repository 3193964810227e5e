"""Between zgql's positions and the editor's.

zgql places a finding at a 1-based line and a 1-based column counted in code points (a Python
``str`` index plus one), in lines that end at ``\\r\\n``, ``\\r`` or ``\\n`` — as GraphQL and
Python count them, and as the Language Server Protocol does. An LSP position is 0-based, and its
``character`` counts code units of the encoding agreed at initialisation: UTF-16 unless the
client offers another. An emoji before a field is one code point but two UTF-16 units: a column
taken as it is would put every later squiggle one place to the left.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["Lines", "Place", "Span"]

_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_NAME = re.compile(r"[_A-Za-z][_0-9A-Za-z]*")


@dataclass(frozen=True, slots=True)
class Place:
    """A 0-based line and character, in the agreed encoding's code units (an LSP position)."""

    line: int
    character: int


@dataclass(frozen=True, slots=True)
class Span:
    """From ``start`` up to ``end`` (excluded), as an LSP range."""

    start: Place
    end: Place


class Lines:
    """A document's lines, for converting positions both ways in one encoding."""

    __slots__ = ("_lines", "_units")

    def __init__(self, text: str, encoding: str = "utf-16") -> None:
        self._lines = _LINE_BREAK.split(text)
        self._units = encoding

    def __len__(self) -> int:
        return len(self._lines)

    def line(self, number: int) -> str:
        """The text of 1-based line ``number`` ("" past the end)."""
        return self._lines[number - 1] if 1 <= number <= len(self._lines) else ""

    def to_editor(self, line: int, column: int) -> Place:
        """zgql's 1-based (line, code-point column) as an editor position, clamped to the text."""
        row = min(max(line, 1), len(self._lines)) - 1
        text = self._lines[row]
        index = min(max(column, 1) - 1, len(text))
        return Place(row, self._count(text[:index]))

    def from_editor(self, place: Place) -> tuple[int, int]:
        """An editor position as zgql's 1-based (line, code-point column), clamped to the text;
        a position inside a character (half a surrogate pair) is that character's."""
        row = min(max(place.line, 0), len(self._lines) - 1)
        text = self._lines[row]
        units = 0
        for index, char in enumerate(text):
            units += self._count(char)
            if units > place.character:
                return row + 1, index + 1
        return row + 1, len(text) + 1

    def word(self, line: int, column: int) -> Span:
        """The GraphQL name that starts at zgql's (line, column), or the one character there:
        where a finding's squiggle goes (findings give their start only)."""
        text = self.line(line)
        index = min(max(column, 1) - 1, len(text))
        name = _NAME.match(text, index)
        end = name.end() if name else min(index + 1, len(text))
        start = self.to_editor(line, index + 1)
        if end == index:  # at the end of a line: one character wide is nothing there
            return Span(start, start)
        return Span(start, self.to_editor(line, end + 1))

    def _count(self, text: str) -> int:
        if self._units == "utf-32":
            return len(text)
        if self._units == "utf-8":
            return len(text.encode("utf-8", "surrogatepass"))
        return len(text) + sum(1 for char in text if ord(char) > 0xFFFF)
