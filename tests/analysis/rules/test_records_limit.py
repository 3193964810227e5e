from __future__ import annotations

import pytest
from conftest import Analyse, rules

import zgql


def root(limit: str) -> str:
    return f"{{ Records {{ Leads(limit: {limit}) {{ _data {{ id {{ value }} }} }} }} }}"


def child(limit: str) -> str:
    return f"{{ Records {{ Leads {{ _data {{ Subform_1__r(limit: {limit}) {{ _data {{ id {{ value }} }} }} }} }} }} }}"


@pytest.mark.parametrize("limit", ["1", "100"])
def test_root_within(one: Analyse, limit: str) -> None:
    assert one(root(limit)).ok


@pytest.mark.parametrize(("limit", "value"), [("101", 101), ("0", 0), ("-5", -5)])
def test_root_outside(one: Analyse, limit: str, value: int) -> None:
    (found,) = one(root(limit)).diagnostics
    assert (found.rule, found.value, found.limit, found.path) == (
        "records-limit",
        value,
        100,
        "Records.Leads",
    )
    assert found.column == root(limit).index("limit") + 1


@pytest.mark.parametrize(("limit", "ok"), [("10", True), ("11", False)])
def test_child(one: Analyse, limit: str, ok: bool) -> None:
    operation = one(child(limit))
    assert operation.ok is ok
    if not ok:
        assert operation.diagnostics[0].limit == 10


def test_variables_default_and_supplied(schema: zgql.Schema) -> None:
    query = "query Q($n: Int = 150) { Records { Leads(limit: $n) { _data { id { value } } } } }"
    assert rules(zgql.analyze(query, schema)) == ["records-limit"]
    assert rules(zgql.analyze(query, schema, variables={"n": 50})) == []


def test_unknown_variable_is_not_checked(schema: zgql.Schema) -> None:
    query = "query Q($n: Int) { Records { Leads(limit: $n) { _data { id { value } } } } }"
    assert rules(zgql.analyze(query, schema)) == []
    assert rules(zgql.analyze(query, schema, variables={"n": 500})) == ["records-limit"]
