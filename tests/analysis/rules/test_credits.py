from __future__ import annotations

from fractions import Fraction

from conftest import Analyse, rules

import zgql


def test_credits_are_rounded_up_once_for_the_whole_call(one: Analyse) -> None:
    operation = one(
        "{ Records { Deals { _data { Owner { id { value } } Account_Name { id { value } } } } } }"
    )
    assert operation.credits_exact == Fraction(3, 2)
    assert operation.credits == 2


def test_exact_credits_are_compared_not_the_rounded_charge(schema: zgql.Schema) -> None:
    # 1.25 credits: charged 2, but within a limit of 1.25 only if compared exactly; the
    # limit is whole credits, so 1.25 > 1 is over a limit of 1, and 2 would be too.
    query = "{ Records { Products { _data { Vendor_Name { id { value } } } } } }"
    limits = zgql.Limits(credits=1, complexity=10_000)
    report = zgql.analyze(query, schema, limits=limits)
    (found,) = report.diagnostics
    assert (found.rule, found.value, found.limit) == ("credits", Fraction(5, 4), 1)
    assert "1.25 credits" in found.message
    assert rules(zgql.analyze(query, schema, limits=zgql.Limits(credits=2))) == []


def test_points_per_credit_interpretation(schema: zgql.Schema) -> None:
    limits = zgql.Limits(interpretations=zgql.Interpretations(points_per_credit=50))
    (operation,) = zgql.analyze(
        "{ Records { Leads { _data { id { value } } } } }", schema, limits=limits
    ).operations
    assert (operation.credits_exact, operation.credits) == (Fraction(2), 2)
