"""budget: one rule for the configuration's budgets and the client's budget_per_call."""

from __future__ import annotations

from fractions import Fraction

from zgql._analysis._rules.budget import BudgetRule

RULE = BudgetRule()


def test_under_at_and_over() -> None:
    assert RULE.check("Q", Fraction(3, 2), 2, set_by="its budget") is None
    assert RULE.check("Q", Fraction(2), 2, set_by="its budget") is None
    over = RULE.check("Q", Fraction(9, 4), 2, set_by="its budget")
    assert over is not None
    assert (over.rule, over.value, over.limit, over.operation) == ("budget", Fraction(9, 4), 2, "Q")
    assert over.message.startswith("Q costs 3 credits; its budget allows 2: ")
    assert RULE.check(None, Fraction(9, 4), None, set_by="its budget") is None  # no budget


def test_exact_credits_and_charged_credits_agree_on_a_whole_budget() -> None:
    for hundredths in range(1, 1001):
        exact = Fraction(hundredths, 100)
        for budget in range(1, 11):
            charged = -(-hundredths // 100)
            assert RULE.over(exact, budget) == (charged > budget)
