"""The emulator's data set and executable schema: deterministic, consistent, and queryable the
way Zoho documents (pages, filters, order, lookups, unions, ``_Meta``), never failing a valid
query."""

from __future__ import annotations

import hashlib
import json
import os
import random
import re
import subprocess
import sys
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timezone
from typing import Any

import pytest
from graphql import (
    GraphQLObjectType,
    GraphQLSchema,
    GraphQLUnionType,
    execute_sync,
    parse,
    validate,
)
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import zgql
from zgql._emulator._data import USERS, DataSet, Record
from zgql._emulator._resolvers import executable_schema
from zgql.testing import random_query

DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
DATETIME = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+00:00")


@pytest.fixture(scope="module")
def data(schema: zgql.Schema) -> DataSet:
    return DataSet(schema)


@pytest.fixture(scope="module")
def executable(data: DataSet) -> GraphQLSchema:
    return executable_schema(data)


Run = Callable[..., Any]


@pytest.fixture(scope="module")
def run(executable: GraphQLSchema) -> Run:
    """Execute a valid query; its data, asserting there were no errors."""

    def run_query(source: str, **variables: Any) -> Any:
        document = parse(source)
        assert validate(executable, document) == []
        result = execute_sync(executable, document, variable_values=variables)
        assert result.errors is None, result.errors
        return result.data

    return run_query


def all_ids(data: DataSet) -> list[str]:
    return [r["id"] for module in data.plans for r in data.records(module)]


def ids(page: dict[str, Any]) -> list[str]:
    return [row["id"]["value"] for row in page["_data"]]


# -- the data set ----------------------------------------------------------------------------


def test_same_seed_same_records_different_seed_different_ids(schema: zgql.Schema) -> None:
    first = DataSet(schema, seed=7, records_per_module=30)
    again = DataSet(schema, seed=7, records_per_module=30)
    other = DataSet(schema, seed=8, records_per_module=30)
    assert all(first.records(m) == again.records(m) for m in first.plans)
    assert all_ids(first) == all_ids(again)
    assert set(all_ids(first)).isdisjoint(all_ids(other))


def test_records_are_the_same_in_another_process(schema: zgql.Schema) -> None:
    script = (
        "import hashlib, json, zgql; from zgql._emulator._data import DataSet;"
        "d = DataSet(zgql.load_schema(), seed=3, records_per_module=20);"
        "print(hashlib.sha256(json.dumps([d.records(m) for m in d.plans]).encode()).hexdigest())"
    )
    here = DataSet(schema, seed=3, records_per_module=20)
    expected = hashlib.sha256(json.dumps([here.records(m) for m in here.plans]).encode())
    env = {**os.environ, "PYTHONHASHSEED": "12345"}  # another salt for str hashes than ours
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, env=env
    )
    assert done.stdout.strip() == expected.hexdigest()


def test_ids_are_unique_18_digit_strings_in_record_order(data: DataSet) -> None:
    every = all_ids(data)
    assert len(every) == len(set(every))
    assert all(isinstance(i, str) and len(i) == 18 and i.isdigit() for i in every)
    for module in data.plans:
        module_ids = [r["id"] for r in data.records(module)]
        assert module_ids == sorted(module_ids)
        assert all(data.module_of(i) == module for i in module_ids)


def test_counts(data: DataSet) -> None:
    assert data.modules() == data.schema.modules
    assert all(len(data.records(m)) == 300 for m in data.modules())
    assert len(data.records(USERS)) == 25
    rows = [len(r["Subform_1__r"]) for r in data.records("Leads")]
    assert set(rows) == {0, 1, 2, 3}
    assert len(data.records("Subform_1")) == sum(rows)
    assert data.record("Leads", data.records("Contacts")[0]["id"]) is None
    with pytest.raises(KeyError):
        data.records("Nope")


