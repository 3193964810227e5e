"""The one walk over an operation's executed shape that gathers :class:`OperationFacts`.

It follows docs/cost-model.md: ``Query.Records`` leads to root resources, their ``_data`` record
selections, and from there lookups, child relations and multi-module lookups, one record level
each; ``Query.Meta`` leads to priced ``_Meta`` resources, counted by field nesting. Every field
is looked up in the compiled :class:`CostIndex`; nothing is asked of graphql-core here.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from zgql._analysis._collect import FieldCollector, selection_sets
from zgql._analysis._facts import (
    FilterArgument,
    LimitArgument,
    OperationFacts,
    RecordSelection,
    Resource,
)
from zgql._analysis._values import UNDEFINED, untyped_value
from zgql._limits import Limits
from zgql._schema._index import RELATIONS, CostIndex, FieldSpec, Kind

if TYPE_CHECKING:  # graphql-core's nodes, or the fast parser's: read by ``kind``, not type
    from graphql import ArgumentNode, FieldNode, Node, OperationDefinitionNode

__all__ = ["Walker"]

_UNKNOWN = object()  # a variable with neither a supplied value nor a default


class Walker:
    """Gathers the facts of one operation (one walker per operation)."""

    def __init__(
        self,
        index: CostIndex,
        collector: FieldCollector,
        variables: Mapping[str, Any],
        prices: Mapping[str, int],
        limits: Limits,
    ) -> None:
        self._index = index
        self._collect = collector.collect
        self._variables = variables
        self._prices = prices
        self._sum_branches = limits.interpretations.union_branches == "sum"
        self._meta_by_resources = limits.interpretations.metadata_depth_model == "resources"
        self._facts: OperationFacts

    def walk(self, operation: OperationDefinitionNode) -> OperationFacts:
        name = operation.name.value if operation.name else None
        facts = self._facts = OperationFacts(name=name, node=operation)
        query = self._index.query_type
        records, meta = self._index.records.get(query, {}), self._index.meta.get(query, {})
        for key, nodes in self._collect([operation.selection_set], query).items():
            field_name = nodes[0].name.value
            spec = records.get(field_name) or meta.get(field_name)
            if spec is None:
                continue  # __typename, __schema, __type: free and depthless
            if spec.kind is Kind.RECORDS:
                self._records(key, nodes, spec.type_name)
            elif spec.kind is Kind.META:
                self._meta_root(key, nodes, spec.type_name)
        facts.complexity = sum(resource.total for resource in facts.resources)
        return facts

    # -- records -----------------------------------------------------------------------------

    def _records(self, key: str, nodes: list[FieldNode], type_name: str) -> None:
        specs = self._index.records[type_name]
        for root_key, root_nodes in self._collect(selection_sets(nodes), type_name).items():
            spec = specs.get(root_nodes[0].name.value)
            if spec is None or spec.kind is not Kind.ROOT:
                continue
            path = f"{key}.{root_key}"
            root = Resource(
                Kind.ROOT,
                path,
                spec.record_types[0],
                self._prices[spec.price or ""],
                root_nodes[0],
                level=1,
            )
            self._arguments(root_nodes[0], spec, path, on_root=True)
            self._collection(root, root_nodes, spec.type_name, at_root=True)
            self._close(root)
            self._facts.resources.append(root)
            self._facts.records_depth = max(self._facts.records_depth, root.depth)

    def _collection(
        self, owner: Resource, nodes: list[FieldNode], connection: str, at_root: bool
    ) -> None:
        """A connection's ``_data`` selections (there may be several, under aliases)."""
        specs = self._index.records.get(connection, {})
        for data_key, data_nodes in self._collect(selection_sets(nodes), connection).items():
            spec = specs.get(data_nodes[0].name.value)
            if spec is not None and spec.kind is Kind.DATA:
                path = f"{owner.path}.{data_key}"
                self._record(
                    owner, data_nodes, spec.record_types[0], path, at_root=at_root, branch=None
                )

    def _record(
        self,
        owner: Resource,
        nodes: list[FieldNode],
        record_type: str,
        path: str,
        *,
        at_root: bool,
        branch: str | None,
    ) -> None:
        fields = self._collect(selection_sets(nodes), record_type)
        selection = RecordSelection(path, record_type, nodes[0], at_root)
        specs = self._index.records.get(record_type, {})
        for key, field_nodes in fields.items():
            field_name = field_nodes[0].name.value
            if field_name == "__typename":
                continue
            selection.field_count += 1
            spec = specs.get(field_name)
            if spec is None or (
                spec.kind is Kind.PLAIN and not spec.textarea and not spec.unsupported
            ):
                continue  # the common case: a plain field, nothing to note (and no path to build)
            field_path = f"{path}.{key}"
            if spec.unsupported:
                selection.unsupported.append((field_path, field_nodes[0], spec.unsupported))
            if spec.textarea:
                selection.textareas.append((field_path, field_nodes[0]))
            if spec.kind in RELATIONS:
                selection.relations.append((field_path, field_nodes[0], spec))
                self._relation(owner, field_nodes, spec, field_path, branch)
        if selection.field_count or branch is None:
            self._facts.selections.append(selection)

    def _relation(
        self,
        owner: Resource,
        nodes: list[FieldNode],
        spec: FieldSpec,
        path: str,
        branch: str | None,
    ) -> None:
        record_type = spec.record_types[0] if len(spec.record_types) == 1 else spec.type_name
        resource = Resource(
            spec.kind,
            path,
            record_type,
            self._prices[spec.price or ""],
            nodes[0],
            level=owner.level + 1,
            branch=branch,
        )
        owner.children.append(resource)
        if spec.kind is Kind.CHILD_RELATION:
            self._arguments(nodes[0], spec, path, on_root=False)
            self._collection(resource, nodes, spec.type_name, at_root=False)
        elif spec.kind is Kind.MULTI_MODULE_LOOKUP:
            for member in spec.record_types:
                self._record(resource, nodes, member, path, at_root=False, branch=member)
        elif spec.record_types:
            self._record(resource, nodes, spec.record_types[0], path, at_root=False, branch=None)
        self._close(resource)

    def _close(self, resource: Resource) -> None:
        """Total and depth of a resource whose children are all known."""
        children = resource.children
        resource.depth = max([resource.level, *(child.depth for child in children)])
        if resource.kind is not Kind.MULTI_MODULE_LOOKUP or self._sum_branches:
            resource.total = resource.points + sum(child.total for child in children)
            return
        branches: dict[str | None, int] = {}
        for child in children:
            branches[child.branch] = branches.get(child.branch, 0) + child.total
        resource.total = resource.points + max(branches.values(), default=0)

    def _arguments(self, node: FieldNode, spec: FieldSpec, path: str, on_root: bool) -> None:
        for argument in node.arguments or ():
            name = argument.name.value
            if name == "limit":
                value = untyped_value(argument.value, self._variables)
                if value is not UNDEFINED and value is not None:
                    self._facts.limits.append(LimitArgument(path, argument, value, on_root))
            elif name == "where" and spec.where_type:
                self._facts.filters.append(self._filter(argument, spec.where_type, path))

    # -- filters ------------------------------------------------------------------------------

    def _filter(self, argument: ArgumentNode, where_type: str, path: str) -> FilterArgument:
        found = FilterArgument(path, argument)
        self._predicates(
            argument.value, argument, found, self._index.unfilterable.get(where_type, {})
        )
        return found

    def _predicates(
        self, value: Any, at: Node, found: FilterArgument, unfilterable: Mapping[str, str]
    ) -> None:
        """Count leaf predicates of one filter object, through ``and`` / ``or``.

        ``value`` is an AST value node, or the Python value of a variable once one is met;
        ``at`` is the node a diagnostic about ``value`` points at.
        """
        value, at = self._resolve(value, at)
        for key, item, item_at in self._members(value, at):
            if key in self._index.nested_filters:
                for element, element_at in self._elements(item, item_at):
                    self._predicates(element, element_at, found, unfilterable)
                continue
            reason = unfilterable.get(key)
            if reason is not None:
                found.unfilterable.append((key, reason, item_at))
            operators, _ = self._resolve(item, item_at)
            found.criteria += len(self._members(operators, item_at))

    def _resolve(self, value: Any, at: Node) -> tuple[Any, Node]:
        if _kind(value) == "variable":
            return self._variables.get(value.name.value, _UNKNOWN), value
        return value, at

    @staticmethod
    def _members(value: Any, at: Node) -> list[tuple[str, Any, Node]]:
        if _kind(value) == "object_value":
            return [(f.name.value, f.value, f) for f in value.fields]
        if isinstance(value, Mapping):
            return [(str(k), v, at) for k, v in value.items()]
        return []  # null, or unknown: nothing that can be counted

    def _elements(self, value: Any, at: Node) -> list[tuple[Any, Node]]:
        value, at = self._resolve(value, at)
        if _kind(value) == "list_value":
            return [(v, v) for v in value.values]
        if isinstance(value, list):
            return [(v, at) for v in value]
        return [(value, at)]  # one filter where a list is expected: input coercion wraps it

    # -- metadata -----------------------------------------------------------------------------

    def _meta_root(self, key: str, nodes: list[FieldNode], type_name: str) -> None:
        facts = self._facts
        if facts.metadata_depth < 1 and not self._meta_by_resources:
            facts.metadata_depth, facts.deepest_meta = 1, (key, nodes[0])
        self._meta(nodes, type_name, key, level=1, owner=None)

    def _meta(
        self,
        nodes: list[FieldNode],
        type_name: str,
        path: str,
        level: int,
        owner: Resource | None,
    ) -> None:
        specs = self._index.meta.get(type_name, {})
        for key, field_nodes in self._collect(selection_sets(nodes), type_name).items():
            spec = specs.get(field_nodes[0].name.value)
            if spec is None:
                continue  # __typename
            field_path = f"{path}.{key}"
            holder = owner
            if spec.kind is Kind.META_RESOURCE:
                holder = self._meta_resource(spec, field_nodes[0], field_path, owner)
            if not self._meta_by_resources:
                self._deepen(level + 1, field_path, field_nodes[0])
            if field_nodes[0].selection_set is not None:
                self._meta(field_nodes, spec.type_name, field_path, level + 1, holder)
            if holder is not owner:
                self._close(holder)  # type: ignore[arg-type]

    def _meta_resource(
        self, spec: FieldSpec, node: FieldNode, path: str, owner: Resource | None
    ) -> Resource:
        level = owner.level + 1 if owner else 1
        resource = Resource(
            Kind.META_RESOURCE,
            path,
            spec.type_name,
            self._prices[spec.price or ""],
            node,
            level=level,
        )
        (owner.children if owner else self._facts.resources).append(resource)
        if self._meta_by_resources:
            self._deepen(level, path, node)
        return resource

    def _deepen(self, depth: int, path: str, node: FieldNode) -> None:
        if depth > self._facts.metadata_depth:
            self._facts.metadata_depth, self._facts.deepest_meta = depth, (path, node)


def _kind(value: Any) -> str | None:
    """A value node's kind; None for a Python value (a variable's, once one is met)."""
    kind = getattr(value, "kind", None)
    return kind if isinstance(kind, str) else None
