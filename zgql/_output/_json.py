"""The ``json`` format: a versioned document for scripts and dashboards.

Its shape is described, field by field, by the JSON Schema ``zgql/_data/check-report.schema.json``;
``version`` changes only when a field changes meaning or goes away; new fields may appear
without it changing, so readers should ignore fields they do not know.
Figures that are whole numbers are JSON integers; a fraction is the string ``"n/d"``, since a
JSON float cannot hold every value the rules compare exactly (1/3 credit, for one).
"""

from __future__ import annotations

import json
from fractions import Fraction

from zgql._lint._result import CheckResult, OperationFigures
from zgql._lint._rules import rule_named
from zgql._report import Diagnostic
from zgql._version import __version__

__all__ = ["FORMAT_VERSION", "figure", "render"]

FORMAT_VERSION = 1


def render(result: CheckResult) -> str:
    document = {
        "version": FORMAT_VERSION,
        "tool": {"name": "zgql", "version": __version__},
        "schema": result.schema_origin,
        "summary": {
            "files": result.files_checked,
            "errors": result.errors,
            "warnings": result.warnings,
            "operations": len(result.operations),
        },
        "rules": _rules(result),
        "findings": [_finding(finding) for finding in result.findings],
        "operations": [_operation(operation) for operation in result.operations],
    }
    # Not ASCII-escaped: messages quote names and typographic signs (≤, —) people read as-is.
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def figure(number: int | Fraction | None) -> int | str | None:
    """A measured figure for JSON: an integer when whole, else ``"n/d"``; ``None`` stays."""
    if isinstance(number, Fraction):
        return number.numerator if number.denominator == 1 else str(number)
    return number


def _rules(result: CheckResult) -> list[dict[str, str]]:
    """The rules of the findings, from the catalogue: each one's severity and statement, which
    quotes the limits the run judged by."""
    described = []
    for name in dict.fromkeys(finding.rule for finding in result.findings):
        rule = rule_named(name)
        if rule is not None:
            described.append(
                {
                    "name": name,
                    "severity": rule.severity,
                    "description": rule.describe(result.limits),
                }
            )
    return described


def _finding(finding: Diagnostic) -> dict[str, object]:
    return {
        "file": finding.file,
        "line": finding.line,
        "column": finding.column,
        "rule": finding.rule,
        "severity": finding.severity,
        "message": finding.message,
        "path": finding.path,
        "value": figure(finding.value),
        "limit": figure(finding.limit),
        "operation": finding.operation,
    }


def _operation(operation: OperationFigures) -> dict[str, object]:
    return {
        "file": operation.file,
        "line": operation.line,
        "column": operation.column,
        "name": operation.name,
        "complexity": operation.complexity,
        "credits": operation.credits,
        "credits_exact": str(operation.credits_exact),
        "records_depth": operation.records_depth,
        "metadata_depth": operation.metadata_depth,
        "budget": operation.budget,
    }
