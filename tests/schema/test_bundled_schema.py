"""The bundled schema follows Zoho's documented shapes, and is what schema/build.py makes."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import STANDARD_MODULES
from graphql import (
    GraphQLInputObjectType,
    GraphQLList,
    GraphQLObjectType,
    GraphQLUnionType,
    get_named_type,
)

import zgql

ROOT = Path(__file__).resolve().parents[2]
MODULES = STANDARD_MODULES[:19]


def test_outputs_are_what_the_inputs_make() -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "schema" / "build.py"), "--check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr


def test_query_root(schema: zgql.Schema) -> None:
    query = schema.graphql_schema.query_type
    assert query is not None
    assert {n: get_named_type(f.type).name for n, f in query.fields.items()} == {
        "Meta": "_Meta",
        "Records": "_Records",
    }


@pytest.mark.parametrize("module", MODULES)
def test_module_shape(schema: zgql.Schema, module: str) -> None:
    gql = schema.graphql_schema
    records = gql.get_type("_Records")
    assert isinstance(records, GraphQLObjectType)
    root = records.fields[module]
    assert {n: str(a.type) for n, a in root.args.items()} == {
        "offset": "String",
        "limit": "Int",
        "order_by": f"{module}__OrderBy",
        "where": f"{module}__Filter",
    }
    connection = gql.get_type(f"{module}__Connection")
    assert isinstance(connection, GraphQLObjectType)
    assert str(connection.fields["_data"].type) == f"[{module}__data]"
    assert str(connection.fields["_info"].type) == "info!"
    record = gql.get_type(f"{module}__data")
    assert isinstance(record, GraphQLObjectType)
    assert str(record.fields["id"].type).endswith("Value")
    for user_field in ("Owner", "Created_By", "Modified_By"):
        assert str(record.fields[user_field].type) == "Users__data"
    where = gql.get_type(f"{module}__Filter")
    assert isinstance(where, GraphQLInputObjectType)
    assert str(where.fields["and"].type) == f"[{module}__Filter]"


def test_documented_examples_shapes(schema: zgql.Schema) -> None:
    gql = schema.graphql_schema
    users = gql.get_type("Users__data")
    assert isinstance(users, GraphQLObjectType) and {"id", "email"} <= set(users.fields)
    leads = gql.get_type("Leads__data")
    assert isinstance(leads, GraphQLObjectType)
    subform = leads.fields["Subform_1__r"]
    assert set(subform.args) == {"offset", "limit"}
    what = gql.get_type("Tasks__data").fields["What_Id"].type  # type: ignore[union-attr]
    assert isinstance(what, GraphQLUnionType)
    appointment_for = gql.get_type("Appointments__s__data").fields["Appointment_For"].type  # type: ignore[union-attr]
    assert isinstance(appointment_for, GraphQLUnionType)
    assert {t.name for t in appointment_for.types} == {
        "Leads__data",
        "Contacts__data",
        "Accounts__data",
        "Deals__data",
    }
    operators = gql.get_type("_StringOperators")
    assert isinstance(operators, GraphQLInputObjectType)
    assert set(operators.fields) == {"equals", "not_equals", "like", "not_like", "in", "not_in"}
    assert isinstance(gql.get_type("_FloatOperators").fields["in"].type, GraphQLList)  # type: ignore[union-attr]


def test_meta_resources(schema: zgql.Schema) -> None:
    meta = schema.graphql_schema.get_type("_Meta")
    assert isinstance(meta, GraphQLObjectType)
    assert set(meta.fields) == {
        "Modules",
        "Users",
        "KanbanView",
        "UserProperties",
        "ProfilePermissions",
        "Profiles",
        "Roles",
        "Widgets",
    }
    assert str(meta.fields["KanbanView"].args["filter"].type) == "FieldFilter!"


def test_metadata_carries_every_module(schema: zgql.Schema) -> None:
    assert set(MODULES) | {"Users", "Subform_1"} <= set(schema.metadata.modules)
    assert schema.metadata.field("Leads", "Description").data_type == "textarea"  # type: ignore[union-attr]
    assert schema.metadata.source["kind"] == "reconstructed"


def test_the_provenance_table_names_every_shared_type(schema: zgql.Schema) -> None:
    """schema/README.md's provenance table says where each type not made per module comes
    from: every type of `_Meta` and every shared record type (wrappers, operators, info)."""
    readme = (ROOT / "schema" / "README.md").read_text(encoding="utf-8")
    table = readme[readme.index("## Provenance") : readme.index("## Documented, and reconstructed")]
    named = set(re.findall(r"`([A-Za-z_]+)", table))
    per_module = re.compile(r".+__(data|Connection|Filter|OrderBy|union)$|^_Records$|^Query$")
    shared = [
        name
        for name in schema.graphql_schema.type_map
        if not name.startswith("__")
        and not per_module.match(name)
        and name not in ("String", "Int", "Float", "Boolean", "ID")
    ]
    assert len(shared) > 50
    assert [name for name in shared if name not in named] == []
