"""Resource kinds are decided once, from metadata, else from the type's shape."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from graphql import build_schema, introspection_from_schema

import zgql
from zgql._schema._index import Kind

SDL = """
type Query { Records: _Records  Meta: _Meta }
type _Meta { Modules: Modules }
type Modules { _data: [Module] }
type Module { api_name: String }
type _Records { Orders(limit: Int, where: Orders__Filter): Orders__Connection }
type info { more_records: Boolean }
type _S { value: String }
type Orders__Connection { _data: [Orders__data] _info: info! }
type Lines__Connection { _data: [Lines__data] _info: info! }
type Orders__data {
  id: _S  Notes: _S  Customer: Customers__data  Owner: Users__data
  Lines__r(limit: Int): Lines__Connection  Related: Related__union
}
type Lines__data { id: _S  Customer: Customers__data  Again__r: Lines__Connection }
type Customers__data { id: _S  Related: Related__union }
type Users__data { id: _S }
union Related__union = Customers__data | Users__data
input Orders__Filter { Notes: _Ops  id: _Ops }
input _Ops { equals: String }
"""


@pytest.fixture(scope="module")
def custom(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("custom")
    introspection = introspection_from_schema(build_schema(SDL))
    (folder / "shop.introspection.json").write_text(json.dumps(introspection))
    return folder


@pytest.fixture(scope="module")
def shapes_only(custom: Path) -> zgql.Schema:
    return zgql.load_schema(custom)


def test_kinds_from_shape_without_metadata(shapes_only: zgql.Schema) -> None:
    specs = shapes_only.cost_index.records["Orders__data"]
    assert {name: spec.kind for name, spec in specs.items()} == {
        "id": Kind.PLAIN,
        "Notes": Kind.PLAIN,
        "Customer": Kind.PARENT_LOOKUP,
        "Owner": Kind.PARENT_LOOKUP,
        "Lines__r": Kind.CHILD_RELATION,
        "Related": Kind.MULTI_MODULE_LOOKUP,
    }
    assert specs["Owner"].price == "user-lookup"
    assert specs["Related"].record_types == ("Customers__data", "Users__data")


def test_shape_fallback_prices(shapes_only: zgql.Schema) -> None:
    query = (
        "{ Records { Orders { _data { Customer { id { value } } Owner { id { value } } "
        "Lines__r { _data { id { value } } } Related { ... on Users__data { id { value } } } } } } }"
    )
    (operation,) = zgql.analyze(query, shapes_only).operations
    assert operation.complexity == 100 + 25 + 25 + 50 + 50


def test_multi_module_lookup_below_the_root(shapes_only: zgql.Schema) -> None:
    query = "{ Records { Orders { _data { Customer { Related { ... on Users__data { id { value } } } } } } } }"
    report = zgql.analyze(query, shapes_only)
    assert [(d.rule, d.path) for d in report.diagnostics] == [
        ("child-not-at-root", "Records.Orders._data.Customer.Related")
    ]


def test_metadata_decides_over_shape(custom: Path) -> None:
    metadata = {
        "zgql_metadata_version": 1,
        "modules": [
            {
                "api_name": "Orders",
                "fields": [
                    {"api_name": "Notes", "data_type": "textarea"},
                    {"api_name": "id", "data_type": "bigint", "external_id": True},
                    {"api_name": "Customer", "data_type": "userlookup"},
                    {"api_name": "Lines", "data_type": "multiselectlookup"},
                ],
            },
        ],
    }
    (custom / "shop.metadata.json").write_text(json.dumps(metadata))
    try:
        schema = zgql.load_schema(custom)
        specs = schema.cost_index.records["Orders__data"]
        assert specs["Notes"].textarea
        assert (specs["Customer"].kind, specs["Customer"].price) == (
            Kind.PARENT_LOOKUP,
            "user-lookup",
        )
        assert (specs["Lines__r"].kind, specs["Lines__r"].data_type) == (
            Kind.CHILD_RELATION,
            "multiselectlookup",
        )
        assert schema.cost_index.unfilterable["Orders__Filter"] == {
            "Notes": "fields of data type textarea cannot be used in a filter",
            "id": "external id fields cannot be used in a filter",
        }
    finally:
        (custom / "shop.metadata.json").unlink()


def test_bundled_kinds(schema: zgql.Schema) -> None:
    records = schema.cost_index.records
    assert records["Leads__data"]["Owner"].price == "user-lookup"
    assert records["Leads__data"]["Subform_1__r"].kind is Kind.CHILD_RELATION
    assert records["Subform_1__data"]["Parent_Id"].record_types == ("Leads__data",)
    assert records["Tasks__data"]["What_Id"].kind is Kind.MULTI_MODULE_LOOKUP
    assert records["Leads__data"]["Description"].textarea
    assert schema.cost_index.meta["Module"]["parent_module"].price == "Module"
    assert schema.cost_index.meta["Module"]["created_by"].kind is Kind.PLAIN  # a free User
    assert schema.cost_index.meta["Modules"]["_data"].kind is Kind.PLAIN