def test_every_lookup_points_at_an_existing_record(data: DataSet) -> None:
    nulls = []
    for module, plans in data.plans.items():
        for record in data.records(module):
            for plan in (p for p in plans if p.kind in ("lookup", "union", "rows", "users")):
                value = record.get(plan.name)
                if value is None:
                    nulls.append((module, plan.name))
                for linked in value if isinstance(value, list) else [value] if value else []:
                    target = data.module_of(linked)
                    assert target in plan.targets, (module, plan.name)
                    assert data.record(target, linked) is not None
    assert nulls == [(USERS, "Reporting_To")]  # only the first user reports to nobody


def test_subform_rows_point_back_at_their_parent(data: DataSet) -> None:
    for parent, field, subform in (
        ("Leads", "Subform_1__r", "Subform_1"),
        ("Quotes", "Quoted_Items__r", "Quoted_Items"),
    ):
        seen = []
        for record in data.records(parent):
            for row_id in record[field]:
                row = data.record(subform, row_id)
                assert row is not None and row["Parent_Id"] == record["id"]
                seen.append(row_id)
        assert sorted(seen) == [r["id"] for r in data.records(subform)]


def test_related_lists_are_the_records_that_look_back(data: DataSet) -> None:
    """`Deals__r` of a contact: the deals whose Contact_Name is that contact, in id order; the
    related modules stay root modules with their own records (not subform rows)."""
    plan = next(p for p in data.plans["Contacts"] if p.name == "Deals__r")
    assert (plan.kind, plan.targets, plan.via) == ("related", ("Deals",), "Contact_Name")
    assert len(data.records("Deals")) == 300
    total = 0
    for contact in data.records("Contacts"):
        related = data.related(plan, contact["id"])
        expected = [d for d in data.records("Deals") if d["Contact_Name"] == contact["id"]]
        assert related == expected
        total += len(related)
    assert total == 300  # every deal names one contact, so every deal is someone's


def test_related_list_data_pages_like_a_subform(run: Run, data: DataSet) -> None:
    """`limit` and `offset` as a subform's (the same pager: at most 10 rows a page, Zoho's
    sub-level limit, when no limit is given)."""
    plan = next(p for p in data.plans["Accounts"] if p.name == "Contacts__r")
    account = max(data.records("Accounts"), key=lambda a: len(data.related(plan, a["id"])))
    ids = [c["id"] for c in data.related(plan, account["id"])]
    assert 3 <= len(ids) <= 10
    query = (
        "query($id: Long, $offset: String, $limit: Int) { Records { Accounts(where: {id: "
        "{equals: $id}}) { _data { Contacts__r(offset: $offset, limit: $limit) { _data { id "
        "{ value } Account_Name { id { value } } } _info { more_records next_offset } } } } } }"
    )

    def page(**arguments: Any) -> Any:
        found = run(query, id=account["id"], **arguments)["Records"]["Accounts"]["_data"]
        return found[0]["Contacts__r"]

    every = page()
    assert [r["id"]["value"] for r in every["_data"]] == ids
    assert {r["Account_Name"]["id"]["value"] for r in every["_data"]} == {account["id"]}
    assert every["_info"] == {"more_records": False, "next_offset": None}
    first = page(limit=2)
    assert [r["id"]["value"] for r in first["_data"]] == ids[:2]
    assert first["_info"] == {"more_records": True, "next_offset": "2"}
    rest = page(offset=first["_info"]["next_offset"], limit=2)
    assert [r["id"]["value"] for r in rest["_data"]] == ids[2:4]


def test_meta_serves_the_related_lists_of_the_metadata(run: Run) -> None:
    result = run(
        '{ Meta { Modules(filter: {api_name: "Contacts"}) { _data { related_lists { _data { api_name module { api_name } href type } } } } } }'
    )
    lists = result["Meta"]["Modules"]["_data"][0]["related_lists"]["_data"]
    deals = next(item for item in lists if item["api_name"] == "Deals")
    assert deals == {
        "api_name": "Deals",
        "module": {"api_name": "Deals"},
        "href": "Contacts/{ENTITYID}/Deals",
        "type": "default",
    }
    assert {"Notes", "Attachments", "Cases", "Quotes"} <= {item["api_name"] for item in lists}


