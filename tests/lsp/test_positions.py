"""zgql's 1-based code-point columns against the editor's 0-based code units, both ways."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from zgql._lsp._positions import Lines, Place, Span

LINE = 'a = "😀é"; b { Call_Status }'


@pytest.mark.parametrize(
    ("encoding", "character"),
    [
        ("utf-16", LINE.index("Call") + 1),
        ("utf-32", LINE.index("Call")),
        ("utf-8", LINE.index("Call") + 4),
    ],
)
def test_a_column_past_an_emoji(encoding: str, character: int) -> None:
    lines = Lines(f"first\n{LINE}\n", encoding)
    column = LINE.index("Call") + 1
    assert lines.to_editor(2, column) == Place(1, character)
    assert lines.from_editor(Place(1, character)) == (2, column)
    end = character + len("Call_Status")
    assert lines.word(2, column) == Span(Place(1, character), Place(1, end))


def test_half_a_surrogate_pair_is_the_whole_character() -> None:
    lines = Lines("😀x")
    assert lines.from_editor(Place(0, 1)) == (1, 1)
    assert lines.from_editor(Place(0, 2)) == (1, 2)


def test_lines_end_as_the_protocol_says() -> None:
    lines = Lines("a\r\nb\rc\nd\fe\u2028f")  # a form feed and U+2028 end no line
    assert len(lines) == 4
    assert lines.line(4) == "d\fe\u2028f"
    assert lines.to_editor(4, 3) == Place(3, 2)


def test_positions_out_of_range_are_clamped() -> None:
    lines = Lines("ab\ncd")
    assert lines.to_editor(9, 9) == Place(1, 2)
    assert lines.to_editor(0, 0) == Place(0, 0)
    assert lines.from_editor(Place(7, 7)) == (2, 3)
    assert lines.word(2, 3) == Span(Place(1, 2), Place(1, 2))  # at the end: empty
    assert lines.word(1, 1) == Span(Place(0, 0), Place(0, 2))


@given(st.text(), st.sampled_from(["utf-8", "utf-16", "utf-32"]))
def test_every_column_goes_there_and_back(text: str, encoding: str) -> None:
    lines = Lines(text, encoding)
    for number in range(1, len(lines) + 1):
        for column in range(1, len(lines.line(number)) + 2):
            assert lines.from_editor(lines.to_editor(number, column)) == (number, column)
