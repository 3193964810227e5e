from __future__ import annotations

from conftest import Analyse


def textareas(count: int) -> str:
    selected = " ".join(f"t{i}: Description {{ value }}" for i in range(count))
    return f"{{ Records {{ Leads {{ _data {{ {selected} Last_Name {{ value }} }} }} }} }}"


def test_at_the_limit(one: Analyse) -> None:
    assert one(textareas(5)).ok


def test_over_the_limit(one: Analyse) -> None:
    (found,) = one(textareas(6)).diagnostics
    assert (found.rule, found.value, found.limit) == ("textareas-per-resource", 6, 5)
    assert found.column == textareas(6).index("t5:") + 1


def test_text_fields_are_not_textareas(one: Analyse) -> None:
    selected = " ".join(f"t{i}: Street {{ value }}" for i in range(8))
    assert one(f"{{ Records {{ Leads {{ _data {{ {selected} }} }} }} }}").ok
