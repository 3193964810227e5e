"""Related lists in the bundled schema: `Name__r` connections of the related module's records,
priced and depth-counted as child relations (docs/cost-model.md §2), allowed only directly in a
root resource's records, at most 10 records a page."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import Analyse, rules
from graphql import GraphQLField, GraphQLObjectType

import zgql
from zgql._schema._index import Kind
from zgql._schema._metadata import parse_metadata


def _fields(schema: zgql.Schema, type_name: str) -> dict[str, GraphQLField]:
    record = schema.graphql_schema.type_map[type_name]
    assert isinstance(record, GraphQLObjectType)
    return dict(record.fields)


METADATA = Path(__file__).parents[2] / "schema" / "zoho-crm-enterprise.metadata.json"


def _queryable() -> list[tuple[str, str, str]]:
    """(module, field, related module) of every related list the metadata marks queryable."""
    raw = json.loads(METADATA.read_text(encoding="utf-8"))
    return [
        (module["api_name"], item["api_name"] + "__r", item["module"]["api_name"])
        for module in raw["modules"]
        for item in module.get("related_lists", [])
        if item["graphql_queryable"]
    ]


def test_every_queryable_related_list_is_a_child_relation_of_its_module(
    schema: zgql.Schema,
) -> None:
    found = _queryable()
    assert ("Contacts", "Deals__r", "Deals") in found  # Zoho's examples page
    assert len(found) == 25
    for module, field, target in found:
        spec = schema.cost_index.records[module + "__data"][field]
        assert spec.kind is Kind.CHILD_RELATION, (module, field)
        assert (spec.price, spec.data_type, spec.record_types) == (
            "child-relation",
            "related_list",
            (target + "__data",),
        )
        arguments = _fields(schema, module + "__data")[field].args
        assert sorted(arguments) == ["limit", "offset"]


def test_related_lists_graphql_cannot_serve_are_absent(schema: zgql.Schema) -> None:
    contacts = _fields(schema, "Contacts__data")
    for absent in ("Notes__r", "Attachments__r", "Open_Activities__r", "Products__r"):
        assert absent not in contacts


def test_related_list_costs_a_child_relation_and_adds_a_level(one: Analyse) -> None:
    report = one(
        "{ Records { Accounts { _data { Contacts__r(limit: 10) { _data { Last_Name { value } "
        "Owner { id { value } } } } } } } }"
    )
    assert (report.complexity, report.credits, report.records_depth) == (175, 2, 3)


def test_related_list_counts_towards_the_five_lookups(schema: zgql.Schema) -> None:
    children = " ".join(
        f"{name}__r {{ _data {{ id {{ value }} }} }}"
        for name in ("Contacts", "Deals", "Cases", "Quotes", "Sales_Orders", "Invoices")
    )
    report = zgql.analyze(f"{{ Records {{ Accounts {{ _data {{ {children} }} }} }} }}", schema)
    assert rules(report) == ["lookups-per-resource"]
    assert report.operations[0].complexity == 100 + 6 * 50


@pytest.mark.parametrize("limit", [11, 0])
def test_related_list_limit_is_the_sub_level_one(schema: zgql.Schema, limit: int) -> None:
    query = f"{{ Records {{ Contacts {{ _data {{ Deals__r(limit: {limit}) {{ _data {{ id {{ value }} }} }} }} }} }} }}"
    assert rules(zgql.analyze(query, schema)) == ["records-limit"]


def test_related_list_only_at_the_root(schema: zgql.Schema) -> None:
    """Under a lookup, a related list is a child field below the root: Zoho refuses it."""
    query = (
        "{ Records { Deals { _data { Contact_Name { Deals__r { _data { id { value } } } } } } } }"
    )
    report = zgql.analyze(query, schema)
    assert rules(report) == ["child-not-at-root"]
    assert report.operations[0].records_depth == 3


def test_a_related_list_never_takes_a_subforms_name() -> None:
    """An org whose related lists include its subform (by the same API name): `Name__r` stays
    the subform's, so the emulator and the rules keep treating it as one."""
    raw = json.loads(METADATA.read_text(encoding="utf-8"))
    quotes = next(m for m in raw["modules"] if m["api_name"] == "Quotes")
    quotes["related_lists"].append({"api_name": "Quoted_Items"})
    parsed = parse_metadata(raw, "test")
    assert parsed.field("Quotes", "Quoted_Items__r") is None
    kinds = {
        name: getattr(parsed.field("Quotes", name), "data_type", None)
        for name in ("Quoted_Items", "Sales_Orders__r")
    }
    assert kinds == {"Quoted_Items": "subform", "Sales_Orders__r": "related_list"}