def test_values_look_like_their_data_types(data: DataSet) -> None:
    raw = data.metadata_json["modules"]
    picklists = {
        (m["api_name"], f["api_name"]): f["pick_list_values"]
        for m in raw
        for f in m["fields"]
        if "pick_list_values" in f
    }
    for module in ("Leads", "Contacts"):
        for r in data.records(module):
            assert r["Full_Name"] == f"{r['First_Name']} {r['Last_Name']}"
            assert "@" in r["Email"] and r["Last_Name"].lower() in r["Email"]
    for (module, name), values in picklists.items():
        plan = next((p for p in data.plans.get(module, ()) if p.name == name), None)
        for r in data.records(module) if plan else ():
            chosen = r[name] if isinstance(r[name], list) else [r[name]]
            assert set(chosen) <= set(values), (module, name)
    for r in data.records("Deals"):
        assert DATE.fullmatch(r["Closing_Date"]) and DATETIME.fullmatch(r["Created_Time"])
        assert r["Created_Time"] <= r["Modified_Time"]
        assert isinstance(r["Amount"], float) and round(r["Amount"], 2) == r["Amount"]
        assert isinstance(r["Probability"], int) and 0 <= r["Probability"] <= 100
    mobiles = [r["Mobile"] for r in data.records("Leads")]
    assert 0 < mobiles.count(None) < len(mobiles) / 4  # about one in ten optional texts


# -- records through GraphQL -----------------------------------------------------------------


def test_executable_schema_is_a_copy(schema: zgql.Schema, executable: GraphQLSchema) -> None:
    assert executable is not schema.graphql_schema
    original = schema.graphql_schema.type_map["Leads__data"]
    assert isinstance(original, GraphQLObjectType)
    assert all(f.resolve is None for f in original.fields.values())


def test_lookups_resolve_to_the_linked_records(run: Run, data: DataSet) -> None:
    result = run(
        "{ Records { Contacts(limit: 5) { _data { Account_Name { id { value } Account_Name { value } Owner { email { value } } } } } } }"
    )
    for record, row in zip(
        data.records("Contacts"), result["Records"]["Contacts"]["_data"], strict=False
    ):
        account = data.record("Accounts", record["Account_Name"])
        owner = data.record(USERS, account["Owner"]) if account else None
        assert account is not None and owner is not None
        assert row["Account_Name"]["id"]["value"] == account["id"]
        assert row["Account_Name"]["Account_Name"]["value"] == account["Account_Name"]
        assert row["Account_Name"]["Owner"]["email"]["value"] == owner["email"]


def test_unions_resolve_to_the_member_type_of_the_linked_record(run: Run, data: DataSet) -> None:
    union = data.schema.graphql_schema.type_map["Tasks__What_Id__union"]
    assert isinstance(union, GraphQLUnionType)
    members = " ".join(f"... on {member.name} {{ id {{ value }} }}" for member in union.types)
    result = run(
        f"{{ Records {{ Tasks(limit: 300) {{ _data {{ id {{ value }} What_Id {{ __typename {members} }} }} }} }} }}"
    )
    kinds = set()
    for row in result["Records"]["Tasks"]["_data"]:
        linked = row["What_Id"]["id"]["value"]
        assert row["What_Id"]["__typename"] == f"{data.module_of(linked)}__data"
        assert data.record("Tasks", row["id"]["value"])["What_Id"] == linked  # type: ignore[index]
        kinds.add(row["What_Id"]["__typename"])
    assert len(kinds) > 5


WALK = "query($offset: String, $limit: Int) { Records { M(offset: $offset, limit: $limit) { _data { id { value } } _info { next_offset previous_offset more_records } } } }"


