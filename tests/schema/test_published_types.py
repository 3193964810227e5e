"""The bundled schema against the type definitions Zoho publishes, member by member.

Zoho publishes the full ``Products__Filter`` (filter-response.html) and ``Products__OrderBy``
(order-response.html), and the ``_Meta`` root with its filter inputs (query-metadata.html,
metafilters.html). The texts below are those definitions as the stored copies of the pages show
them (member order as published). The bundled inputs are generated from field metadata by rules
(schema/build.py); these tests hold the rules to Zoho's published result.
"""

from __future__ import annotations

import pytest
from graphql import (
    GraphQLInputObjectType,
    GraphQLObjectType,
    InputObjectTypeDefinitionNode,
    ObjectTypeDefinitionNode,
    parse,
    print_ast,
)

import zgql

# https://zoho.com/crm/developer/docs/api/graphql/filter-response.html ("type Products__Filter")
PUBLISHED_PRODUCTS_FILTER = """
input Products__Filter {
Qty_in_Demand: _FloatOperators
Product_Category: _StringOperators
Modified_Time: _DateLongOperators
or: [Products__Filter]
Created_Time: _DateLongOperators
Commission_Rate: _FloatOperators
Product_Name: _StringOperators
Sales_Start_Date: _DateLongOperators
Support_Start_Date: _DateLongOperators
Product_Active: _BooleanOperators
Usage_Unit: _StringOperators
Product_Code: _StringOperators
Qty_Ordered: _FloatOperators
and: [Products__Filter]
Manufacturer: _StringOperators
Locked__s: _BooleanOperators
Qty_in_Stock: _FloatOperators
id: _DateLongOperators
Support_Expiry_Date: _DateLongOperators
Sales_End_Date: _DateLongOperators
Unit_Price: _FloatOperators
Reorder_Level: _FloatOperators
Taxable: _BooleanOperators
}
"""

# https://zoho.com/crm/developer/docs/api/graphql/order-response.html ("Products__OrderBy")
PUBLISHED_PRODUCTS_ORDER_BY = """
input Products__OrderBy {
Qty_in_Demand: _OrderByClause
Product_Category: _OrderByClause
Description: _OrderByClause
Tax: _OrderByClause
Sales_Start_Date: _OrderByClause
Product_Active: _OrderByClause
Product_Code: _OrderByClause
Manufacturer: _OrderByClause
id: _OrderByClause
Support_Expiry_Date: _OrderByClause
Modified_Time: _OrderByClause
Created_Time: _OrderByClause
Commission_Rate: _OrderByClause
Product_Name: _OrderByClause
Support_Start_Date: _OrderByClause
Record_Status__s: _OrderByClause
Usage_Unit: _OrderByClause
Qty_Ordered: _OrderByClause
Locked__s: _OrderByClause
Qty_in_Stock: _OrderByClause
Tag: _OrderByClause
Sales_End_Date: _OrderByClause
Unit_Price: _OrderByClause
Reorder_Level: _OrderByClause
Taxable: _OrderByClause
}
input _OrderByClause {
order: _ResultOrder
}
"""

# Members of Products__Filter that Zoho's input lacks and zgql keeps on purpose, so that
# `unfilterable-field` can say why a filter on them fails (limitations page: textarea, tax and
# tag fields cannot be used in a filter).
KEPT_ON_PURPOSE = {"Description", "Tax", "Tag"}

# https://www.zoho.com/crm/developer/docs/api/graphql/query-metadata.html ("type _Meta",
# "type Modules") and https://zoho.com/crm/developer/docs/api/graphql/metafilters.html (the
# inputs). UserPropertyFilter's SDL is cut off in the stored copy after "user_"; its members here
# are the page's bullet list ("user_id: Long", "current_user: Boolean").
PUBLISHED_META = """
type _Meta {
Modules(filter: ModuleFilter): Modules
Users(filter: UserFilter, offset: String, limit: Int): Users
KanbanView(filter: FieldFilter!): KanbanView
UserProperties(filter: UserPropertyFilter!): UserProperties
ProfilePermissions(filter: PermissionFilter!): ProfilePermissions
Profiles(filter: ProfileFilter): Profiles
Roles(filter: RoleFilter): Roles
Widgets(filter: WidgetFilter): Widgets
}
type Modules {
_data: [Module]
_info: Cursor
}
input ModuleFilter {
exclude_subform: Boolean
api_name: String
api_names: [String!]
}
input UserFilter {
type: USERTYPE
include_lite_user: Boolean
}
input ModuleFieldFilter {
api_names: [String!]
api_name: String
}
input FieldFilter {
module_api_name: String!
}
input UserPropertyFilter {
user_id: Long
current_user: Boolean
}
"""


