from __future__ import annotations

from collections.abc import Iterator

from zgql._analysis._facts import OperationFacts
from zgql._analysis._rules._base import CostRule, diagnostic, largest
from zgql._limits import Limits
from zgql._report import Diagnostic


class ComplexityRule(CostRule):
    """complexity: the points of all resources of an operation may not exceed the configured limit.

    Above it Zoho aborts the call (``ExecutionAborted``).
    """

    name = "complexity"
    statement = "the points of all resources of an operation may not exceed {complexity}."

    def check(self, facts: OperationFacts, limits: Limits) -> Iterator[Diagnostic]:
        if facts.complexity <= limits.complexity:
            return
        message = (
            f"complexity {facts.complexity} exceeds {limits.complexity}; the most expensive "
            f"resources are {largest(facts.resources)}: split the operation into several queries"
        )
        yield diagnostic(
            self.name, facts, facts.node, message, value=facts.complexity, limit=limits.complexity
        )