@pytest.mark.parametrize(("module", "limit"), [("Leads", 7), ("Accounts", 100), ("Deals", 300)])
def test_walking_pages_visits_every_record_once(
    run: Run, data: DataSet, module: str, limit: int
) -> None:
    seen: list[str] = []
    offset: str | None = None
    previous: list[str | None] = []
    while True:
        page = run(WALK.replace("M(", f"{module}("), offset=offset, limit=limit)["Records"][module]
        seen += ids(page)
        previous.append(page["_info"]["previous_offset"])
        offset = page["_info"]["next_offset"]
        assert page["_info"]["more_records"] is (offset is not None)
        if offset is None:
            break
    assert seen == [r["id"] for r in data.records(module)]
    assert previous[0] is None and previous[1:2] in ([], ["0"])


def test_page_defaults_and_odd_arguments(run: Run, data: DataSet) -> None:
    def page(**arguments: Any) -> Any:
        return run(WALK.replace("M(", "Leads("), **arguments)["Records"]["Leads"]

    leads = [r["id"] for r in data.records("Leads")]
    first = page()
    assert ids(first) == leads[:100]
    assert first["_info"] == {"next_offset": "100", "previous_offset": None, "more_records": True}
    middle = page(offset="250", limit=30)
    assert ids(middle) == leads[250:280]
    assert middle["_info"] == {"next_offset": "280", "previous_offset": "220", "more_records": True}
    last = page(offset="290", limit=30)
    assert last["_info"] == {"next_offset": None, "previous_offset": "260", "more_records": False}
    assert ids(page(offset="abc", limit=2)) == ids(page(offset="-5", limit=2)) == leads[:2]
    assert ids(page(offset="9" * 40, limit=2)) == ids(page(limit=-3)) == []


def test_subform_rows_page_like_records(run: Run, data: DataSet) -> None:
    lead = next(r for r in data.records("Leads") if len(r["Subform_1__r"]) == 3)
    query = "query($id: Long, $offset: String) { Records { Leads(where: {id: {equals: $id}}) { _data { Subform_1__r(offset: $offset, limit: 1) { _data { id { value } Parent_Id { id { value } } } _info { next_offset more_records } } } } } }"
    seen, offset = [], None
    while True:
        (parent,) = run(query, id=lead["id"], offset=offset)["Records"]["Leads"]["_data"]
        rows = parent["Subform_1__r"]
        seen += ids(rows)
        assert all(r["Parent_Id"]["id"]["value"] == lead["id"] for r in rows["_data"])
        offset = rows["_info"]["next_offset"]
        if offset is None:
            break
    assert seen == lead["Subform_1__r"]
    default = run(
        "{ Records { Services__s(limit: 300) { _data { Members__r { _data { id { value } } _info { more_records } } } } } }"
    )
    members = [ids(row["Members__r"]) for row in default["Records"]["Services__s"]["_data"]]
    assert members == [r["Members__r"] for r in data.records("Services__s")]


# -- where -----------------------------------------------------------------------------------


def where(run: Run, module: str, condition: str, **variables: Any) -> list[str]:
    declared = ", ".join(
        f"${name}: {kind}"
        for name, kind in (("id", "Long"), ("ids", "[Long]"))
        if name in variables
    )
    header = f"query({declared})" if declared else "query"
    result = run(
        f"{header} {{ Records {{ {module}(limit: 1000, where: {condition}) {{ _data {{ id {{ value }} }} }} }} }}",
        **variables,
    )
    return ids(result["Records"][module])


def expect(data: DataSet, module: str, test: Callable[[Record], bool]) -> list[str]:
    found = [r["id"] for r in data.records(module) if test(r)]
    assert 0 < len(found) < len(data.records(module))  # a filter that tells records apart
    return found


def ms(iso: str) -> int:
    return int(datetime.fromisoformat(iso).replace(tzinfo=timezone.utc).timestamp() * 1000)


