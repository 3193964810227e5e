"""Build the bundled Zoho CRM schema from its field metadata.

Inputs (in this folder):
  zoho-crm-enterprise.metadata.json   modules and fields with Zoho's data types (reconstructed)
  source/meta.graphql                 the _Meta part, from Zoho's documented SDL

Outputs (in this folder):
  zoho-crm-enterprise.introspection.json   the schema zgql loads (standard introspection JSON)
  zoho-crm-enterprise.graphql              the same schema as SDL, for people to read

Run ``python schema/build.py`` after editing an input; ``--check`` exits 1 when an output is
not what the inputs make (the test suite runs it). The records part follows the documented
naming: ``{Module}__Connection``, ``{Module}__data``, ``{Module}__Filter``, ``{Module}__OrderBy``,
``_Records``; see schema/README.md for what is documented and what is reconstructed.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from graphql import build_schema, introspection_from_schema, print_schema

HERE = Path(__file__).resolve().parent
NAME = "zoho-crm-enterprise"
METADATA = HERE / f"{NAME}.metadata.json"
META_SDL = HERE / "source" / "meta.graphql"
INTROSPECTION = HERE / f"{NAME}.introspection.json"
SDL = HERE / f"{NAME}.graphql"

USERS = "Users"  # the user record type behind Owner, Created_By, Modified_By and user lookups

# Value wrapper of each scalar data type: fields are selected as `Field { value }`.
VALUE_TYPES = {
    "bigint": "_LongValue",
    "integer": "_IntValue",
    "double": "_FloatValue",
    "currency": "_FloatValue",
    "decimal": "_FloatValue",
    "percent": "_FloatValue",
    "boolean": "_BooleanValue",
    "date": "_DateValue",
    "datetime": "_DateTimeValue",
    "multiselectpicklist": "_StringListValue",
}
STRING_VALUE = "_StringValue"

# Operator input of each filterable data type (strings unless listed). Zoho's published
# Products__Filter (filter-response page) gives the types: ids, dates and date-times
# _DateLongOperators, currency and double _FloatOperators, booleans _BooleanOperators, text and
# pick lists _StringOperators.
OPERATOR_TYPES = {
    "bigint": "_DateLongOperators",  # Zoho's Products__Filter types `id` as _DateLongOperators
    "date": "_DateLongOperators",
    "datetime": "_DateLongOperators",
    "integer": "_IntOperators",
    "double": "_FloatOperators",
    "currency": "_FloatOperators",
    "decimal": "_FloatOperators",
    "percent": "_FloatOperators",
    "boolean": "_BooleanOperators",
}
# Data types with no member in `__Filter` or `__OrderBy`: relations, lookups (Zoho's published
# Products__Filter and Products__OrderBy list none of Products' five lookups) and the types
# GraphQL cannot return at all.
NOT_COMPARABLE = {
    "lookup",
    "ownerlookup",
    "userlookup",
    "subform",
    "multi_module_lookup",
    "multiselectlookup",
    "multiuserlookup",
    "imageupload",
    "fileupload",
    "profileimage",
    "rollup_summary",
    "multi_date_select",
    "territories",
    "consent_lookup",
    "lineitem",
    "pricing_details",
    "event_reminder",
}
# Textareas, multi-select pick lists (Products' Tax) and tags stay in `__Filter` although Zoho
# cannot filter on them, so that `unfilterable-field` says why (zoho.toml's unfilterable rules
# catch each one); they are sortable, as Zoho's Products__OrderBy shows (Description, Tax, Tag).
RELATED_SUFFIX = "__r"


SHARED_SDL = """
type Query {
  "Metadata of the org."
  Meta: _Meta
  "Records, one field per module the profile can read."
  Records: _Records
}

"Pagination of a records connection."
type info {
  next_offset: String
  previous_offset: String
  more_records: Boolean
}

type _StringValue { value: String }
type _StringListValue { value: [String] }
type _LongValue { value: Long }
type _IntValue { value: Int }
type _FloatValue { value: Float }
type _BooleanValue { value: Boolean }
type _DateValue { value: String }
type _DateTimeValue { value: String }

input _StringOperators {
  equals: String
  not_equals: String
  like: String
  not_like: String
  in: [String]
  not_in: [String]
}

input _IntOperators {
  equals: Int
  not_equals: Int
  greater_than: Int
  greater_equal: Int
  less_than: Int
  less_equal: Int
  in: [Int]
  not_in: [Int]
}

input _FloatOperators {
  equals: Float
  not_equals: Float
  greater_than: Float
  greater_equal: Float
  less_than: Float
  less_equal: Float
  in: [Float]
  not_in: [Float]
}

"Dates, date-times and ids (Zoho types ids with this operator input)."
input _DateLongOperators {
  equals: Long
  not_equals: Long
  greater_than: Long
  greater_equal: Long
  less_than: Long
  less_equal: Long
  in: [Long]
  not_in: [Long]
}

input _BooleanOperators {
  equals: Boolean
  not_equals: Boolean
}

