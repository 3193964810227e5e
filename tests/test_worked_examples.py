"""Every worked example of docs/cost-model.md §5 and of zoho-graphql-reference.md §8 must hold."""

from __future__ import annotations

from fractions import Fraction

import pytest
from conftest import STANDARD_MODULES, Analyse, rules

import zgql

MODULES = STANDARD_MODULES[:11]


def roots(count: int) -> str:
    return " ".join(f"{m} {{ _data {{ id {{ value }} }} }}" for m in MODULES[:count])


# Each: the query, then complexity, credits, records depth, metadata depth, rules broken.
COST_MODEL = {
    "leads": (
        "{ Records { Leads { _data { id{value} Full_Name{value} Description{value} } } } }",
        100,
        1,
        1,
        0,
        [],
    ),
    "lookup": (
        "{ Records { Products { _data { Vendor_Name { id{value} } } } } }",
        125,
        2,
        2,
        0,
        [],
    ),
    "subform": (
        "{ Records { Leads { _data { Subform_1__r { _data { Parent_Id { Email{value} } } } } } } }",
        175,
        2,
        3,
        0,
        [],
    ),
    "too-deep": (
        "{ Records { Contacts { _data { Account_Name { Parent_Account { Owner { id{value} } } } } } } }",
        175,
        2,
        4,
        0,
        ["records-depth"],
    ),
    "ten-roots": (f"{{ Records {{ {roots(10)} }} }}", 1000, 10, 1, 0, []),
    "eleven-roots": (f"{{ Records {{ {roots(11)} }} }}", 1100, 11, 1, 0, ["complexity", "credits"]),
    "meta-fields": (
        '{ Meta { Modules(filter:{api_name:"Leads"}) { _data { api_name fields { _data { api_name } } } } } }',
        200,
        2,
        0,
        6,
        [],
    ),
    "child-under-lookup": (
        "{ Records { Leads { _data { Subform_1__r { _data { Parent_Id { Subform_1__r { _data { id{value} } } } } } } } } }",
        225,
        3,
        4,
        0,
        ["records-depth", "child-not-at-root"],
    ),
}


@pytest.mark.parametrize("example", COST_MODEL.values(), ids=COST_MODEL.keys())
def test_cost_model_examples(
    schema: zgql.Schema, example: tuple[str, int, int, int, int, list[str]]
) -> None:
    query, complexity, charged, records_depth, metadata_depth, expected = example
    report = zgql.analyze(query, schema)
    (operation,) = report.operations
    assert (operation.complexity, operation.credits) == (complexity, charged)
    assert (operation.records_depth, operation.metadata_depth) == (records_depth, metadata_depth)
    assert sorted(rules(report)) == sorted(expected)
    assert report.ok is (not expected)


E = {
    "E1": (
        "query { Records { Leads { _data { id { value } Full_Name { value } Description { value } } } } }",
        100,
        1,
        1,
        0,
    ),
    "E2": (
        "query { Records { Products { _data { Vendor_Name { Vendor_Name { value } id { value } } } } } }",
        125,
        2,
        2,
        0,
    ),
    "E3": (
        (
            "query { Records { Leads { _data { id { value } Subform_1__r { _data { id { value } "
            "Parent_Id { Email { value } Company { value } } } } } } } }"
        ),
        175,
        2,
        3,
        0,
    ),
    "E4": (
        (
            "query { Records { Contacts(limit: 100) { _data { Email { value } Last_Name { value } id { value } } "
            "_info { previous_offset next_offset more_records } } } }"
        ),
        100,
        1,
        1,
        0,
    ),
    "E5": (
        (
            'query { Records { Contacts(where: { and: [{ Last_Name: { like: "D%" } }] }, '
            "order_by: { Last_Name: { order: ASC } }) { _data { Last_Name { value } Email { value } id { value } } } } }"
        ),
        100,
        1,
        1,
        0,
    ),
    "E6": (
        'query { Meta { Modules(filter: { api_name: "Leads" }) { _data { plural_label id api_name visibility } } } }',
        100,
        1,
        0,
        4,
    ),
    "E7": (
        (
            'query { Meta { Modules(filter: { api_name: "Invoices" }) { _data { api_name '
            "child_relationships { _data { display_label api_name id } } parent_module { api_name plural_label } } } } }"
        ),
        250,
        3,
        0,
        6,
    ),
    "E8": (
        (
            'query { Meta { Modules(filter: { api_name: "Leads" }) { _data { id '
            'fields(filter: { api_names: ["Owner", "First_Name"] }) { _data { id api_name } } } } } }'
        ),
        200,
        2,
        0,
        6,
    ),
    "E9": (
        (
            'query { Meta { KanbanView(filter: { module_api_name: "Leads" }) { id view_name color_scheme } '
            "Users(filter: { type: AdminUsers }) { _data { id } } } }"
        ),
        200,
        2,
        0,
        4,
    ),
    "E10": (
        (
            "query { Records { Tasks { _data { Subject { value } What_Id { ... on Deals__data { Deal_Name { value } } "
            "... on Accounts__data { Account_Name { value } } } } } } }"
        ),
        150,
        2,
        2,
        0,
    ),
    "E11": (
        (
            "query { Records { Leads { _data { id { value } } } Contacts { _data { id { value } } } "
            "Deals { _data { Account_Name { id { value } } Owner { id { value } } } } } "
            "Meta { Modules { _data { api_name } } } }"
        ),
        450,
        5,
        2,
        4,
    ),
    "E13": (
        "query { Records { Contacts { _data { Account_Name { Parent_Account { Owner { id { value } } } } } } } }",
        175,
        2,
        4,
        0,
    ),
}


