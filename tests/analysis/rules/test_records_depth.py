from __future__ import annotations

import pytest
from conftest import Analyse, rules

import zgql

LEVEL_3 = "{ Records { Contacts { _data { Account_Name { Parent_Account { id { value } } } } } } }"
LEVEL_4 = "{ Records { Contacts { _data { Account_Name { Parent_Account { Owner { id { value } } } } } } } }"


def test_at_the_limit(one: Analyse) -> None:
    operation = one(LEVEL_3)
    assert operation.records_depth == 3
    assert operation.ok


def test_over_the_limit_names_the_crossing_resource(one: Analyse) -> None:
    operation = one(LEVEL_4)
    (found,) = operation.diagnostics
    assert (found.rule, found.value, found.limit) == ("records-depth", 4, 3)
    assert found.path == "Records.Contacts._data.Account_Name.Parent_Account.Owner"
    assert (found.line, found.column) == (1, LEVEL_4.index("Owner") + 1)
    assert "Owner" in found.message and "second query" in found.message


def test_each_crossing_is_reported(one: Analyse) -> None:
    query = (
        "{ Records { Contacts { _data { Account_Name { Parent_Account { Owner { id { value } } "
        "Created_By { id { value } } } } } } } }"
    )
    operation = one(query)
    assert [d.path.rsplit(".", 1)[-1] for d in operation.diagnostics if d.path] == [
        "Owner",
        "Created_By",
    ]


def test_wrappers_add_no_depth(one: Analyse) -> None:
    operation = one("{ Records { Leads { _data { id { value } } _info { more_records } } } }")
    assert operation.records_depth == 1


def test_no_records_part_is_depth_zero(one: Analyse) -> None:
    assert one("{ Meta { Modules { _data { api_name } } } }").records_depth == 0


@pytest.mark.parametrize(("limit", "expected"), [(2, ["records-depth"]), (3, [])])
def test_the_limit_is_configurable(schema: zgql.Schema, limit: int, expected: list[str]) -> None:
    report = zgql.analyze(LEVEL_3, schema, limits=zgql.Limits(records_depth=limit))
    assert rules(report) == expected
