"""Zoho's Long scalar refuses what Zoho refuses, as a variable and as a literal."""

from __future__ import annotations

from typing import Any

import pytest
from conftest import rules

import zgql

SINCE = "query Q($since: Long) { Records { Leads(where: {Created_Time: {greater_than: $since}}) { _data { id { value } } } } }"


@pytest.mark.parametrize("value", [5, -5, "4876876000000123456", 2**63 - 1, -(2**63)])
def test_whole_numbers_and_their_digits(schema: zgql.Schema, value: Any) -> None:
    assert zgql.analyze(SINCE, schema, variables={"since": value}).ok


@pytest.mark.parametrize(
    ("value", "said"),
    [
        ("abc", "Long cannot represent 'abc'"),
        (True, "Long cannot represent True"),
        (1.5, "Long cannot represent 1.5"),
        ("1.5", "Long cannot represent '1.5'"),
        (2**63, "outside the 64-bit range"),
        ([1], "Long cannot represent [1]"),
    ],
)
def test_what_zoho_refuses_is_not_sent(schema: zgql.Schema, value: Any, said: str) -> None:
    report = zgql.analyze(SINCE, schema, variables={"since": value})
    assert rules(report) == ["variables"]
    assert said in report.diagnostics[0].message


def test_a_literal(schema: zgql.Schema) -> None:
    bare = SINCE.replace("($since: Long) ", " ")
    assert rules(zgql.analyze(bare.replace("$since", '"abc"'), schema)) == ["schema"]
    assert zgql.analyze(bare.replace("$since", "42"), schema).ok
    assert zgql.analyze(bare.replace("$since", '"42"'), schema).ok
