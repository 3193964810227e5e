"""CollectFields, as the GraphQL spec's execution does it, with a worst case for the unknown.

Fragments are expanded and selections with one response key merge into one field. An
``@skip``/``@include`` whose condition is a variable with no known value keeps the field
(docs/cost-model.md §1: counted as included).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the nodes are graphql-core's or the fast parser's: read by their ``kind``
    from graphql import (
        FieldNode,
        FragmentDefinitionNode,
        NamedTypeNode,
        SelectionNode,
        SelectionSetNode,
    )

__all__ = ["FieldCollector", "selection_sets"]

CollectedFields = dict[str, list["FieldNode"]]


def selection_sets(nodes: Iterable[FieldNode]) -> list[SelectionSetNode]:
    """The selection sets of the field nodes that merged into one response key."""
    return [node.selection_set for node in nodes if node.selection_set is not None]


class FieldCollector:
    def __init__(
        self,
        fragments: Mapping[str, FragmentDefinitionNode],
        variables: Mapping[str, Any],
        possible_types: Mapping[str, frozenset[str]],
    ) -> None:
        self._fragments = fragments
        self._variables = variables
        self._possible = possible_types

    def collect(self, sets: Iterable[SelectionSetNode], type_name: str) -> CollectedFields:
        """Response key → field nodes, for an object of type ``type_name``."""
        fields: CollectedFields = {}
        visited: set[str] = set()
        for selection_set in sets:
            self._collect(selection_set, type_name, fields, visited)
        return fields

    def _collect(
        self,
        selection_set: SelectionSetNode,
        type_name: str,
        fields: CollectedFields,
        visited: set[str],
    ) -> None:
        for selection_node in selection_set.selections:
            selection: Any = selection_node  # either engine's node: read by ``kind``
            if selection.directives and not self._included(selection):
                continue
            kind = selection.kind
            if kind == "field":
                key = selection.alias.value if selection.alias else selection.name.value
                fields.setdefault(key, []).append(selection)
            elif kind == "inline_fragment":
                if self._applies(selection.type_condition, type_name):
                    self._collect(selection.selection_set, type_name, fields, visited)
            else:
                name = selection.name.value
                fragment = self._fragments.get(name)
                if name in visited or fragment is None:
                    continue
                visited.add(name)
                if self._applies(fragment.type_condition, type_name):
                    self._collect(fragment.selection_set, type_name, fields, visited)

    def _applies(self, condition: NamedTypeNode | None, type_name: str) -> bool:
        if condition is None or condition.name.value == type_name:
            return True
        return type_name in self._possible.get(condition.name.value, ())

    def _included(self, selection: SelectionNode) -> bool:
        for directive in selection.directives or ():
            name = directive.name.value
            if name not in ("skip", "include"):
                continue
            condition = self._condition(directive.arguments or ())
            if condition is None:
                continue  # unknown: worst case, the field is there
            if condition is (name == "skip"):
                return False
        return True

    def _condition(self, arguments: Iterable[Any]) -> bool | None:
        for argument in arguments:
            if argument.name.value != "if":
                continue
            value = argument.value
            if value.kind == "boolean_value":
                return bool(value.value)
            if value.kind == "variable":
                known = self._variables.get(value.name.value)
                return known if isinstance(known, bool) else None
        return None
