from __future__ import annotations

from collections.abc import Iterator
from fractions import Fraction

from zgql._analysis._facts import OperationFacts
from zgql._analysis._rules._base import CostRule, diagnostic, largest
from zgql._limits import Limits
from zgql._report import Diagnostic


class CreditsRule(CostRule):
    """credits: the exact credits of an operation may not exceed the configured limit.

    The exact figure is compared, before rounding up to what Zoho charges.
    """

    name = "credits"
    statement = (
        "the exact credits of an operation (points / {points_per_credit}) may not exceed {credits}."
    )

    def check(self, facts: OperationFacts, limits: Limits) -> Iterator[Diagnostic]:
        exact = Fraction(facts.complexity, limits.interpretations.points_per_credit)
        if exact <= limits.credits:
            return
        shown = f"{float(exact):g}"
        message = (
            f"{shown} credits exceed the {limits.credits} one call may use; the most expensive "
            f"resources are {largest(facts.resources)}: split the operation into several queries"
        )
        yield diagnostic(self.name, facts, facts.node, message, value=exact, limit=limits.credits)
