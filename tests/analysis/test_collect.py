"""Fields are collected as execution collects them: fragments expanded, keys merged."""

from __future__ import annotations

import pytest
from conftest import Analyse

import zgql

PLAIN = "{ Records { Deals { _data { Owner { id { value } } Account_Name { id { value } } } } } }"


def test_named_and_inline_fragments_expand_to_the_same_figures(one: Analyse) -> None:
    fragmented = """
        query { Records { Deals { ...D } } }
        fragment D on Deals__Connection { _data { ... on Deals__data { Owner { ...U } } ...A } }
        fragment A on Deals__data { Account_Name { id { value } } }
        fragment U on Users__data { id { value } }
    """
    plain, expanded = one(PLAIN), one(fragmented)
    assert (expanded.complexity, expanded.records_depth) == (plain.complexity, plain.records_depth)
    assert [n.path for n in expanded.breakdown.walk()] == [n.path for n in plain.breakdown.walk()]


def test_same_response_key_twice_is_one_field(one: Analyse) -> None:
    query = "{ Records { Deals { _data { Owner { id { value } } Owner { email { value } } } } } }"
    assert one(query).complexity == 125


def test_two_aliases_of_one_lookup_are_two_resources(one: Analyse) -> None:
    query = (
        "{ Records { Deals { _data { a: Owner { id { value } } b: Owner { id { value } } } } } }"
    )
    operation = one(query)
    assert operation.complexity == 150
    assert [n.path for n in operation.breakdown.walk()][2:] == [
        "Records.Deals._data.a",
        "Records.Deals._data.b",
    ]


def test_aliased_roots_are_each_a_resource(one: Analyse) -> None:
    assert (
        one(
            "{ Records { a: Leads { _data { id { value } } } b: Leads { _data { id { value } } } } }"
        ).complexity
        == 200
    )


def test_two_records_fields_under_aliases(one: Analyse) -> None:
    assert (
        one(
            "{ r1: Records { Leads { _data { id { value } } } } "
            "r2: Records { Leads { _data { id { value } } } } }"
        ).complexity
        == 200
    )


@pytest.mark.parametrize(
    ("directive", "complexity"),
    [
        ("@skip(if: true)", 100),
        ("@skip(if: false)", 125),
        ("@include(if: true)", 125),
        ("@include(if: false)", 100),
    ],
)
def test_literal_skip_and_include(one: Analyse, directive: str, complexity: int) -> None:
    query = f"{{ Records {{ Deals {{ _data {{ id {{ value }} Owner {directive} {{ id {{ value }} }} }} }} }} }}"
    assert one(query).complexity == complexity


@pytest.mark.parametrize(
    ("variables", "complexity"),
    [
        (None, 125),  # unknown: worst case, counted
        ({"on": True}, 125),
        ({"on": False}, 100),
    ],
)
def test_variable_include(one: Analyse, variables: dict[str, bool] | None, complexity: int) -> None:
    query = (
        "query Q($on: Boolean!) { Records { Deals { _data { id { value } "
        "Owner @include(if: $on) { id { value } } } } } }"
    )
    assert one(query, variables=variables).complexity == complexity


def test_variable_default_decides_skip(one: Analyse) -> None:
    query = (
        "query Q($off: Boolean = true) { Records { Deals { _data { id { value } "
        "Owner @skip(if: $off) { id { value } } } } } }"
    )
    assert one(query).complexity == 100
    assert one(query, variables={"off": False}).complexity == 125


def test_skipped_fragment_spread(one: Analyse) -> None:
    query = (
        "query { Records { Deals { _data { id { value } ...L @skip(if: true) } } } } "
        "fragment L on Deals__data { Owner { id { value } } }"
    )
    assert one(query).complexity == 100


def test_introspection_is_free_and_depthless(one: Analyse) -> None:
    operation = one(
        "{ __typename __schema { queryType { name } } Records { __typename "
        "Leads { __typename _data { __typename id { value } } } } }"
    )
    assert (operation.complexity, operation.records_depth, operation.metadata_depth) == (100, 1, 0)


def test_introspection_alone_costs_nothing(schema: zgql.Schema) -> None:
    (operation,) = zgql.analyze('{ __type(name: "Leads__data") { name } }', schema).operations
    assert (operation.complexity, operation.credits) == (0, 0)
