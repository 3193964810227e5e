"""Random queries that validate against a Zoho CRM schema, for property tests and benchmarks.

A query is generated as a tree and rendered to text; the same tree renders with named
fragments or with other alias names, so that tests can compare figures across spellings of
one executed shape. The generator reads the GraphQL schema's shapes (``{ value }`` wrappers,
``__data`` records, ``_data`` connections, unions) and never the cost index it tests.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from itertools import count

from graphql import (
    GraphQLInputObjectType,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLSchema,
    GraphQLUnionType,
    get_named_type,
    is_leaf_type,
)

from zgql._schema import Schema

__all__ = ["QueryTree", "Selection", "random_query"]

_OPERATOR_VALUES = {
    "_StringOperators": ("like", '"A%"'),
    "_IntOperators": ("greater_than", "1"),
    "_FloatOperators": ("less_than", "100.5"),
    "_DateLongOperators": ("greater_equal", '"1700000000000"'),
    "_BooleanOperators": ("equals", "true"),
}


@dataclass
class Selection:
    """A field (``name``) or an inline fragment (``name`` None, ``on`` its type condition)."""

    name: str | None
    on: str  # the type the children are selected on
    alias: str | None = None
    arguments: str = ""
    children: list[Selection] = field(default_factory=list)

    def response_key(self) -> str:
        return self.alias or self.name or ""


@dataclass
class QueryTree:
    """A generated operation: its top-level selections on ``Query``."""

    selections: list[Selection]
    query_type: str = "Query"

    def render(self, *, fragments: bool = False, alias_prefix: str = "a") -> str:
        """The operation as text; with ``fragments``, every selection set is a named fragment."""
        names = count(1)
        defined: list[str] = []

        def block(owner: Selection | QueryTree, type_name: str, indent: str) -> str:
            children = owner.selections if isinstance(owner, QueryTree) else owner.children
            body = "".join(item(child, indent + "  ") for child in children)
            if fragments and isinstance(owner, Selection):
                name = f"F{next(names)}"
                defined.append(f"fragment {name} on {type_name} {{\n{body}}}\n")
                return f"{{ ...{name} }}"
            return "{\n" + body + indent + "}"

        def item(selection: Selection, indent: str) -> str:
            if selection.name is None:
                return f"{indent}... on {selection.on} {block(selection, selection.on, indent)}\n"
            alias = f"{alias_prefix}_{selection.alias}: " if selection.alias else ""
            head = f"{indent}{alias}{selection.name}{selection.arguments}"
            if not selection.children:
                return head + "\n"
            return f"{head} {block(selection, selection.on, indent)}\n"

        operation = "query " + block(self, self.query_type, "") + "\n"
        return operation + "".join(defined)

    def __str__(self) -> str:
        return self.render()

    def selection_sets(self) -> list[Selection]:
        """Every selection that has children, outermost first (for tests that edit the tree)."""
        found: list[Selection] = []
        pending = list(self.selections)
        while pending:
            current = pending.pop(0)
            if current.children:
                found.append(current)
                pending.extend(current.children)
        return found


def random_query(
    schema: Schema | GraphQLSchema,
    rng: random.Random,
    *,
    fields: int = 20,
    roots: int | None = None,
    meta: bool | None = None,
    max_level: int = 3,
) -> QueryTree:
    """A query that validates against ``schema``, of about ``fields`` scalar fields.

    ``roots`` record modules (default: 1–3), a ``Meta`` part when ``meta`` (default: one query
    in four), lookups and child relations down to record level ``max_level`` (raise it to make
    queries that break the depth limit). ``schema``: a :class:`zgql.Schema` or its graphql-core
    schema. ``str(tree)`` (or ``tree.render()``) is the query's text.
    """
    graphql_schema = schema.graphql_schema if isinstance(schema, Schema) else schema
    return _Generator(graphql_schema, rng, max_level).query(fields, roots, meta)


class _Generator:
    def __init__(self, schema: GraphQLSchema, rng: random.Random, max_level: int) -> None:
        self.schema, self.rng, self.max_level = schema, rng, max_level
        self.aliases = count(1)
        query = schema.query_type
        assert query is not None
        self.query_type = query

    def query(self, fields: int, roots: int | None, meta: bool | None) -> QueryTree:
        selections: list[Selection] = []
        records = get_named_type(self.query_type.fields["Records"].type)
        assert isinstance(records, GraphQLObjectType)
        modules = sorted(records.fields)
        chosen = roots if roots is not None else self.rng.randint(1, 3)
        picked = [self.rng.choice(modules) for _ in range(chosen)]
        per_root = max(1, fields // max(1, chosen))
        root_selections = [self._root(records, name, per_root) for name in picked]
        selections.append(Selection("Records", records.name, children=root_selections))
        if meta if meta is not None else self.rng.random() < 0.25:
            meta_type = get_named_type(self.query_type.fields["Meta"].type)
            assert isinstance(meta_type, GraphQLObjectType)
            selections.append(self._meta(meta_type, "Meta", depth=1))
        return QueryTree(selections, self.query_type.name)

    def _alias(self, taken: set[str], name: str) -> str | None:
        if name not in taken and self.rng.random() > 0.1:
            return None
        return f"x{next(self.aliases)}"

    def _root(self, records: GraphQLObjectType, module: str, fields: int) -> Selection:
        root_field = records.fields[module]
        connection = get_named_type(root_field.type)
        assert isinstance(connection, GraphQLObjectType)
        arguments = self._root_arguments(root_field.args)
        data = self._records(connection, fields, level=1)
        children = [data]
        if self.rng.random() < 0.3:
            children.append(Selection("_info", "info", children=[Selection("more_records", "")]))
        alias = f"x{next(self.aliases)}"  # the same module may be picked twice
        return Selection(
            module, connection.name, alias=alias, arguments=arguments, children=children
        )

    def _root_arguments(self, args: dict[str, object]) -> str:
        parts = []
        if self.rng.random() < 0.4:
            parts.append(f"limit: {self.rng.randint(1, 100)}")
        where = args.get("where")
        if where is not None and self.rng.random() < 0.3:
            filter_type = get_named_type(where.type)  # type: ignore[attr-defined]
            parts.append(f"where: {self._where(filter_type)}")
        return f"({', '.join(parts)})" if parts else ""

    def _where(self, filter_type: object) -> str:
        assert isinstance(filter_type, GraphQLInputObjectType)
        usable = [
            (name, _OPERATOR_VALUES[get_named_type(f.type).name])
            for name, f in filter_type.fields.items()
            if get_named_type(f.type).name in _OPERATOR_VALUES
        ]
        picked = self.rng.sample(usable, min(len(usable), self.rng.randint(1, 4)))
        terms = [f"{{ {name}: {{ {op}: {value} }} }}" for name, (op, value) in picked]
        return f"{{ and: [{', '.join(terms)}] }}"

    def _records(self, connection: GraphQLObjectType, fields: int, level: int) -> Selection:
        record = get_named_type(connection.fields["_data"].type)
        assert isinstance(record, GraphQLObjectType)
        return Selection(
            "_data",
            record.name,
            children=self._record_fields(record, fields, level, at_root=level == 1),
        )

    def _record_fields(
        self, record: GraphQLObjectType, fields: int, level: int, *, at_root: bool
    ) -> list[Selection]:
        scalars, relations = [], []
        for name, gql_field in record.fields.items():
            named = get_named_type(gql_field.type)
            if isinstance(named, GraphQLObjectType) and "value" in named.fields:
                scalars.append((name, named.name))
            elif level < self.max_level:
                relations.append((name, named))
        chosen: list[Selection] = []
        taken: set[str] = set()
        for name, wrapper in self.rng.sample(scalars, min(len(scalars), max(1, fields))):
            chosen.append(self._scalar(name, wrapper, taken))
        budget = self.rng.choice((0, 0, 1, 1, 2, 3))
        for name, named in self.rng.sample(relations, min(len(relations), budget)):
            child = self._relation(name, named, level, at_root=at_root)
            if child is not None:
                chosen.insert(self.rng.randint(0, len(chosen)), child)
        return chosen

    def _scalar(self, name: str, wrapper: str, taken: set[str]) -> Selection:
        alias = self._alias(taken, name)
        taken.add(alias or name)
        return Selection(name, wrapper, alias=alias, children=[Selection("value", "")])

    def _relation(self, name: str, named: object, level: int, *, at_root: bool) -> Selection | None:
        small = self.rng.randint(1, 3)
        if isinstance(named, GraphQLUnionType):
            if not at_root:
                return None
            members = self.schema.get_possible_types(named)
            branches = [
                Selection(
                    None,
                    member.name,
                    children=self._record_fields(member, small, level + 1, at_root=False),
                )
                for member in self.rng.sample(members, min(len(members), 2))
            ]
            _apart(branches)
            return Selection(name, named.name, children=branches)
        if not isinstance(named, GraphQLObjectType):
            return None
        if "_data" in named.fields:
            if not at_root:
                return None
            limit = f"(limit: {self.rng.randint(1, 10)})" if self.rng.random() < 0.5 else ""
            data = self._records(named, small, level + 1)
            return Selection(name, named.name, arguments=limit, children=[data])
        return Selection(
            name, named.name, children=self._record_fields(named, small, level + 1, at_root=False)
        )

    def _meta(self, type_: GraphQLObjectType, name: str, depth: int) -> Selection:
        leaves: list[tuple[str, object]] = []
        objects: list[tuple[str, object]] = []
        for field_name, gql_field in type_.fields.items():
            if any(isinstance(arg.type, GraphQLNonNull) for arg in gql_field.args.values()):
                continue  # a required filter the generator cannot invent
            named = get_named_type(gql_field.type)
            (leaves if is_leaf_type(named) else objects).append((field_name, named))
        children = [Selection(n, "") for n, _ in self.rng.sample(leaves, min(len(leaves), 3))]
        if depth < 5 and objects:
            for child_name, named in self.rng.sample(objects, min(len(objects), 2)):
                assert isinstance(named, GraphQLObjectType)
                children.append(self._meta(named, child_name, depth + 1))
        if not children:
            children.append(Selection("__typename", ""))
        return Selection(name, type_.name, children=children)


def _apart(branches: list[Selection]) -> None:
    """Alias a branch's field whose response key another branch already uses for a field of
    another type (``Tax`` is a number on invoices and a list on products): GraphQL refuses to
    merge such fields, and a generated query must validate."""
    types: dict[str, str] = {}
    for branch in branches:
        for child in branch.children:
            key = child.alias or child.name
            if key is None:
                continue
            if types.setdefault(key, child.on) != child.on:
                child.alias = f"{key}_{branch.on}"
                types[child.alias] = child.on