input _OrderByClause { order: _ResultOrder }
enum _ResultOrder { ASC DESC }
"""


def _description(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def _field_type(module: dict[str, Any], field: dict[str, Any]) -> tuple[str, str] | None:
    """The GraphQL (field name, type) of one Zoho field, or None when it has no record shape."""
    api_name, data_type = field["api_name"], field["data_type"]
    if data_type in ("lookup", "ownerlookup", "userlookup"):
        target = USERS if data_type != "lookup" else field["lookup"]["module"]["api_name"]
        return api_name, f"{target}__data"
    if data_type == "subform":
        target = field["subform"]["module"]["api_name"]
        return f"{api_name}__r(offset: String, limit: Int)", f"{target}__Connection"
    if data_type == "multi_module_lookup":
        return api_name, f"{module['api_name']}__{api_name}__union"
    if data_type in ("multiselectlookup", "multiuserlookup"):
        # Reconstructed: a connection of the linked records, like a subform's (reference §2.1).
        return (
            f"{api_name}__r(offset: String, limit: Int)",
            f"{module['api_name']}__{api_name}__Connection",
        )
    return api_name, VALUE_TYPES.get(data_type, STRING_VALUE)


def _records_types(module: dict[str, Any], known: set[str], roots: set[str]) -> Iterator[str]:
    name = module["api_name"]
    lines = [
        f"  {_description(field['field_label'] + ' (' + field['data_type'] + ')')}\n"
        f"  {shape[0]}: {shape[1]}"
        for field in module["fields"]
        if (shape := _field_type(module, field)) and _target_known(field, known)
    ] + _related_lists(module, roots)
    yield f"type {name}__data {{\n" + "\n".join(lines) + "\n}"
    yield f"type {name}__Connection {{\n  _data: [{name}__data]\n  _info: info!\n}}"
    for field in module["fields"]:
        if field["data_type"] in ("multiselectlookup", "multiuserlookup"):
            linked = (
                field.get("multiselectlookup", {})
                .get("connected_module", {})
                .get("api_name", USERS)
            )
            yield (
                f"type {name}__{field['api_name']}__Connection {{\n"
                f"  _data: [{linked}__data]\n  _info: info!\n}}"
            )
        if field["data_type"] == "multi_module_lookup":
            members = [m["api_name"] for m in field["multi_module_lookup"]["modules"]]
            members = [f"{m}__data" for m in members if m in known]
            yield f"union {name}__{field['api_name']}__union = " + " | ".join(members)


def _target_known(field: dict[str, Any], known: set[str]) -> bool:
    for key in ("lookup", "subform"):
        if key in field:
            return bool(field[key]["module"]["api_name"] in known)
    return True


def _filter_and_order(module: dict[str, Any]) -> Iterator[str]:
    """`{Module}__Filter` and `{Module}__OrderBy`: the comparable fields, less those whose field
    metadata says ``filterable: false`` / ``sortable: false`` (Zoho's own flags)."""
    name = module["api_name"]
    filters, orders = [], []
    for field in module["fields"]:
        data_type = field["data_type"]
        if data_type in NOT_COMPARABLE:
            continue
        if field.get("filterable", True):
            operators = OPERATOR_TYPES.get(data_type, "_StringOperators")
            filters.append(f"  {field['api_name']}: {operators}")
        if field.get("sortable", True):
            orders.append(f"  {field['api_name']}: _OrderByClause")
    filters += [f"  and: [{name}__Filter]", f"  or: [{name}__Filter]"]
    yield f"input {name}__Filter {{\n" + "\n".join(filters) + "\n}"
    yield f"input {name}__OrderBy {{\n" + "\n".join(orders) + "\n}"


def _related_lists(module: dict[str, Any], roots: set[str]) -> list[str]:
    """`Name__r(offset, limit)` members of a record type: its related lists that GraphQL serves
    (reconstructed: the lookup-backed ones, as Zoho's `Deals__r` on Contacts), each a connection
    of the related module's records, paged like a subform."""
    lines = []
    for related in module.get("related_lists", []):
        target = (related.get("module") or {}).get("api_name")
        if related.get("graphql_queryable") and target in roots:
            label = f"{related['display_label']} (related list)"
            lines.append(
                f"  {_description(label)}\n"
                f"  {related['api_name']}{RELATED_SUFFIX}(offset: String, limit: Int): "
                f"{target}__Connection"
            )
    return lines


def is_records_root(module: dict[str, Any]) -> bool:
    """A module that has a field under `_Records` (subforms and Users do not)."""
    return bool(module["generated_type"] != "subform" and module["api_name"] != USERS)


def records_sdl(metadata: dict[str, Any]) -> str:
    modules = metadata["modules"]
    known = {m["api_name"] for m in modules}
    root_names = {m["api_name"] for m in modules if is_records_root(m)}
    parts = [SHARED_SDL]
    roots = []
    for module in modules:
        parts.extend(_records_types(module, known, root_names))
        if is_records_root(module):
            parts.extend(_filter_and_order(module))
            name = module["api_name"]
            roots.append(
                f"  {_description(module['plural_label'])}\n"
                f"  {name}(offset: String, limit: Int, order_by: {name}__OrderBy, "
                f"where: {name}__Filter): {name}__Connection"
            )
    parts.append("type _Records {\n" + "\n".join(roots) + "\n}")
    return "\n\n".join(parts)


def build() -> tuple[str, str]:
    """The (introspection JSON, SDL) texts the inputs make."""
    metadata = json.loads(METADATA.read_text(encoding="utf-8"))
    schema = build_schema(records_sdl(metadata) + "\n\n" + META_SDL.read_text(encoding="utf-8"))
    introspection = introspection_from_schema(schema)
    return json.dumps(introspection, indent=1, sort_keys=True) + "\n", print_schema(schema) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if an output is stale")
    args = parser.parse_args(argv)
    introspection, sdl = build()
    stale = [
        path.name
        for path, text in ((INTROSPECTION, introspection), (SDL, sdl))
        if not path.exists() or path.read_text(encoding="utf-8") != text
    ]
    if args.check:
        for name in stale:
            print(f"schema/{name} is stale: run python schema/build.py", file=sys.stderr)
        return 1 if stale else 0
    INTROSPECTION.write_text(introspection, encoding="utf-8")
    SDL.write_text(sdl, encoding="utf-8")
    print(f"wrote {INTROSPECTION.name} and {SDL.name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