def test_where_equals_and_not_equals(run: Run, data: DataSet) -> None:
    assert where(run, "Leads", '{Lead_Status: {equals: "Contacted"}}') == expect(
        data, "Leads", lambda r: r["Lead_Status"] == "Contacted"
    )
    assert where(run, "Leads", '{Lead_Status: {not_equals: "Contacted"}}') == expect(
        data, "Leads", lambda r: r["Lead_Status"] != "Contacted"
    )
    assert where(run, "Leads", "{Email_Opt_Out: {equals: true}}") == expect(
        data, "Leads", lambda r: r["Email_Opt_Out"] is True
    )


def test_where_compares_numbers_as_numbers(run: Run, data: DataSet) -> None:
    assert where(run, "Leads", "{No_of_Employees: {greater_than: 2500}}") == expect(
        data, "Leads", lambda r: r["No_of_Employees"] > 2500
    )
    assert where(run, "Leads", "{No_of_Employees: {less_equal: 900}}") == expect(
        data, "Leads", lambda r: r["No_of_Employees"] <= 900
    )
    assert where(run, "Deals", "{Amount: {greater_equal: 20000.5, less_than: 30000}}") == expect(
        data, "Deals", lambda r: 20000.5 <= r["Amount"] < 30000
    )
    assert where(run, "Deals", "{Probability: {in: [10, 20]}}") == expect(
        data, "Deals", lambda r: r["Probability"] in (10, 20)
    )


def test_where_compares_dates_as_iso_text_or_epoch_milliseconds(run: Run, data: DataSet) -> None:
    assert where(run, "Deals", '{Closing_Date: {greater_equal: "2024-06-01"}}') == expect(
        data, "Deals", lambda r: r["Closing_Date"] >= "2024-06-01"
    )
    cut = "2024-03-01T12:00:00+00:00"
    before = expect(data, "Deals", lambda r: r["Created_Time"] < cut)
    assert where(run, "Deals", f'{{Created_Time: {{less_than: "{ms(cut)}"}}}}') == before
    assert where(run, "Deals", f"{{Created_Time: {{less_than: {ms(cut)}}}}}") == before
    elsewhere = "2024-03-01T17:30:00+05:30"  # the same instant, written with another offset
    assert where(run, "Deals", f'{{Created_Time: {{less_than: "{elsewhere}"}}}}') == before
    assert where(
        run, "Deals", f'{{Closing_Date: {{less_than: "{ms("2024-06-01T00:00:00")}"}}}}'
    ) == expect(data, "Deals", lambda r: r["Closing_Date"] < "2024-06-01")


def test_where_like_and_not_like(run: Run, data: DataSet) -> None:
    assert where(run, "Leads", '{Last_Name: {like: "s%"}}') == expect(
        data, "Leads", lambda r: r["Last_Name"].startswith("S")
    )
    assert where(run, "Leads", '{Email: {like: "%@ZYLKER.com"}}') == expect(
        data, "Leads", lambda r: r["Email"].endswith("@zylker.com")
    )
    assert where(run, "Leads", '{Last_Name: {not_like: "%an%"}}') == expect(
        data, "Leads", lambda r: "an" not in r["Last_Name"].lower()
    )
    assert where(run, "Leads", '{Mobile: {like: "%"}}') == expect(
        data, "Leads", lambda r: r["Mobile"] is not None
    )


def test_where_in_and_not_in(run: Run, data: DataSet) -> None:
    sources = ("Cold Call", "Partner")
    assert where(run, "Leads", '{Lead_Source: {in: ["Cold Call", "Partner"]}}') == expect(
        data, "Leads", lambda r: r["Lead_Source"] in sources
    )
    assert where(run, "Leads", '{Lead_Source: {not_in: ["Cold Call", "Partner"]}}') == expect(
        data, "Leads", lambda r: r["Lead_Source"] not in sources
    )
    assert where(run, "Products", '{Tax: {equals: "Vat"}}') == expect(
        data, "Products", lambda r: "Vat" in r["Tax"]
    )