@pytest.mark.parametrize("example", E.values(), ids=E.keys())
def test_reference_examples(schema: zgql.Schema, example: tuple[str, int, int, int, int]) -> None:
    query, complexity, charged, records_depth, metadata_depth = example
    (operation,) = zgql.analyze(query, schema).operations
    assert operation.complexity == complexity
    assert operation.credits == charged
    assert operation.credits_exact == Fraction(complexity, 100)
    assert (operation.records_depth, operation.metadata_depth) == (records_depth, metadata_depth)


def test_e3_meets_the_shape_limits_exactly_where_documented(one: Analyse) -> None:
    # E1: fields 3/50, textareas 1/5 (Description): no diagnostics at all.
    operation = one(E["E1"][0])
    assert operation.ok
    assert [n.kind for n in operation.breakdown.walk()] == ["operation", "root-resource"]


def test_e9_kanban_without_its_filter_is_a_schema_error(schema: zgql.Schema) -> None:
    report = zgql.analyze("query { Meta { KanbanView { id } } }", schema)
    assert rules(report) == ["schema"]
    assert report.operations == ()


def test_e11_owner_priced_as_a_user_gives_475_still_5_credits(schema: zgql.Schema) -> None:
    limits = zgql.Limits(interpretations=zgql.Interpretations(user_lookup_points=50))
    (operation,) = zgql.analyze(E["E11"][0], schema, limits=limits).operations
    assert (operation.complexity, operation.credits) == (475, 5)


def test_e12_ten_roots_plus_one_lookup_is_rejected(schema: zgql.Schema) -> None:
    # The second `Deals` merges with the first (one response key): ten roots, one lookup.
    query = "{ Records { " + roots(10) + " Deals { _data { Account_Name { id { value } } } } } }"
    report = zgql.analyze(query, schema)
    (operation,) = report.operations
    assert (operation.complexity, operation.credits_exact, operation.credits) == (
        1025,
        Fraction(41, 4),
        11,
    )
    assert sorted(rules(report)) == ["complexity", "credits"]


def test_e14_child_under_a_lookup_is_rejected_within_depth(schema: zgql.Schema) -> None:
    # Accounts carry no subform in the bundled schema; Quotes' line items are one, reached
    # from a Sales Order's Quote_Name lookup: the same shape as E14.
    query = "{ Records { Sales_Orders { _data { Quote_Name { Quoted_Items__r { _data { id { value } } } } } } } }"
    report = zgql.analyze(query, schema)
    (operation,) = report.operations
    assert (operation.complexity, operation.records_depth) == (175, 3)
    assert rules(report) == ["child-not-at-root"]


@pytest.mark.parametrize(
    ("selection", "rule"),
    [
        (
            (
                "Account_Name { id{value} } Contact_Name { id{value} } Owner { id{value} } "
                "Campaign_Source { id{value} } Created_By { id{value} } Modified_By { id{value} }"
            ),
            "lookups-per-resource",
        ),
    ],
)
def test_e15_six_lookups_on_deals(schema: zgql.Schema, selection: str, rule: str) -> None:
    report = zgql.analyze(f"{{ Records {{ Deals {{ _data {{ {selection} }} }} }} }}", schema)
    (operation,) = report.operations
    assert (operation.complexity, operation.credits) == (250, 3)
    assert rules(report) == [rule]
