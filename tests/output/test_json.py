"""The ``json`` format: golden output, and every output valid against the bundled JSON Schema."""

from __future__ import annotations

import json
from collections.abc import Iterator
from fractions import Fraction
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from output_cases import EMPTY, REPORT, assert_golden

import zgql
from zgql._lint._result import CheckResult
from zgql._output import render
from zgql._output._json import figure

SCHEMA_PATH = Path(zgql.__file__).parent / "_data" / "check-report.schema.json"


def _schema() -> Any:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


def test_report_matches_golden() -> None:
    assert_golden(render(REPORT, "json"), "report.json")


def test_all_passed_matches_golden() -> None:
    assert_golden(render(EMPTY, "json"), "empty.json")


@pytest.mark.parametrize("result", [REPORT, EMPTY], ids=["report", "empty"])
def test_output_is_valid_against_the_schema(result: CheckResult) -> None:
    validator = jsonschema.Draft202012Validator(_schema())
    document = json.loads(render(result, "json"))
    assert [error.message for error in validator.iter_errors(document)] == []


def test_a_float_figure_is_not_valid() -> None:
    document = json.loads(render(REPORT, "json"))
    document["findings"][0]["value"] = 1.25
    assert len(list(jsonschema.Draft202012Validator(_schema()).iter_errors(document))) == 1


def test_schema_is_a_valid_draft_2020_12_schema() -> None:
    schema = _schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(schema)


def _fields(node: Any, where: str = "") -> Iterator[tuple[str, Any]]:
    """Every named field the schema declares, at any depth, with where it is."""
    if isinstance(node, dict):
        for name, sub in node.get("properties", {}).items():
            yield f"{where}.{name}", sub
        for key, sub in node.items():
            yield from _fields(sub, f"{where}/{key}")
    elif isinstance(node, list):
        for sub in node:
            yield from _fields(sub, where)


def test_schema_describes_every_field() -> None:
    fields = list(_fields(_schema()))
    assert len(fields) > 30
    assert [where for where, field in fields if not field.get("description")] == []


def test_schema_leaves_no_field_out() -> None:
    # additionalProperties: false everywhere an object is declared, so that a field added to
    # the output and not to the schema fails the validity test above.
    declared = [node for _, node in _fields({"properties": {"root": _schema()}})]
    objects = [node for node in declared if node.get("type") == "object"]
    assert objects and all(node.get("additionalProperties") is False for node in objects)


def test_fractions_are_exact_strings_and_whole_numbers_integers() -> None:
    document = json.loads(render(REPORT, "json"))
    assert document["findings"][0]["value"] == "5/4"
    assert document["findings"][0]["limit"] == 1
    assert [op["credits_exact"] for op in document["operations"]] == ["5/4", "1/2", "1"]
    figures = [figure(Fraction(6, 3)), figure(Fraction(-5, 4)), figure(7), figure(None)]
    assert figures == [2, "-5/4", 7, None]
    assert type(figures[0]) is int


def test_summary_counts() -> None:
    summary = json.loads(render(REPORT, "json"))["summary"]
    assert summary == {"files": 7, "errors": 5, "warnings": 1, "operations": 3}
