"""Compiling the cost index from graphql-core's schema: run once per schema, when the cache
misses (the index itself, and its JSON form, are in :mod:`zgql._schema._index`, which imports
no graphql-core)."""

from __future__ import annotations

from collections import deque

from graphql import (
    GraphQLField,
    GraphQLInputObjectType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLSchema,
    GraphQLUnionType,
    get_named_type,
)

from zgql._cost_table import CostTable
from zgql._schema._index import (
    DATA_FIELD,
    META_FIELD,
    PRICE_KIND,
    RECORD_SUFFIX,
    RECORDS_FIELD,
    RELATION_SUFFIX,
    RELATIONS,
    SHAPE_PRICE,
    USER_RECORD,
    CostIndex,
    FieldSpec,
    Kind,
)
from zgql._schema._metadata import Metadata

__all__ = ["compile_index"]


def compile_index(schema: GraphQLSchema, metadata: Metadata, table: CostTable) -> CostIndex:
    """Classify every field reachable from ``Query.Records`` and ``Query.Meta``."""
    query = schema.query_type
    index = CostIndex(query_type=query.name if query else "Query")
    if query is None:
        return index
    index.possible_types.update(
        (t.name, frozenset(m.name for m in schema.get_possible_types(t)))
        for t in schema.type_map.values()
        if isinstance(t, GraphQLUnionType)
    )
    compiler = _Compiler(schema, index, metadata, table)
    for name, gql_field in query.fields.items():
        named = get_named_type(gql_field.type)
        if name == RECORDS_FIELD and isinstance(named, GraphQLObjectType):
            index.records[query.name] = {name: FieldSpec(Kind.RECORDS, named.name)}
            compiler.compile_records_root(named)
        elif name == META_FIELD and isinstance(named, GraphQLObjectType):
            index.meta.setdefault(query.name, {})[name] = FieldSpec(Kind.META, named.name)
            compiler.compile_meta(named)
    return index


def _data_item(connection: GraphQLObjectType) -> GraphQLObjectType | None:
    """The item type of a collection's ``_data`` list, or None when ``connection`` is none."""
    data = connection.fields.get(DATA_FIELD)
    if data is None:
        return None
    listed = data.type.of_type if isinstance(data.type, GraphQLNonNull) else data.type
    if not isinstance(listed, GraphQLList):
        return None
    named = get_named_type(listed.of_type)
    return named if isinstance(named, GraphQLObjectType) else None


