from __future__ import annotations

from collections.abc import Iterator

from zgql._analysis._facts import OperationFacts
from zgql._analysis._rules._base import CostRule, diagnostic
from zgql._limits import Limits
from zgql._report import Diagnostic


class FilterCriteriaRule(CostRule):
    """filter-criteria: one ``where`` may hold at most the configured number of leaf predicates.

    Each operator of each field counts one, through any nesting of ``and`` / ``or``; parts given
    by variables with no known value are not counted.
    """

    name = "filter-criteria"
    statement = "one `where` may hold at most {filter_criteria} leaf predicates."

    def check(self, facts: OperationFacts, limits: Limits) -> Iterator[Diagnostic]:
        maximum = limits.filter_criteria
        for argument in facts.filters:
            if argument.criteria > maximum:
                message = (
                    f"the where of {argument.path} has {argument.criteria} criteria; Zoho allows "
                    f"{maximum}: narrow it with fewer conditions (an 'in' list counts once)"
                )
                yield diagnostic(
                    self.name,
                    facts,
                    argument.node,
                    message,
                    path=argument.path,
                    value=argument.criteria,
                    limit=maximum,
                )
