from __future__ import annotations

from conftest import Analyse, rules

import zgql

DEPTH_7 = "{ Meta { Modules { _data { fields { _data { lookup { api_name } } } } } } }"
DEPTH_8 = "{ Meta { Modules { _data { fields { _data { lookup { module { api_name } } } } } } } }"


def test_at_the_limit(one: Analyse) -> None:
    operation = one(DEPTH_7)
    assert (operation.metadata_depth, operation.ok) == (7, True)


def test_over_the_limit_points_at_the_deepest_field(one: Analyse) -> None:
    operation = one(DEPTH_8)
    (found,) = operation.diagnostics
    assert (found.rule, found.value, found.limit) == ("metadata-depth", 8, 7)
    assert found.path == "Meta.Modules._data.fields._data.lookup.module.api_name"


def test_typename_adds_no_depth(one: Analyse) -> None:
    assert one("{ Meta { Modules { _data { api_name __typename } } } }").metadata_depth == 4


def test_resources_model_counts_priced_resources(schema: zgql.Schema) -> None:
    limits = zgql.Limits(interpretations=zgql.Interpretations(metadata_depth_model="resources"))
    (operation,) = zgql.analyze(DEPTH_8, schema, limits=limits).operations
    assert operation.metadata_depth == 2  # Modules → Fields
    assert operation.ok


def test_limit_is_configurable(schema: zgql.Schema) -> None:
    report = zgql.analyze(DEPTH_7, schema, limits=zgql.Limits(metadata_depth=6))
    assert rules(report) == ["metadata-depth"]