class _Compiler:
    def __init__(
        self, schema: GraphQLSchema, index: CostIndex, metadata: Metadata, table: CostTable
    ) -> None:
        self.schema, self.index, self.metadata, self.table = schema, index, metadata, table
        self.pending: deque[GraphQLObjectType] = deque()

    # -- records -------------------------------------------------------------------------------

    def compile_records_root(self, records: GraphQLObjectType) -> None:
        roots: dict[str, FieldSpec] = {}
        for name, gql_field in records.fields.items():
            connection = get_named_type(gql_field.type)
            item = _data_item(connection) if isinstance(connection, GraphQLObjectType) else None
            if item is None:
                roots[name] = FieldSpec(Kind.PLAIN, connection.name)
                continue
            where = gql_field.args.get("where")
            where_type = get_named_type(where.type) if where else None
            roots[name] = FieldSpec(
                Kind.ROOT,
                connection.name,
                price="root-resource",
                record_types=(item.name,),
                where_type=where_type.name if where_type else None,
            )
            self._compile_connection(connection, item)
            if isinstance(where_type, GraphQLInputObjectType):
                self._compile_filter(where_type, _module_of(item.name))
        self.index.records[records.name] = roots
        while self.pending:
            record = self.pending.popleft()
            if record.name not in self.index.records:
                self._compile_record(record)

    def _compile_connection(self, connection: GraphQLObjectType, item: GraphQLObjectType) -> None:
        if connection.name in self.index.records:
            return
        specs = {
            name: FieldSpec(Kind.PLAIN, get_named_type(f.type).name)
            for name, f in connection.fields.items()
        }
        specs[DATA_FIELD] = FieldSpec(Kind.DATA, item.name, record_types=(item.name,))
        self.index.records[connection.name] = specs
        self.pending.append(item)

    def _compile_record(self, record: GraphQLObjectType) -> None:
        module = _module_of(record.name)
        self.index.records[record.name] = {
            name: self._record_field(module, name, gql_field)
            for name, gql_field in record.fields.items()
        }

    def _record_field(self, module: str, name: str, gql_field: GraphQLField) -> FieldSpec:
        meta = self.metadata.field(module, name)
        if meta is None and name.endswith(RELATION_SUFFIX):
            meta = self.metadata.field(module, name[: -len(RELATION_SUFFIX)])
        data_type = meta.data_type if meta else None
        named = get_named_type(gql_field.type)
        shape_kind, record_types = self._shape(named)
        if data_type is None:
            kind = shape_kind
            price = SHAPE_PRICE.get(kind)
            if kind is Kind.PARENT_LOOKUP and record_types == (USER_RECORD,):
                price = "user-lookup"
        else:
            price = self.table.data_type_kinds.get(data_type)
            kind = PRICE_KIND[price] if price else Kind.PLAIN
        return FieldSpec(
            kind,
            named.name,
            price=price,
            record_types=record_types if kind in RELATIONS else (),
            data_type=data_type,
            textarea=data_type in self.table.textarea_types,
            unsupported=self._unsupported(module, name, data_type),
        )

    def _shape(self, named: object) -> tuple[Kind, tuple[str, ...]]:
        """The kind a field's type implies when no metadata says, and the records it leads to."""
        if isinstance(named, GraphQLUnionType):
            members = sorted(self.schema.get_possible_types(named), key=lambda t: t.name)
            self.pending.extend(members)
            return Kind.MULTI_MODULE_LOOKUP, tuple(m.name for m in members)
        if not isinstance(named, GraphQLObjectType):
            return Kind.PLAIN, ()
        item = _data_item(named)
        if item is not None:
            self._compile_connection(named, item)
            return Kind.CHILD_RELATION, (item.name,)
        if named.name.endswith(RECORD_SUFFIX):
            self.pending.append(named)
            return Kind.PARENT_LOOKUP, (named.name,)
        return Kind.PLAIN, ()

    def _unsupported(self, module: str, name: str, data_type: str | None) -> str | None:
        reason = self.table.field_fact(self.table.unsupported_fields, module, name)
        if reason is None and data_type in self.table.unsupported_types:
            reason = f"fields of data type {data_type} cannot be queried through GraphQL"
        return reason

    def _compile_filter(self, where: GraphQLInputObjectType, module: str) -> None:
        reasons: dict[str, str] = {}
        for name in where.fields:
            reason = self._unfilterable(module, name)
            if reason:
                reasons[name] = reason
        self.index.unfilterable[where.name] = reasons

    def _unfilterable(self, module: str, name: str) -> str | None:
        reason = self.table.field_fact(self.table.unfilterable_fields, module, name)
        meta = self.metadata.field(module, name)
        if reason or meta is None:
            return reason
        if meta.data_type in self.table.unfilterable_types:
            return f"fields of data type {meta.data_type} cannot be used in a filter"
        if meta.encrypted:
            return "encrypted fields cannot be used in a filter"
        if meta.external_id:
            return "external id fields cannot be used in a filter"
        return None

    # -- metadata ------------------------------------------------------------------------------

    def compile_meta(self, root: GraphQLObjectType) -> None:
        seen: set[str] = set()
        queue: deque[GraphQLObjectType] = deque([root])
        while queue:
            current = queue.popleft()
            if current.name in seen:
                continue
            seen.add(current.name)
            specs: dict[str, FieldSpec] = {}
            for name, gql_field in current.fields.items():
                named = get_named_type(gql_field.type)
                specs[name] = self._meta_field(name, named.name)
                if isinstance(named, GraphQLObjectType):
                    queue.append(named)
            self.index.meta[current.name] = specs

    def _meta_field(self, name: str, type_name: str) -> FieldSpec:
        free = name == DATA_FIELD or (type_name == "User" and name in self.table.free_user_fields)
        if type_name in self.table.meta_points and not free:
            return FieldSpec(Kind.META_RESOURCE, type_name, price=type_name)
        return FieldSpec(Kind.PLAIN, type_name)


def _module_of(record_type: str) -> str:
    return record_type.removesuffix(RECORD_SUFFIX)
