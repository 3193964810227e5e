from __future__ import annotations

import math
from fractions import Fraction

from zgql._analysis._rules._base import Rule
from zgql._analysis._rules._names import BUDGET
from zgql._report import Diagnostic

__all__ = ["BudgetRule"]


class BudgetRule(Rule):
    """budget: an operation may not cost more credits than the budget configured for it.

    One rule for every place a budget is held: ``max-credits`` and ``[budgets]`` in ``zgql
    check`` and ``zgql explain``, ``budget_per_call`` in the client. The exact credits are
    compared (with a whole budget, the same verdict as the credits Zoho charges). The caller
    places the diagnostic; it says who set the budget (``set_by``).
    """

    name = BUDGET
    statement = "an operation may not cost more credits than the budget configured for it."

    def over(self, credits_exact: Fraction, budget: int | None) -> bool:
        return budget is not None and credits_exact > budget

    def check(
        self, operation: str | None, credits_exact: Fraction, budget: int | None, *, set_by: str
    ) -> Diagnostic | None:
        if budget is None or not self.over(credits_exact, budget):
            return None
        label = operation or "(anonymous)"
        message = (
            f"{label} costs {math.ceil(credits_exact)} credits; {set_by} allows {budget}: drop "
            "fields or lookups, or split it (zgql explain shows where the cost comes from)"
        )
        return Diagnostic(
            rule=self.name, message=message, value=credits_exact, limit=budget, operation=operation
        )
