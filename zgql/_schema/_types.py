"""The compiled type form: what validating a document needs of the schema, as plain data.

Built straight from the introspection JSON (no graphql-core), and cached with the cost index,
so that the fast analysis path loads it in milliseconds. Types are written as GraphQL spells
them (``[Leads__data!]!``): equal strings, equal types.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

__all__ = ["Argument", "TypeForm", "types_from_introspection", "types_from_json", "types_to_json"]

# name → (type, has a default value)
Argument = tuple[str, bool]
Arguments = dict[str, Argument]

OBJECT, INTERFACE, UNION, SCALAR, ENUM, INPUT = "O", "I", "U", "S", "E", "N"
_KINDS = {
    "OBJECT": OBJECT,
    "INTERFACE": INTERFACE,
    "UNION": UNION,
    "SCALAR": SCALAR,
    "ENUM": ENUM,
    "INPUT_OBJECT": INPUT,
}


@dataclass(frozen=True, slots=True)
class TypeForm:
    """Per type: its kind, fields (type and arguments), input fields, enum values, possible
    types; and the directives the schema knows."""

    query_type: str
    kinds: dict[str, str] = field(default_factory=dict)
    fields: dict[str, dict[str, tuple[str, Arguments]]] = field(default_factory=dict)
    inputs: dict[str, Arguments] = field(default_factory=dict)
    one_of: frozenset[str] = frozenset()
    enums: dict[str, frozenset[str]] = field(default_factory=dict)
    possible: dict[str, frozenset[str]] = field(default_factory=dict)
    # name → (locations, arguments, repeatable)
    directives: dict[str, tuple[frozenset[str], Arguments, bool]] = field(default_factory=dict)


def type_string(ref: Any) -> str:
    """An introspection type reference as GraphQL writes it. Iterative: any depth."""
    wrappers: list[str] = []
    while ref.get("kind") in ("NON_NULL", "LIST"):
        wrappers.append(ref["kind"])
        ref = ref["ofType"]
    text = str(ref["name"])
    for kind in reversed(wrappers):
        text = f"{text}!" if kind == "NON_NULL" else f"[{text}]"
    return text


def _arguments(raw: Any) -> Arguments:
    return {a["name"]: (type_string(a["type"]), a.get("defaultValue") is not None) for a in raw}


def types_from_introspection(raw: Any) -> TypeForm:
    """The type form of an introspection result (``{"__schema": ...}``, or a response holding
    one). Raises ``KeyError``/``TypeError`` on another shape: the caller has validated it."""
    if "data" in raw and "__schema" not in raw:
        raw = raw["data"]
    schema = raw["__schema"]
    form = TypeForm(query_type=schema["queryType"]["name"])
    for item in schema["types"]:
        name, kind = item["name"], _KINDS[item["kind"]]
        form.kinds[name] = kind
        if kind in (OBJECT, INTERFACE):
            form.fields[name] = {
                f["name"]: (type_string(f["type"]), _arguments(f["args"])) for f in item["fields"]
            }
        if kind == OBJECT:
            form.possible[name] = frozenset((name,))
        elif kind in (INTERFACE, UNION):
            form.possible[name] = frozenset(t["name"] for t in item.get("possibleTypes") or ())
        elif kind == ENUM:
            form.enums[name] = frozenset(v["name"] for v in item["enumValues"])
        elif kind == INPUT:
            form.inputs[name] = _arguments(item["inputFields"])
    one_of = frozenset(t["name"] for t in schema["types"] if t.get("isOneOf"))
    directives = {
        d["name"]: (frozenset(d["locations"]), _arguments(d["args"]), bool(d.get("isRepeatable")))
        for d in schema.get("directives") or ()
    }
    return TypeForm(
        form.query_type,
        form.kinds,
        form.fields,
        form.inputs,
        one_of,
        form.enums,
        form.possible,
        directives,
    )


def types_to_json(form: TypeForm) -> dict[str, Any]:
    """The form as plain JSON data, for the schema cache."""
    return {
        "query_type": form.query_type,
        "kinds": form.kinds,
        "fields": form.fields,
        "inputs": form.inputs,
        "one_of": sorted(form.one_of),
        "enums": {name: sorted(values) for name, values in form.enums.items()},
        "possible": {name: sorted(types) for name, types in form.possible.items()},
        "directives": {
            name: [sorted(locations), arguments, repeatable]
            for name, (locations, arguments, repeatable) in form.directives.items()
        },
    }


def types_from_json(raw: dict[str, Any]) -> TypeForm:
    """:func:`types_to_json` undone (``KeyError``/``TypeError``/``ValueError`` on another
    shape: the cache reader's miss)."""

    def arguments(table: dict[str, Any]) -> Arguments:
        return {name: (str(t), bool(d)) for name, (t, d) in table.items()}

    return TypeForm(
        query_type=str(raw["query_type"]),
        kinds={str(k): str(v) for k, v in raw["kinds"].items()},
        fields={
            type_name: {name: (str(t), arguments(args)) for name, (t, args) in table.items()}
            for type_name, table in raw["fields"].items()
        },
        inputs={name: arguments(table) for name, table in raw["inputs"].items()},
        one_of=frozenset(raw["one_of"]),
        enums={name: frozenset(values) for name, values in raw["enums"].items()},
        possible={name: frozenset(types) for name, types in raw["possible"].items()},
        directives={
            name: (frozenset(locations), arguments(args), bool(repeatable))
            for name, (locations, args, repeatable) in raw["directives"].items()
        },
    )
