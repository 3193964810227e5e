"""The rules ``zgql check`` adds to the analysis's, and the whole catalogue.

``CATALOGUE`` is every rule a finding may carry, the analysis's first (docs/cost-model.md §4
order), then the linter's own. Configuration (``disable``), suppressions, ``zgql rules`` and the
SARIF and JSON reports all read it: a rule's name, severity and statement live in its class.
"""

from __future__ import annotations

from zgql._analysis._rules import ANALYSIS_RULES, Rule
from zgql._lint._rules.baseline import BaselineRule
from zgql._lint._rules.embedded_query import EmbeddedQueryRule
from zgql._lint._rules.fragment_conflict import FragmentConflictRule
from zgql._lint._rules.schema_change import SchemaChangeRule
from zgql._lint._rules.suppression import SuppressionRule

__all__ = [
    "BASELINE",
    "CATALOGUE",
    "EMBEDDED_QUERY",
    "FRAGMENT_CONFLICT",
    "RULE_NAMES",
    "SCHEMA_CHANGE",
    "SUPPRESSION",
    "rule_named",
]

EMBEDDED_QUERY = EmbeddedQueryRule.name
FRAGMENT_CONFLICT = FragmentConflictRule.name
SUPPRESSION = SuppressionRule.name
BASELINE = BaselineRule.name
SCHEMA_CHANGE = SchemaChangeRule.name

CATALOGUE: tuple[Rule, ...] = (
    *ANALYSIS_RULES,
    EmbeddedQueryRule(),
    FragmentConflictRule(),
    SuppressionRule(),
    BaselineRule(),
    SchemaChangeRule(),
)
RULE_NAMES: tuple[str, ...] = tuple(rule.name for rule in CATALOGUE)
_BY_NAME = {rule.name: rule for rule in CATALOGUE}


def rule_named(name: str) -> Rule | None:
    """The rule called ``name``, or None."""
    return _BY_NAME.get(name)
