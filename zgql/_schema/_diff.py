"""``zgql schema diff OLD NEW``: what changed between two schemas, as it matters to a query.

Besides what any GraphQL schema diff shows — types, fields, arguments, input members and enum
values added or removed, fields whose type changed — it shows what only zgql knows: fields whose
resource kind changed, and so their price (a lookup that became a child relation costs 50
points, not 25), fields that became textareas or unsupported, and which members of a module's
``__Filter`` and ``__OrderBy`` came or went (what ``where`` and ``order_by`` may use).
``zgql check --schema NEW --compare-schema OLD`` then says what the change does to the
repository's queries.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from graphql import (
    GraphQLEnumType,
    GraphQLInputObjectType,
    GraphQLInterfaceType,
    GraphQLNamedType,
    GraphQLObjectType,
    GraphQLSchema,
    GraphQLUnionType,
)

from zgql._schema._index import FieldSpec, Kind
from zgql._schema._load import Schema

__all__ = ["Change", "diff_schemas", "render_diff"]

_ORDER = {"-": 0, "~": 1, "+": 2}


@dataclass(frozen=True, slots=True, order=True)
class Change:
    """One difference: ``sign`` is ``-`` (removed), ``+`` (added) or ``~`` (changed); ``what``
    says what kind of thing (``field``, ``filter member``, ``price``...), ``where`` names it,
    ``detail`` says how it changed."""

    where: str
    sign: str
    what: str
    detail: str = ""


def diff_schemas(old: Schema, new: Schema, prices: Mapping[str, int]) -> list[Change]:
    """Every change from ``old`` to ``new``, sorted by what it concerns. ``prices`` are the
    points of each price key (record kinds, the user-lookup reading, ``_Meta`` types)."""
    changes = [
        *_types(old.graphql_schema, new.graphql_schema),
        *_costs(old, new, prices),
    ]
    return sorted(changes, key=lambda c: (c.where, _ORDER[c.sign], c.what))


def render_diff(changes: list[Change], format: str) -> str:  # noqa: A002 - the option's name
    """The changes as ``text`` (a line each, ``-``/``~``/``+`` first) or ``json``."""
    if format == "json":
        rows = [
            {
                "change": {"-": "removed", "+": "added", "~": "changed"}[c.sign],
                "what": c.what,
                "where": c.where,
                "detail": c.detail,
            }
            for c in changes
        ]
        return json.dumps(rows, indent=2, ensure_ascii=False) + "\n"
    if not changes:
        return "The schemas are the same.\n"
    width = max(len(c.what) for c in changes)
    lines = [
        f"{c.sign} {c.what:<{width}}  {c.where}{': ' + c.detail if c.detail else ''}"
        for c in changes
    ]
    return "\n".join(lines) + f"\n{len(changes)} change{'s' * (len(changes) != 1)}.\n"


# -- the GraphQL side ---------------------------------------------------------------------------


def _types(old: GraphQLSchema, new: GraphQLSchema) -> Iterator[Change]:
    before, after = _named(old), _named(new)
    for name in before.keys() - after.keys():
        yield Change(name, "-", "type", _kind(before[name]))
    for name in after.keys() - before.keys():
        yield Change(name, "+", "type", _kind(after[name]))
    for name in before.keys() & after.keys():
        yield from _members(before[name], after[name])


def _named(schema: GraphQLSchema) -> dict[str, GraphQLNamedType]:
    return {name: t for name, t in schema.type_map.items() if not name.startswith("__")}


def _kind(named: GraphQLNamedType) -> str:
    return type(named).__name__.removeprefix("GraphQL").removesuffix("Type").lower()


def _members(old: GraphQLNamedType, new: GraphQLNamedType) -> Iterator[Change]:
    if type(old) is not type(new):
        yield Change(old.name, "~", "type", f"{_kind(old)} → {_kind(new)}")
    elif isinstance(old, GraphQLObjectType | GraphQLInterfaceType):
        assert isinstance(new, GraphQLObjectType | GraphQLInterfaceType)
        yield from _fields(old, new)
    elif isinstance(old, GraphQLInputObjectType):
        assert isinstance(new, GraphQLInputObjectType)
        what = _input_member(old.name)
        yield from _keyed(old.name, what, _typed(old.fields), _typed(new.fields))
    elif isinstance(old, GraphQLEnumType):
        assert isinstance(new, GraphQLEnumType)
        yield from _keyed(
            old.name, "enum value", dict.fromkeys(old.values, ""), dict.fromkeys(new.values, "")
        )
    elif isinstance(old, GraphQLUnionType):
        assert isinstance(new, GraphQLUnionType)
        members = (dict.fromkeys((t.name for t in side.types), "") for side in (old, new))
        yield from _keyed(old.name, "union member", *members)


def _input_member(type_name: str) -> str:
    if type_name.endswith("__Filter"):
        return "filter member"
    if type_name.endswith("__OrderBy"):
        return "sort member"
    return "input member"


def _typed(fields: Mapping[str, object]) -> dict[str, str]:
    return {name: str(getattr(f, "type", "")) for name, f in fields.items()}


def _keyed(owner: str, what: str, old: dict[str, str], new: dict[str, str]) -> Iterator[Change]:
    """Members added, removed, or of another type, by name."""
    for name in old.keys() - new.keys():
        yield Change(f"{owner}.{name}", "-", what, old[name])
    for name in new.keys() - old.keys():
        yield Change(f"{owner}.{name}", "+", what, new[name])
    for name in old.keys() & new.keys():
        if old[name] != new[name]:
            yield Change(f"{owner}.{name}", "~", what, f"{old[name]} → {new[name]}")


def _fields(
    old: GraphQLObjectType | GraphQLInterfaceType, new: GraphQLObjectType | GraphQLInterfaceType
) -> Iterator[Change]:
    yield from _keyed(old.name, "field", _typed(old.fields), _typed(new.fields))
    for name in old.fields.keys() & new.fields.keys():
        where = f"{old.name}.{name}"
        args = (_typed(side.fields[name].args) for side in (old, new))
        yield from (
            Change(f"{where}({c.where.rsplit('.', 1)[1]})", c.sign, "argument", c.detail)
            for c in _keyed(where, "argument", *args)
        )


# -- what zgql's cost index says ----------------------------------------------------------------


def _costs(old: Schema, new: Schema, prices: Mapping[str, int]) -> Iterator[Change]:
    """Fields present in both whose price, textarea status or support changed."""
    for side in ("records", "meta"):
        before, after = getattr(old.cost_index, side), getattr(new.cost_index, side)
        for type_name in before.keys() & after.keys():
            for name in before[type_name].keys() & after[type_name].keys():
                was, now = before[type_name][name], after[type_name][name]
                yield from _spec_changes(f"{type_name}.{name}", was, now, prices)


def _spec_changes(
    where: str, was: FieldSpec, now: FieldSpec, prices: Mapping[str, int]
) -> Iterator[Change]:
    if (was.kind, was.price) != (now.kind, now.price):
        yield Change(where, "~", "price", f"{_priced(was, prices)} → {_priced(now, prices)}")
    if was.textarea != now.textarea:
        detail = (
            "now a textarea (counts toward textareas-per-resource)"
            if now.textarea
            else ("no longer a textarea")
        )
        yield Change(where, "~", "textarea", detail)
    if was.unsupported != now.unsupported:
        detail = f"now unsupported: {now.unsupported}" if now.unsupported else "now supported"
        yield Change(where, "~", "support", detail)


def _priced(spec: FieldSpec, prices: Mapping[str, int]) -> str:
    if spec.kind in (Kind.PLAIN, Kind.DATA, Kind.RECORDS, Kind.META) or spec.price is None:
        return f"{spec.kind.value}, 0 points"
    return f"{spec.kind.value}, {prices.get(spec.price, 0)} points"