def _members(sdl: str) -> dict[str, dict[str, str]]:
    """Type name → member → its printed type (with arguments), from published SDL text."""
    found: dict[str, dict[str, str]] = {}
    for node in parse(sdl).definitions:
        assert isinstance(node, ObjectTypeDefinitionNode | InputObjectTypeDefinitionNode)
        members: dict[str, str] = {}
        for field in node.fields or ():
            arguments = getattr(field, "arguments", None) or ()
            printed = ", ".join(f"{a.name.value}: {print_ast(a.type)}" for a in arguments)
            members[field.name.value] = (f"({printed})" if printed else "") + print_ast(field.type)
        found[node.name.value] = members
    return found


def _bundled(schema: zgql.Schema, name: str) -> dict[str, str]:
    """The same view of a type of the bundled schema."""
    gql_type = schema.graphql_schema.type_map[name]
    assert isinstance(gql_type, GraphQLObjectType | GraphQLInputObjectType)
    members = {}
    for member, field in gql_type.fields.items():
        arguments = getattr(field, "args", {})
        printed = ", ".join(f"{a}: {arg.type}" for a, arg in arguments.items())
        members[member] = (f"({printed})" if printed else "") + str(field.type)
    return members


def test_products_filter_is_zohos_plus_the_members_kept_on_purpose(schema: zgql.Schema) -> None:
    published = _members(PUBLISHED_PRODUCTS_FILTER)["Products__Filter"]
    bundled = _bundled(schema, "Products__Filter")
    assert {k: bundled.get(k) for k in published} == published
    assert set(bundled) - set(published) == KEPT_ON_PURPOSE


@pytest.mark.parametrize("member", sorted(KEPT_ON_PURPOSE))
def test_each_member_kept_on_purpose_is_caught_by_unfilterable_field(
    schema: zgql.Schema, member: str
) -> None:
    query = f'{{ Records {{ Products(where: {{{member}: {{equals: "x"}}}}) {{ _data {{ id {{ value }} }} }} }} }}'
    report = zgql.analyze(query, schema)
    assert [d.rule for d in report.diagnostics] == ["unfilterable-field"]


def test_products_order_by_is_zohos_member_for_member(schema: zgql.Schema) -> None:
    published = _members(PUBLISHED_PRODUCTS_ORDER_BY)
    assert _bundled(schema, "Products__OrderBy") == published["Products__OrderBy"]
    assert _bundled(schema, "_OrderByClause") == published["_OrderByClause"]


@pytest.mark.parametrize(
    "member", ["Vendor_Name", "Owner", "Handler", "Created_By", "Modified_By", "Currency"]
)
def test_a_filter_zohos_input_lacks_is_refused(schema: zgql.Schema, member: str) -> None:
    """The issue's case: `where: {Vendor_Name: {equals: 111}}` passed zgql and fails at Zoho."""
    query = f"{{ Records {{ Products(where: {{{member}: {{equals: 111}}}}) {{ _data {{ id {{ value }} }} }} }} }}"
    report = zgql.analyze(query, schema)
    assert [d.rule for d in report.diagnostics] == ["schema"]
    assert member in report.diagnostics[0].message


def test_no_bundled_filter_or_sort_has_a_lookup_or_relation(schema: zgql.Schema) -> None:
    """The rule behind Products' published inputs, held for every module."""
    for module in schema.modules:
        for suffix in ("__Filter", "__OrderBy"):
            members = _bundled(schema, module + suffix)
            leads_to_records = [
                name
                for name, printed in members.items()
                if not printed.startswith(("_", "[" + module))
            ]
            assert leads_to_records == [], (module + suffix, leads_to_records)
            for name in members:
                spec = schema.cost_index.records[module + "__data"].get(name)
                assert spec is None or spec.kind.value == "plain-field", (module, name)


def test_meta_root_and_filters_are_zohos_member_for_member(schema: zgql.Schema) -> None:
    for name, members in _members(PUBLISHED_META).items():
        assert _bundled(schema, name) == members, name


def test_usertype_holds_every_published_value(schema: zgql.Schema) -> None:
    published = [
        *("AllUsers", "ActiveUsers", "DeactiveUsers", "ConfirmedUsers", "NotConfirmedUsers"),
        *("DeletedUsers", "ActiveConfirmedUsers", "AdminUsers", "ActiveConfirmedAdmins"),
        *("CurrentUser", "DeveloperUsers", "ParentRoleUsers", "ChildRoleUsers"),
        *("SubordinateRoleUsers", "AllActiveUsers", "ConfirmedReportingUsers"),
        *("ActiveAndDeactive", "ActiveLiteUser"),
    ]
    usertype = schema.graphql_schema.type_map["USERTYPE"]
    assert list(getattr(usertype, "values", {})) == published
