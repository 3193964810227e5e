from __future__ import annotations

import pytest
from conftest import Analyse, rules

import zgql


def where(count: int) -> str:
    terms = ", ".join(f'{{ Last_Name: {{ equals: "n{i}" }} }}' for i in range(count))
    return (
        f"{{ Records {{ Leads(where: {{ and: [{terms}] }}) {{ _data {{ id {{ value }} }} }} }} }}"
    )


def test_at_the_limit(one: Analyse) -> None:
    assert one(where(25)).ok


def test_over_the_limit(one: Analyse) -> None:
    (found,) = one(where(26)).diagnostics
    assert (found.rule, found.value, found.limit, found.path) == (
        "filter-criteria",
        26,
        25,
        "Records.Leads",
    )


@pytest.mark.parametrize(
    ("filter_", "count"),
    [
        ("{ Annual_Revenue: { greater_than: 1, less_than: 5 } }", 2),
        (
            '{ or: [{ Last_Name: { like: "A%" } }, { and: [{ City: { equals: "X" } }, { Rating: { in: ["a", "b"] } }] }] }',
            3,
        ),
        ('{ and: { Last_Name: { equals: "A" } } }', 1),  # a single filter where a list is expected
    ],
)
def test_counting(schema: zgql.Schema, filter_: str, count: int) -> None:
    query = f"{{ Records {{ Leads(where: {filter_}) {{ _data {{ id {{ value }} }} }} }} }}"
    limits = zgql.Limits(filter_criteria=count - 1)
    (found,) = zgql.analyze(query, schema, limits=limits).diagnostics
    assert found.value == count


def test_variables(schema: zgql.Schema) -> None:
    query = "query Q($w: Leads__Filter) { Records { Leads(where: $w) { _data { id { value } } } } }"
    many = {"and": [{"Last_Name": {"equals": f"n{i}"}} for i in range(30)]}
    assert rules(zgql.analyze(query, schema)) == []
    assert rules(zgql.analyze(query, schema, variables={"w": many})) == ["filter-criteria"]


def test_variable_inside_a_literal(schema: zgql.Schema) -> None:
    query = (
        "query Q($and: [Leads__Filter]) { Records { Leads(where: { and: $and, "
        'or: [{ City: { equals: "X" } }] }) { _data { id { value } } } } }'
    )
    many = [{"Last_Name": {"equals": f"n{i}"}} for i in range(25)]
    report = zgql.analyze(query, schema, variables={"and": many})
    assert [(d.rule, d.value) for d in report.diagnostics] == [("filter-criteria", 26)]
