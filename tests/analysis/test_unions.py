"""Multi-module lookups: 50 once, and the most expensive branch (an interpretation)."""

from __future__ import annotations

from conftest import Analyse

import zgql

QUERY = """{ Records { Tasks { _data { What_Id {
    ... on Deals__data { Account_Name { id { value } } Contact_Name { id { value } } }
    ... on Accounts__data { Parent_Account { id { value } } }
} } } } }"""


def test_most_expensive_branch_counts(one: Analyse) -> None:
    operation = one(QUERY)
    assert operation.complexity == 100 + 50 + 50
    assert operation.records_depth == 3
    what = operation.breakdown.children[0].children[0]
    assert (what.kind, what.points, what.total_points) == ("multi-module-lookup", 50, 100)
    assert sorted({str(child.branch) for child in what.children}) == [
        "Accounts__data",
        "Deals__data",
    ]


def test_sum_interpretation(schema: zgql.Schema) -> None:
    limits = zgql.Limits(interpretations=zgql.Interpretations(union_branches="sum"))
    (operation,) = zgql.analyze(QUERY, schema, limits=limits).operations
    assert operation.complexity == 100 + 50 + 75


def test_unconditioned_fields_apply_to_every_branch(one: Analyse) -> None:
    query = "{ Records { Calls { _data { What_Id { __typename ... on Leads__data { Owner { id { value } } } } } } } }"
    assert one(query).complexity == 175


def test_fields_of_one_branch_are_one_record_selection(schema: zgql.Schema) -> None:
    many = " ".join(f"f{i}: id {{ value }}" for i in range(51))
    query = (
        f"{{ Records {{ Tasks {{ _data {{ What_Id {{ ... on Deals__data {{ {many} }} }} }} }} }} }}"
    )
    (found,) = zgql.analyze(query, schema).diagnostics
    assert (found.rule, found.path, found.value) == (
        "fields-per-resource",
        "Records.Tasks._data.What_Id",
        51,
    )
