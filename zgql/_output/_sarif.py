"""The ``sarif`` format: SARIF 2.1.0, for code-scanning services such as GitHub's.

One run. ``tool.driver.rules`` describes the rules that appear in the findings (not every rule
zgql has), so the log stays as small as the findings and each ``ruleIndex`` points into it.
Locations are relative URIs under ``%SRCROOT%`` — the folder the check ran in — except files
outside it, which get absolute ``file://`` URIs. Columns count Unicode code points (SARIF's
default is UTF-16 code units, hence ``columnKind``). zgql's own data — each result's response
path and figures, each operation's figures — travels in property bags.
"""

from __future__ import annotations

import json
import re
from urllib.parse import quote

from zgql._limits import Limits
from zgql._lint._result import CheckResult, OperationFigures
from zgql._lint._rules import rule_named
from zgql._output._json import figure
from zgql._report import Diagnostic
from zgql._version import __version__

__all__ = ["render"]

SCHEMA_URI = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
INFORMATION_URI = "https://github.com/zgql/zgql"

_WINDOWS_DRIVE = re.compile(r"^[A-Za-z]:[/\\]")


def render(result: CheckResult) -> str:
    rules = list(dict.fromkeys(finding.rule for finding in result.findings))
    run = {
        "tool": {
            "driver": {
                "name": "zgql",
                "version": __version__,
                "informationUri": INFORMATION_URI,
                "rules": [_rule(rule, result.limits) for rule in rules],
            }
        },
        "columnKind": "unicodeCodePoints",
        "results": [_result(finding, rules.index(finding.rule)) for finding in result.findings],
        "properties": {
            "schema": result.schema_origin,
            "filesChecked": result.files_checked,
            "operations": [_operation(operation) for operation in result.operations],
        },
    }
    log = {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}
    return json.dumps(log, indent=2, ensure_ascii=False) + "\n"


def _rule(name: str, limits: Limits) -> dict[str, object]:
    """The rule's descriptor from the catalogue: its statement with the limits the run judged by,
    and its severity as the default level."""
    rule = rule_named(name)
    if rule is None:  # a rule zgql does not describe still gets a valid descriptor
        return {"id": name, "defaultConfiguration": {"level": "error"}}
    return {
        "id": name,
        "shortDescription": {"text": rule.describe(limits)},
        "defaultConfiguration": {"level": rule.severity},
    }


def _result(finding: Diagnostic, rule_index: int) -> dict[str, object]:
    file, line, column = finding.place
    result: dict[str, object] = {
        "ruleId": finding.rule,
        "ruleIndex": rule_index,
        "level": finding.severity,
        "message": {"text": finding.message},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": _artifact_location(file),
                    "region": {"startLine": line, "startColumn": column},
                }
            }
        ],
    }
    properties = {
        "responsePath": finding.path,
        "value": figure(finding.value),
        "limit": figure(finding.limit),
        "operation": finding.operation,
    }
    present = {key: value for key, value in properties.items() if value is not None}
    if present:
        result["properties"] = present
    return result


def _artifact_location(file: str) -> dict[str, str]:
    """A file's path as a URI reference: relative under ``%SRCROOT%``, else absolute."""
    # A name that is not UTF-8 comes as surrogate escapes: its own bytes, percent-encoded.
    if file.startswith("/"):
        return {"uri": "file://" + quote(file, errors="surrogateescape")}
    if _WINDOWS_DRIVE.match(file):
        return {"uri": "file:///" + quote(file.replace("\\", "/"), safe="/:")}
    # Percent-encode all but "/": spaces, "%", "#", "?" and non-ASCII letters cannot stand raw
    # in a URI, and a ":" in the first segment would read as a scheme.
    return {"uri": quote(file, errors="surrogateescape"), "uriBaseId": "%SRCROOT%"}


def _operation(operation: OperationFigures) -> dict[str, object]:
    figures: dict[str, object] = {
        "file": operation.file,
        "line": operation.line,
        "column": operation.column,
        "name": operation.name,
        "complexity": operation.complexity,
        "credits": operation.credits,
        "creditsExact": str(operation.credits_exact),
        "recordsDepth": operation.records_depth,
        "metadataDepth": operation.metadata_depth,
        "budget": operation.budget,
    }
    # Absent, not null, like the other optional values of a SARIF log.
    return {key: value for key, value in figures.items() if value is not None}
