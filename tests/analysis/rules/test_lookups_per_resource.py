from __future__ import annotations

from conftest import Analyse

LOOKUPS = ("Account_Name", "Contact_Name", "Owner", "Campaign_Source", "Created_By", "Modified_By")


def deals(count: int) -> str:
    selected = " ".join(f"{name} {{ id {{ value }} }}" for name in LOOKUPS[:count])
    return f"{{ Records {{ Deals {{ _data {{ {selected} }} }} }} }}"


def test_at_the_limit(one: Analyse) -> None:
    assert one(deals(5)).ok


def test_over_the_limit_points_at_the_sixth(one: Analyse) -> None:
    (found,) = one(deals(6)).diagnostics
    assert (found.rule, found.value, found.limit) == ("lookups-per-resource", 6, 5)
    assert found.column == deals(6).index("Modified_By") + 1
    assert "Account_Name" in found.message


def test_children_and_multi_module_lookups_count_too(one: Analyse) -> None:
    query = (
        "{ Records { Tasks { _data { Owner { id { value } } Created_By { id { value } } "
        "Modified_By { id { value } } Who_Id { id { value } } "
        "w1: What_Id { ... on Deals__data { id { value } } } "
        "w2: What_Id { ... on Deals__data { id { value } } } } } } }"
    )
    (found,) = one(query).diagnostics
    assert (found.rule, found.value) == ("lookups-per-resource", 6)
