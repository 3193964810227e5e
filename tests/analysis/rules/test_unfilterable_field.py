from __future__ import annotations

import pytest
from conftest import Analyse, rules

import zgql


@pytest.mark.parametrize(
    ("module", "field", "said"),
    [
        ("Leads", "Description", "textarea"),
        ("Cases", "Case_Number", "autonumber"),
        ("Services__s", "Status", "Services' Status"),
        ("Appointments__s", "Status", "Appointments' Status"),
    ],
)
def test_unfilterable(one: Analyse, module: str, field: str, said: str) -> None:
    query = f'{{ Records {{ {module}(where: {{ {field}: {{ equals: "x" }} }}) {{ _data {{ id {{ value }} }} }} }} }}'
    (found,) = one(query).diagnostics
    assert found.rule == "unfilterable-field"
    assert found.path == f"Records.{module}.{field}"
    assert said in found.message
    assert found.column == query.index(f"{field}:") + 1


def test_filterable(one: Analyse) -> None:
    assert one(
        '{ Records { Leads(where: { Lead_Status: { equals: "x" } }) { _data { id { value } } } } }'
    ).ok


def test_in_a_variable(schema: zgql.Schema) -> None:
    query = "query Q($w: Leads__Filter) { Records { Leads(where: $w) { _data { id { value } } } } }"
    report = zgql.analyze(query, schema, variables={"w": {"or": [{"Description": {"like": "%x"}}]}})
    assert rules(report) == ["unfilterable-field"]
    assert report.diagnostics[0].column == query.index("$w)") + 1
