from __future__ import annotations

from zgql._lint._suppress import apply_suppressions
from zgql._report import Diagnostic

KNOWN = frozenset({"records-depth", "complexity", "suppression"})


def finding(line: int, rule: str = "records-depth") -> Diagnostic:
    return Diagnostic(file="q.graphql", line=line, column=3, rule=rule, message="m")


def test_same_line_and_next_line() -> None:
    lines = [
        "# zgql: ignore[records-depth] the owner is fetched rarely",
        "x",
        "y # zgql: ignore[complexity] reviewed",
    ]
    kept = apply_suppressions(
        "q.graphql", lines, [finding(2), finding(3, "complexity"), finding(3)], KNOWN
    )
    assert kept == [finding(3)]


def test_a_reason_is_required() -> None:
    kept = apply_suppressions(
        "q.graphql", ["# zgql: ignore[records-depth]", "x"], [finding(2)], KNOWN
    )
    assert [(f.rule, f.line) for f in kept] == [("records-depth", 2), ("suppression", 1)]
    assert "must say why" in kept[1].message


def test_unknown_rules_and_unused_suppressions() -> None:
    kept = apply_suppressions(
        "q.graphql",
        ["# zgql: ignore[record-depth] typo", "# zgql: ignore[complexity] ok"],
        [],
        KNOWN,
    )
    assert [(f.rule, f.severity, f.line) for f in kept] == [
        ("suppression", "error", 1),
        ("suppression", "warning", 2),
    ]
    assert "'record-depth' names no rule" in kept[0].message