def test_where_and_or_nesting(run: Run, data: DataSet) -> None:
    condition = '{or: [{Lead_Status: {equals: "Contacted"}}, {and: [{No_of_Employees: {greater_than: 4000}}, {Last_Name: {like: "%a%"}}]}], Email_Opt_Out: {equals: false}}'
    expected = expect(
        data,
        "Leads",
        lambda r: (
            (
                r["Lead_Status"] == "Contacted"
                or (r["No_of_Employees"] > 4000 and "a" in r["Last_Name"].lower())
            )
            and r["Email_Opt_Out"] is False
        ),
    )
    assert where(run, "Leads", condition) == expected
    one = '{and: {Lead_Status: {equals: "Contacted"}}}'  # one object where a list is expected
    assert where(run, "Leads", one) == expect(
        data, "Leads", lambda r: r["Lead_Status"] == "Contacted"
    )


def test_where_on_ids_compares_ids(run: Run, data: DataSet) -> None:
    leads = [r["id"] for r in data.records("Leads")]
    assert where(run, "Leads", "{id: {in: $ids}}", ids=[leads[3], leads[9]]) == [leads[3], leads[9]]
    assert where(run, "Leads", "{id: {greater_than: $id}}", id=leads[289]) == leads[290:]
    assert where(run, "Leads", f"{{id: {{equals: {leads[7]}}}}}") == [leads[7]]


def test_lookups_are_not_in_the_bundled_filters(executable: GraphQLSchema) -> None:
    """Zoho's published Products__Filter has none of Products' lookups; nor has any bundled
    filter, so a `where` on a lookup is a validation error, as Zoho's would be."""
    query = (
        "{ Records { Contacts(where: {Account_Name: {equals: 1}}) { _data { id { value } } } } }"
    )
    errors = validate(executable, parse(query))
    assert len(errors) == 1 and "unknown field 'Account_Name'" in errors[0].message


# -- order_by --------------------------------------------------------------------------------


def order(run: Run, module: str, order_by: str, field: str = "id") -> list[Any]:
    """The values of ``field`` (ids by default) of a module's records in the order asked."""
    result = run(
        f"{{ Records {{ {module}(limit: 300, order_by: {order_by}) {{ _data {{ {field} {{ value }} }} }} }} }}"
    )
    return [row[field]["value"] for row in result["Records"][module]["_data"]]


def test_order_by_asc_desc_and_nulls_last(run: Run, data: DataSet) -> None:
    by_amount = [r["id"] for r in sorted(data.records("Deals"), key=lambda r: r["Amount"])]
    assert order(run, "Deals", "{Amount: {order: ASC}}") == by_amount
    assert order(run, "Deals", "{Amount: {order: DESC}}") == by_amount[::-1]
    for direction in ("ASC", "DESC"):
        mobiles = order(run, "Leads", f"{{Mobile: {{order: {direction}}}}}", "Mobile")
        present = [m for m in mobiles if m is not None]
        assert mobiles == present + [None] * (len(mobiles) - len(present))
        assert present == sorted(present, reverse=direction == "DESC")


def test_order_by_several_keys_in_written_order_stably(run: Run, data: DataSet) -> None:
    leads = data.records("Leads")  # in id order, which ties keep

    def by_status(r: Record) -> str:
        return str(r["Lead_Status"])

    def by_name(r: Record) -> str:
        return str(r["Last_Name"])

    status = sorted(leads, key=by_status)
    status_then_name = sorted(sorted(leads, key=by_name, reverse=True), key=by_status)
    name_then_status = sorted(status, key=by_name, reverse=True)
    asked = "{Lead_Status: {order: ASC}, Last_Name: {order: DESC}}"
    assert order(run, "Leads", "{Lead_Status: {order: ASC}}") == [r["id"] for r in status]
    assert order(run, "Leads", asked) == [r["id"] for r in status_then_name]
    asked = "{Last_Name: {order: DESC}, Lead_Status: {order: ASC}}"
    assert order(run, "Leads", asked) == [r["id"] for r in name_then_status]


