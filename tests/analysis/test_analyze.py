"""The document level: syntax, schema errors, several operations, variables, bad input."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from conftest import rules

import zgql
from zgql.testing import random_query

GOOD = "query Good { Records { Leads { _data { id { value } } } } }"


def test_syntax_error_is_one_diagnostic_with_position(schema: zgql.Schema) -> None:
    report = zgql.analyze("query {\n  Records {", schema)
    (found,) = report.diagnostics
    assert (found.rule, found.line, found.column) == ("syntax", 2, 12)
    assert report.operations == ()
    assert not report.ok


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "#only a comment",
        "{",
        "}}}",
        "query Q($: Int) { a }",
        "\x00",
        "fragment F on Leads__data { id { value } }",
    ],
)
def test_bad_text_never_raises(schema: zgql.Schema, text: str) -> None:
    report = zgql.analyze(text, schema)
    assert not report.ok
    assert report.operations == ()


def test_bytes_are_read_as_utf8(schema: zgql.Schema) -> None:
    assert zgql.analyze(GOOD.encode(), schema).ok
    (found,) = zgql.analyze(b"query { \xff }", schema).diagnostics
    assert (found.rule, "UTF-8" in found.message) == ("syntax", True)


def test_not_text(schema: zgql.Schema) -> None:
    (found,) = zgql.analyze(42, schema).diagnostics  # type: ignore[arg-type]
    assert found.rule == "syntax"


def test_deep_nesting_is_a_diagnostic(schema: zgql.Schema) -> None:
    text = "{ Records { Leads { _data { " + "Owner { " * 3000 + "id { value }" + " }" * 3003 + " }"
    report = zgql.analyze(text, schema)
    assert not report.ok
    assert {d.rule for d in report.diagnostics} <= {"syntax", "schema"}


def test_schema_errors_carry_positions_and_skip_only_their_operation(schema: zgql.Schema) -> None:
    text = GOOD + "\nquery Bad { Records { Leads { _data { Nope { value } } } } }"
    report = zgql.analyze(text, schema)
    (found,) = report.diagnostics
    assert (found.rule, found.line, found.operation) == ("schema", 2, "Bad")
    assert "Nope" in found.message
    assert [op.name for op in report.operations] == ["Good"]


def test_an_error_in_a_fragment_concerns_the_operations_that_spread_it(schema: zgql.Schema) -> None:
    text = (
        GOOD + "\nquery Uses { Records { Leads { _data { ...F } } } }"
        "\nfragment F on Leads__data { Nope { value } }"
    )
    report = zgql.analyze(text, schema)
    assert [op.name for op in report.operations] == ["Good"]
    assert [(d.rule, d.operation) for d in report.diagnostics] == [("schema", "Uses")]


def test_each_operation_is_judged_on_its_own(schema: zgql.Schema) -> None:
    roots = " ".join(f"m{i}: Leads {{ _data {{ id {{ value }} }} }}" for i in range(6))
    text = f"query A {{ Records {{ {roots} }} }} query B {{ Records {{ {roots} }} }}"
    report = zgql.analyze(text, schema)
    assert [(op.name, op.complexity) for op in report.operations] == [("A", 600), ("B", 600)]
    assert report.ok


def test_operation_name_selects_one(schema: zgql.Schema) -> None:
    text = GOOD + " query Other { Records { Deals { _data { id { value } } } } }"
    report = zgql.analyze(text, schema, operation_name="Other")
    assert [op.name for op in report.operations] == ["Other"]
    missing = zgql.analyze(text, schema, operation_name="Nope")
    assert rules(missing) == ["operation-name"]
    assert "Good, Other" in missing.diagnostics[0].message


def test_supplied_variables_are_checked(schema: zgql.Schema) -> None:
    text = "query Q($n: Int!) { Records { Leads(limit: $n) { _data { id { value } } } } }"
    assert rules(zgql.analyze(text, schema)) == []  # not known yet: nothing to say
    assert rules(zgql.analyze(text, schema, variables={})) == ["variables"]
    (found,) = zgql.analyze(text, schema, variables={"n": "ten"}).diagnostics
    assert (found.rule, found.line, found.column) == ("variables", 1, 9)
    assert "$n" in found.message


def test_diagnostics_are_in_source_order(schema: zgql.Schema) -> None:
    text = (
        "query A { Records { Calls { _data { Call_Status { value } } } } }\n"
        "mutation M { x }\n"
        "query B { Records { Leads(limit: 500) { _data { id { value } } } } }"
    )
    report = zgql.analyze(text, schema)
    assert [d.line for d in report.diagnostics] == [1, 2, 3]


def test_reports_are_frozen(schema: zgql.Schema) -> None:
    report = zgql.analyze(GOOD, schema)
    with pytest.raises(AttributeError):
        report.operations[0].complexity = 0  # type: ignore[misc]


def test_operation_lookup_by_name(schema: zgql.Schema) -> None:
    report = zgql.analyze(GOOD, schema)
    assert report.operation("Good") is report.operations[0]
    assert report.operation("Other") is None


def test_default_schema_is_the_bundled_one() -> None:
    assert zgql.analyze(GOOD).operations[0].credits == 1


def test_a_schema_path_is_loaded(tmp_path: Path) -> None:
    bundled = Path(__file__).resolve().parents[2] / "schema"
    folder = tmp_path / "acme"
    folder.mkdir()
    for suffix in (".introspection.json", ".metadata.json"):
        (folder / f"acme{suffix}").write_bytes(
            (bundled / f"zoho-crm-enterprise{suffix}").read_bytes()
        )
    assert zgql.analyze(GOOD, str(folder)).ok
    assert zgql.analyze(GOOD, folder).ok
    with pytest.raises(zgql.SchemaError, match="no such schema file"):
        zgql.analyze(GOOD, tmp_path / "nope.introspection.json")


def test_random_queries_from_a_zgql_schema(schema: zgql.Schema) -> None:
    tree = random_query(schema, random.Random(3), fields=10)
    assert str(tree) == tree.render()
    assert zgql.analyze(str(tree), schema).operations


def test_a_field_the_bundled_schema_lacks_says_how_to_check_the_orgs(
    schema: zgql.Schema, tmp_path: Path
) -> None:
    query = "{ Records { Leads { _data { My_Custom__c { value } } } } }"
    (found,) = zgql.analyze(query, schema).diagnostics
    assert found.message.startswith("Cannot query field 'My_Custom__c' on type 'Leads__data'.")
    assert "zgql schema pull" in found.message and "--schema" in found.message
    bundled = Path(__file__).resolve().parents[2] / "schema"
    for suffix in (".introspection.json", ".metadata.json"):
        (tmp_path / f"org{suffix}").write_bytes(
            (bundled / f"zoho-crm-enterprise{suffix}").read_bytes()
        )
    (own,) = zgql.analyze(query, tmp_path).diagnostics  # the org's own schema: no such hint
    assert own.message == "Cannot query field 'My_Custom__c' on type 'Leads__data'."
