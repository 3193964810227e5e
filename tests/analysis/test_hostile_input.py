"""Input that could cost unbounded time or memory, or make analyse raise: each is a diagnostic."""

from __future__ import annotations

import time
from typing import Any

import pytest
from conftest import rules
from hypothesis import given, settings
from hypothesis import strategies as st

import zgql

FILTERED = "query Q($w: Leads__Filter) { Records { Leads(where: $w) { _data { id { value } } } } }"
# Over the records depth: a finding that must survive whatever is wrong with the variables.
DEEP = "query Deep { Records { Deals { _data { Owner { id { value } } Account_Name { Owner { id { value } } Parent_Account { Owner { id { value } } } } } } } }"


def _aliases(count: int) -> str:
    body = " ".join(f"a{i}: id {{ value }}" for i in range(count))
    return f"{{ Records {{ Leads {{ _data {{ {body} }} }} }} }}"


def test_a_ten_megabyte_document_is_refused_at_once(schema: zgql.Schema) -> None:
    text = "{ Records { Leads { _data { " + "id { value } " * 800_000 + "} } } }"
    started = time.perf_counter()
    report = zgql.analyze(text, schema)
    elapsed = time.perf_counter() - started
    (found,) = report.diagnostics
    assert (found.rule, found.value, found.limit) == ("document-size", len(text), 1_048_576)
    assert "max-document-bytes" in found.message
    assert elapsed < 2.0  # measured ~0.03 s; 35–77 s before the bound existed
    assert zgql.analyze(text.encode(), schema).diagnostics[0].rule == "document-size"


def test_the_byte_bound_counts_utf8_bytes(schema: zgql.Schema) -> None:
    limits = zgql.Limits(max_document_bytes=100)
    comment = "# " + "é" * 60 + "\n"  # 63 characters, 123 bytes
    assert rules(zgql.analyze(comment + "{ a }", schema, limits=limits)) == ["document-size"]
    fits = "#" + "x" * (100 - len(" { Records { Leads { _data { id { value } } } } }") - 1) + "\n"
    fits += "{ Records { Leads { _data { id { value } } } } }"
    assert len(fits.encode()) == 100
    assert zgql.analyze(fits, schema, limits=limits).ok


def test_the_token_bound(schema: zgql.Schema) -> None:
    text = _aliases(10)  # 6 tokens per alias (a0 : id { value }), 11 around them
    assert zgql.analyze(text, schema, limits=zgql.Limits(max_document_tokens=71)).ok
    (found,) = zgql.analyze(text, schema, limits=zgql.Limits(max_document_tokens=70)).diagnostics
    assert (found.rule, found.limit) == ("document-size", 70)
    assert "max-document-tokens" in found.message


def test_the_default_token_bound_holds_before_validation(schema: zgql.Schema) -> None:
    started = time.perf_counter()
    assert rules(zgql.analyze(_aliases(20_000), schema)) == ["document-size"]
    assert time.perf_counter() - started < 2.0  # parsing stops at the bound


@pytest.mark.parametrize(
    ("variables", "message"),
    [
        ({"w": {1: {"equals": 1}}}, "variable $w: object keys must be strings, not int 1"),
        ({"w": {"Last_Name": {"equals": object()}}}, "variable $w: object is not a JSON value"),
        (5, "variables must be a mapping of names to values, not int"),
        ("abc", "variables must be a mapping of names to values, not str"),
        ([("w", 1)], "variables must be a mapping of names to values, not list"),
        ({1: 2}, "variable names must be strings, not int 1"),
    ],
)
def test_variables_of_the_wrong_shape_are_a_diagnostic(
    schema: zgql.Schema, variables: Any, message: str
) -> None:
    report = zgql.analyze(FILTERED + " " + DEEP, schema, variables=variables)
    assert [(d.rule, d.message) for d in report.diagnostics if d.rule == "variables"] == [
        ("variables", message)
    ]
    assert "records-depth" in rules(report)  # the rest of the document is still judged
    assert not report.ok


def _nested(depth: int) -> dict[str, Any]:
    value: dict[str, Any] = {"Last_Name": {"equals": "x"}}
    for _ in range(depth):
        value = {"and": [value]}
    return value


def test_a_variable_nested_500_deep_keeps_every_other_finding(schema: zgql.Schema) -> None:
    report = zgql.analyze(FILTERED + " " + DEEP, schema, variables={"w": _nested(500)})
    assert sorted(rules(report)) == ["records-depth", "variables"]
    (found,) = (d for d in report.diagnostics if d.rule == "variables")
    assert (found.line, found.column, found.operation) == (1, 9, "Q")
    assert "nests deeper than 64 levels" in found.message


def test_a_variable_that_contains_itself(schema: zgql.Schema) -> None:
    looped: dict[str, Any] = {}
    looped["and"] = [looped]
    report = zgql.analyze(FILTERED, schema, variables={"w": looped})
    assert rules(report) == ["variables"]


def test_nesting_within_the_bound_is_judged_as_usual(schema: zgql.Schema) -> None:
    report = zgql.analyze(FILTERED, schema, variables={"w": _nested(10)})
    assert rules(report) == ["filter-criteria"] or report.ok


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=5),
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(st.text(max_size=5) | st.integers(), inner, max_size=3)
    ),
    max_leaves=12,
)


@settings(max_examples=150, deadline=None)
@given(variables=st.none() | json_values | st.dictionaries(st.text(max_size=3), json_values))
def test_analyze_never_raises_on_any_variables(schema: zgql.Schema, variables: Any) -> None:
    report = zgql.analyze(FILTERED, schema, variables=variables)
    assert all(d.rule == "variables" for d in report.diagnostics) or report.ok


def test_a_validation_error_without_a_location_concerns_the_operation(
    schema: zgql.Schema,
) -> None:
    # graphql-core reports this coercion error on a node it made itself, with no location.
    report = zgql.analyze("{ Records { Leads(limit: [1]) { _data { id { value } } } } }", schema)
    assert rules(report) == ["schema"]
    assert report.operations == ()  # not analysed as if it were valid
    assert not report.ok
    two = zgql.analyze(
        "query A { Records { Leads(limit: [1]) { _data { id { value } } } } } "
        "query B { Records { Leads { _data { id { value } } } } }",
        schema,
    )
    assert two.operations == ()  # it may concern either: neither is passed as valid
