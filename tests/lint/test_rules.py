"""The rule catalogue: every rule one object, named after its module, stating itself with the
configured limits."""

from __future__ import annotations

import re
import sys

import pytest

import zgql
from zgql._analysis._rules import ANALYSIS_RULES, COST_RULES, Rule
from zgql._limits import Interpretations, Limits
from zgql._lint._rules import CATALOGUE, RULE_NAMES, rule_named


@pytest.mark.parametrize("rule", CATALOGUE, ids=lambda rule: rule.name)
def test_a_rule_is_named_after_its_module_and_states_itself(rule: Rule) -> None:
    module = sys.modules[type(rule).__module__].__name__.rsplit(".", 1)[-1]
    assert module == rule.name.replace("-", "_")
    assert type(rule).__name__ == module.title().replace("_", "") + "Rule"
    first_line = (type(rule).__doc__ or "").strip().splitlines()[0]
    assert first_line.startswith(f"{rule.name}: ")
    # A default written in prose would be wrong once configured: numbers live in zoho.toml.
    assert not re.search(r"\d", first_line), first_line
    assert rule.describe(Limits()).endswith(".")


def test_names_are_unique_and_public() -> None:
    assert len(set(RULE_NAMES)) == len(RULE_NAMES) == len(CATALOGUE)
    assert zgql.RULE_NAMES == RULE_NAMES
    assert RULE_NAMES[: len(ANALYSIS_RULES)] == tuple(rule.name for rule in ANALYSIS_RULES)
    assert rule_named("records-depth") is COST_RULES[0]
    assert rule_named("records_depth") is None


def test_only_an_unreadable_embedded_query_is_a_warning() -> None:
    warnings = [rule.name for rule in CATALOGUE if rule.severity == "warning"]
    assert warnings == ["embedded-query"]


@pytest.mark.parametrize(
    ("name", "limits", "quoted"),
    [
        ("records-depth", Limits(records_depth=2), "2 record resources"),
        ("complexity", Limits(complexity=500), "exceed 500."),
        (
            "credits",
            Limits(credits=3, interpretations=Interpretations(points_per_credit=50)),
            "(points / 50) may not exceed 3.",
        ),
        ("records-limit", Limits(root_records=50, child_records=5), "1–50 on a root module, 1–5"),
        ("document-size", Limits(max_document_bytes=1000), "1000 bytes"),
    ],
)
def test_a_description_quotes_the_configured_limit(name: str, limits: Limits, quoted: str) -> None:
    rule = rule_named(name)
    assert rule is not None
    assert quoted in rule.describe(limits)
    assert quoted not in rule.describe(Limits())
