"""The ``sarif`` format: golden output, and every output valid against the official schema."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from output_cases import EMPTY, REPORT, assert_golden

from zgql._limits import Limits
from zgql._lint._result import CheckResult
from zgql._lint._rules import rule_named
from zgql._output import render
from zgql._report import Diagnostic

# The OASIS SARIF 2.1.0 schema (errata 01), copied so that the tests need nothing outside.
SARIF_SCHEMA = Path(__file__).parent / "data" / "sarif-schema-2.1.0.json"


def _sarif(result: CheckResult) -> Any:
    return json.loads(render(result, "sarif"))


def _errors(log: Any) -> list[str]:
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    # The schema declares its draft (draft-04); validate with the validator for that draft.
    validator = jsonschema.validators.validator_for(schema)(schema)
    return [f"{list(error.absolute_path)}: {error.message}" for error in validator.iter_errors(log)]


def _one(file: str, rule: str = "syntax") -> CheckResult:
    return CheckResult((Diagnostic(rule, "m").located(file, 1, 1),), (), 1, "bundled")


def test_report_matches_golden() -> None:
    assert_golden(render(REPORT, "sarif"), "report.sarif")


def test_all_passed_matches_golden() -> None:
    assert_golden(render(EMPTY, "sarif"), "empty.sarif")


@pytest.mark.parametrize("result", [REPORT, EMPTY], ids=["report", "empty"])
def test_output_is_valid_sarif(result: CheckResult) -> None:
    assert _errors(_sarif(result)) == []


def test_the_schema_check_can_fail() -> None:
    log = _sarif(REPORT)
    log["runs"][0]["results"][0]["level"] = "fatal"
    assert len(_errors(log)) == 1


def test_rules_are_those_found_and_indexed() -> None:
    run = _sarif(REPORT)["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert [rule["id"] for rule in rules] == list(dict.fromkeys(f.rule for f in REPORT.findings))
    for rule in rules:
        described = rule_named(rule["id"])
        assert described is not None
        assert rule["shortDescription"]["text"] == described.describe(REPORT.limits)
        expected = "warning" if rule["id"] == "embedded-query" else "error"
        assert rule["defaultConfiguration"] == {"level": expected}
    for result in run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
    assert [result["level"] for result in run["results"]].count("warning") == 1


def test_an_undescribed_rule_still_gets_a_valid_descriptor() -> None:
    log = _sarif(_one("a.graphql", rule="new-rule"))
    assert log["runs"][0]["tool"]["driver"]["rules"] == [
        {"id": "new-rule", "defaultConfiguration": {"level": "error"}}
    ]
    assert _errors(log) == []


@pytest.mark.parametrize(
    ("file", "location"),
    [
        ("examples/deals.graphql", {"uri": "examples/deals.graphql", "uriBaseId": "%SRCROOT%"}),
        (
            "q/odd, name: 100%.graphql",
            {"uri": "q/odd%2C%20name%3A%20100%25.graphql", "uriBaseId": "%SRCROOT%"},
        ),
        ("../élan #1.gql", {"uri": "../%C3%A9lan%20%231.gql", "uriBaseId": "%SRCROOT%"}),
        ("/srv/q/a b.graphql", {"uri": "file:///srv/q/a%20b.graphql"}),
        ("C:/work/a b.graphql", {"uri": "file:///C:/work/a%20b.graphql"}),
    ],
)
def test_file_uris(file: str, location: dict[str, str]) -> None:
    log = _sarif(_one(file))
    physical = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]
    assert physical["artifactLocation"] == location
    assert _errors(log) == []


def test_zgql_figures_travel_in_property_bags() -> None:
    run = _sarif(REPORT)["runs"][0]
    budget = {"value": "5/4", "limit": 1, "operation": "DealsReport"}
    assert run["results"][0]["properties"] == budget
    assert run["results"][1]["properties"]["responsePath"] == "Records.Deals._data"
    assert "properties" not in run["results"][3]  # nothing to say: no empty bag
    assert run["properties"]["operations"][1] == {
        "file": "examples/meta.graphql",
        "line": 1,
        "column": 1,
        "complexity": 50,
        "credits": 1,
        "creditsExact": "1/2",
        "recordsDepth": 0,
        "metadataDepth": 4,
    }


def test_a_rules_default_level_is_the_severity_of_its_findings() -> None:
    findings = (
        Diagnostic("embedded-query", "an f-string", severity="warning").located("a.py", 1, 1),
        Diagnostic("records-depth", "deep").located("a.graphql", 1, 1),
    )
    log = _sarif(CheckResult(findings, (), 2, "bundled"))
    rules = {r["id"]: r for r in log["runs"][0]["tool"]["driver"]["rules"]}
    levels = {r["ruleId"]: r["level"] for r in log["runs"][0]["results"]}
    for rule in ("embedded-query", "records-depth"):
        assert rules[rule]["defaultConfiguration"]["level"] == levels[rule]


def test_descriptions_quote_the_configured_limits() -> None:
    finding = Diagnostic("records-depth", "deep").located("a.graphql", 1, 1)
    limits = Limits(records_depth=2)
    log = _sarif(CheckResult((finding,), (), 1, "bundled", limits=limits))
    [rule] = log["runs"][0]["tool"]["driver"]["rules"]
    assert rule["shortDescription"]["text"] == (
        "no path may pass through more than 2 record resources."
    )
