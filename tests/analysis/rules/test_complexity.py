from __future__ import annotations

from conftest import STANDARD_MODULES, rules

import zgql

ROOTS = STANDARD_MODULES[:11]


def query(roots: int, extra: str = "") -> str:
    parts = [f"{m} {{ _data {{ id {{ value }} }} }}" for m in ROOTS[:roots]]
    return "{ Records { " + " ".join(parts) + f" {extra} }} }}"


def test_at_the_limit(schema: zgql.Schema) -> None:
    report = zgql.analyze(query(10), schema)
    assert (report.operations[0].complexity, report.ok) == (1000, True)


def test_just_over_the_limit(schema: zgql.Schema) -> None:
    # The second Leads merges into the first: ten roots and one lookup.
    report = zgql.analyze(query(10, "Leads { _data { Owner { id { value } } } }"), schema)
    found = next(d for d in report.diagnostics if d.rule == "complexity")
    assert (found.value, found.limit) == (1025, 1000)
    assert (found.line, found.column) == (1, 1)
    assert "Records.Leads (125)" in found.message and "split" in found.message


def test_configurable(schema: zgql.Schema) -> None:
    limits = zgql.Limits(complexity=300, credits=100)
    assert rules(zgql.analyze(query(3), schema, limits=limits)) == []
    assert rules(zgql.analyze(query(4), schema, limits=limits)) == ["complexity"]