# -- Meta ------------------------------------------------------------------------------------


def test_meta_modules_and_fields(run: Run, data: DataSet) -> None:
    result = run(
        '{ Meta { Modules(filter: {api_name: "Leads"}) { _data { id api_name module_name plural_label generated_type visibility created_by { email } fields { _data { api_name field_label data_type json_type sortable filterable lookup { module { api_name } } pick_list_values { actual_value } } } some: fields(filter: {api_names: ["Owner", "Lead_Status"]}) { _data { api_name } } layouts { _data { name sections { fields { _data { api_name } } } } } related_lists { _data { api_name } } custom_views { _data { name default } } } } } }'
    )
    (leads,) = result["Meta"]["Modules"]["_data"]
    raw = next(m for m in data.metadata_json["modules"] if m["api_name"] == "Leads")
    assert leads["module_name"] == "Leads" and leads["generated_type"] == "default"
    assert len(leads["id"]) == 18 and leads["created_by"]["email"]
    fields = {f["api_name"]: f for f in leads["fields"]["_data"]}
    assert list(fields) == [f["api_name"] for f in raw["fields"]]
    assert fields["Owner"]["lookup"] == {"module": {"api_name": "Users"}}
    assert fields["Lead_Status"]["pick_list_values"][1] == {"actual_value": "Attempted to Contact"}
    assert fields["Lead_Status"]["sortable"] and not fields["Subform_1"]["filterable"]
    assert [f["api_name"] for f in leads["some"]["_data"]] == ["Owner", "Lead_Status"]
    assert leads["layouts"]["_data"][0]["sections"][0]["fields"]["_data"]
    assert leads["custom_views"]["_data"] == [{"name": "All Leads", "default": True}]


def test_meta_modules_filters_and_relations(run: Run) -> None:
    every = run("{ Meta { Modules { _data { api_name generated_type } } } }")
    every = every["Meta"]["Modules"]["_data"]
    plain = run("{ Meta { Modules(filter: {exclude_subform: true}) { _data { api_name } } } }")
    plain = plain["Meta"]["Modules"]["_data"]
    assert (
        {m["api_name"] for m in every} - {m["api_name"] for m in plain}
        == {m["api_name"] for m in every if m["generated_type"] == "subform"}
        == {"Subform_1", "Quoted_Items", "Ordered_Items", "Purchase_Items", "Invoiced_Items"}
    )
    result = run(
        '{ Meta { Modules(filter: {api_names: ["Quotes", "Subform_1"]}) { _data { api_name parent_module { api_name } child_relationships { _data { api_name child_module { api_name } } } } } } }'
    )
    quotes, subform = result["Meta"]["Modules"]["_data"]
    assert quotes["child_relationships"]["_data"] == [
        {"api_name": "Quoted_Items", "child_module": {"api_name": "Quoted_Items"}}
    ]
    assert subform["parent_module"] == {"api_name": "Leads"} and quotes["parent_module"] is None


