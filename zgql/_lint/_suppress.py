"""Inline suppressions: ``# zgql: ignore[rule, other-rule] why this is fine``.

A suppression silences the rules it names on its own line and on the next one, in any file
zgql reads (a GraphQL comment in a ``.graphql`` file or inside a query string; a Python comment
in a ``.py`` file). It must name known rules and give a reason; one that does neither, or that
silences nothing, is itself a finding — so that suppressions stay few and explained.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from zgql._lint._rules import SUPPRESSION
from zgql._report import Diagnostic

__all__ = ["apply_suppressions"]

_MARKER = re.compile(r"#\s*zgql:\s*ignore\[(?P<rules>[^\]]*)\](?P<reason>[^\n]*)")
RULE = SUPPRESSION


@dataclass(slots=True)
class _Suppression:
    line: int
    column: int
    rules: frozenset[str]
    used: set[str] = field(default_factory=set)


def apply_suppressions(
    file: str,
    lines: list[str],
    findings: list[Diagnostic],
    known_rules: frozenset[str],
    counts: Callable[[int, int], bool] = lambda _line, _column: True,
) -> list[Diagnostic]:
    """``findings`` of one file without those suppressed, plus findings about the suppressions.
    ``counts(line, column)``: whether a marker there is a suppression (in a Python file, only
    one in a comment or in a query's text is)."""
    suppressions, problems = _read(file, lines, known_rules, counts)
    if not suppressions:
        return findings + problems
    by_line: dict[int, list[_Suppression]] = {}
    for suppression in suppressions:
        by_line.setdefault(suppression.line, []).append(suppression)
        by_line.setdefault(suppression.line + 1, []).append(suppression)
    kept = []
    for finding in findings:
        matching = [s for s in by_line.get(finding.place[1], ()) if finding.rule in s.rules]
        for suppression in matching:
            suppression.used.add(finding.rule)
        if not matching:
            kept.append(finding)
    return kept + problems + [_unused(file, s) for s in suppressions if s.rules - s.used]


def _read(
    file: str, lines: list[str], known_rules: frozenset[str], counts: Callable[[int, int], bool]
) -> tuple[list[_Suppression], list[Diagnostic]]:
    suppressions: list[_Suppression] = []
    problems: list[Diagnostic] = []
    for number, line in enumerate(lines, start=1):
        if "zgql:" not in line:
            continue
        for match in _MARKER.finditer(line):
            column = match.start() + 1
            if not counts(number, column):
                continue  # text that mentions a suppression, not one
            rules = frozenset(r.strip() for r in match["rules"].split(",") if r.strip())
            reason = match["reason"].strip(" \t-—:")
            unknown = sorted(rules - known_rules)
            if unknown or not rules:
                message = f"'{', '.join(unknown)}' names no rule" if unknown else "names no rule"
                problems.append(
                    _problem(
                        file,
                        number,
                        column,
                        f"this suppression {message}; "
                        "write # zgql: ignore[rule-name] and the reason",
                    )
                )
            elif not reason:
                problems.append(
                    _problem(
                        file,
                        number,
                        column,
                        "a suppression must say why: "
                        f"# zgql: ignore[{', '.join(sorted(rules))}] <reason>",
                    )
                )
            else:
                suppressions.append(_Suppression(number, column, rules))
    return suppressions, problems


def _problem(file: str, line: int, column: int, message: str) -> Diagnostic:
    return Diagnostic(RULE, message).located(file, line, column)


def _unused(file: str, suppression: _Suppression) -> Diagnostic:
    idle = ", ".join(sorted(suppression.rules - suppression.used))
    finding = _problem(
        file,
        suppression.line,
        suppression.column,
        f"nothing to suppress for {idle} here; remove it from the suppression",
    )
    return replace(finding, severity="warning")
