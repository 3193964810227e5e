from __future__ import annotations

import pytest
from conftest import rules

import zgql


@pytest.mark.parametrize("kind", ["mutation", "subscription"])
def test_not_a_query(schema: zgql.Schema, kind: str) -> None:
    report = zgql.analyze(
        f"{kind} Change {{ Records {{ Leads {{ _data {{ id {{ value }} }} }} }} }}", schema
    )
    assert rules(report) == ["operation-type"]  # and no schema error saying the same
    assert report.operations == ()
    assert report.diagnostics[0].operation == "Change"
    assert (report.diagnostics[0].line, report.diagnostics[0].column) == (1, 1)


def test_query_beside_a_mutation_is_still_analysed(schema: zgql.Schema) -> None:
    report = zgql.analyze(
        "mutation M { Records { __typename } } "
        "query Q { Records { Leads { _data { id { value } } } } }",
        schema,
    )
    assert rules(report) == ["operation-type"]
    assert [op.name for op in report.operations] == ["Q"]