def test_meta_users_by_type(run: Run, data: DataSet) -> None:
    def users(kind: str) -> list[dict[str, Any]]:
        found = run(
            f"{{ Meta {{ Users(filter: {{type: {kind}}}) {{ _data {{ id email status profile {{ name }} role {{ name reporting_to {{ name }} }} created_by {{ id }} }} _info {{ count more_records }} }} }} }}"
        )
        assert found["Meta"]["Users"]["_info"]["count"] == len(found["Meta"]["Users"]["_data"])
        return list(found["Meta"]["Users"]["_data"])

    first = data.records(USERS)[0]["id"]
    assert len(users("AllUsers")) == 25
    assert {u["status"] for u in users("ActiveUsers")} == {"active"}
    assert [u["id"] for u in users("CurrentUser")] == [first]
    assert {u["profile"]["name"] for u in users("AdminUsers")} == {"Administrator"}
    assert users("CurrentUser")[0]["role"] == {"name": "CEO", "reporting_to": None}
    assert all(u["created_by"]["id"] == first for u in users("AllUsers"))
    page = run(
        '{ Meta { Users(offset: "20", limit: 10) { _data { id } _info { more_records previous_offset } } } }'
    )["Meta"]["Users"]
    assert len(page["_data"]) == 5
    assert page["_info"] == {"more_records": False, "previous_offset": "10"}


def test_meta_kanban_profiles_roles_and_more(run: Run) -> None:
    kanban = run(
        '{ Meta { KanbanView(filter: {module_api_name: "Deals"}) { id view_name category_field aggregation_field } } }'
    )["Meta"]["KanbanView"]
    assert kanban["category_field"] == "Stage" and kanban["aggregation_field"] == "Amount"
    assert run('{ Meta { KanbanView(filter: {module_api_name: "Nope"}) { id } } }') == {
        "Meta": {"KanbanView": None}
    }
    profiles = run(
        "{ Meta { Profiles { _data { id name created_by { email } module_properties { _data { module { api_name } permissions } } } } } }"
    )["Meta"]["Profiles"]["_data"]
    assert [p["name"] for p in profiles] == ["Administrator", "Standard"]
    assert profiles[0]["created_by"]["email"] and profiles[0]["module_properties"]["_data"]
    roles = run(
        '{ Meta { Roles(filter: {name: "Manager"}) { _data { name api_name reporting_to { name } } } } }'
    )["Meta"]["Roles"]["_data"]
    assert roles == [{"name": "Manager", "api_name": "Manager", "reporting_to": {"name": "CEO"}}]
    permissions = run(
        f"{{ Meta {{ ProfilePermissions(filter: {{profile_id: {profiles[1]['id']}}}) {{ _data {{ name enabled module }} }} }} }}"
    )["Meta"]["ProfilePermissions"]["_data"]
    assert any(p["enabled"] for p in permissions) and not all(p["enabled"] for p in permissions)
    properties = run(
        "{ Meta { UserProperties(filter: {current_user: true}) { user_id properties { name value } } } }"
    )["Meta"]["UserProperties"]
    assert properties["user_id"] and properties["properties"]
    assert len(run("{ Meta { Widgets { _data { name type } } } }")["Meta"]["Widgets"]["_data"]) == 2


# -- any valid query -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def small(schema: zgql.Schema) -> GraphQLSchema:
    """Few records per module: generated queries then cost graphql-core little to execute."""
    return executable_schema(DataSet(schema, seed=11, records_per_module=12))


@settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(seed=st.integers(min_value=0, max_value=2**32), size=st.integers(1, 40), meta=st.booleans())
def test_generated_queries_execute_without_errors(
    small: GraphQLSchema, schema: zgql.Schema, seed: int, size: int, meta: bool
) -> None:
    tree = random_query(schema.graphql_schema, random.Random(seed), fields=size, meta=meta)
    document = parse(tree.render())
    assert validate(small, document) == []
    result = execute_sync(small, document)
    assert result.errors is None, (tree.render(), result.errors)


def test_one_executable_schema_serves_many_threads(executable: GraphQLSchema) -> None:
    document = parse(
        '{ Records { Leads(limit: 50, where: {Last_Name: {like: "%a%"}}, order_by: {Annual_Revenue: {order: DESC}}) { _data { Full_Name { value } Owner { email { value } } } } } Meta { Users { _data { email } } } }'
    )
    expected = execute_sync(executable, document)
    assert expected.errors is None
    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(lambda _: execute_sync(executable, document), range(32)))
    assert all(r.data == expected.data and r.errors is None for r in results)
