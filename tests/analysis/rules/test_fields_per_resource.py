from __future__ import annotations

import pytest
from conftest import Analyse


def fields(count: int) -> str:
    return " ".join(f"f{i}: id {{ value }}" for i in range(count))


@pytest.mark.parametrize("count", [49, 50])
def test_at_and_under_the_limit(one: Analyse, count: int) -> None:
    assert one(f"{{ Records {{ Leads {{ _data {{ {fields(count)} }} }} }} }}").ok


def test_over_the_limit(one: Analyse) -> None:
    (found,) = one(f"{{ Records {{ Leads {{ _data {{ {fields(51)} }} }} }} }}").diagnostics
    assert (found.rule, found.value, found.limit, found.path) == (
        "fields-per-resource",
        51,
        50,
        "Records.Leads._data",
    )
    assert (found.line, found.column) == (1, 21)


def test_merged_keys_count_once_and_typename_not_at_all(one: Analyse) -> None:
    query = (
        f"{{ Records {{ Leads {{ _data {{ {fields(50)} f0: id {{ value }} __typename "
        "... on Leads__data { f1: id { value } } } } } }"
    )
    assert one(query).ok


def test_each_lookup_is_its_own_selection(one: Analyse) -> None:
    query = (
        f"{{ Records {{ Contacts {{ _data {{ {fields(49)} "
        f"Account_Name {{ {fields(51)} }} }} }} }} }}"
    )
    operation = one(query)
    assert [(d.path, d.value) for d in operation.diagnostics] == [
        ("Records.Contacts._data.Account_Name", 51)
    ]
