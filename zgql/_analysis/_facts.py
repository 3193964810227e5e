"""What one walk over an operation gathers; the rules read these and nothing else."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from zgql._schema._index import FieldSpec, Kind

if TYPE_CHECKING:  # graphql-core's nodes, or the fast parser's, which have the same attributes
    from graphql import ArgumentNode, FieldNode, Node, OperationDefinitionNode

__all__ = ["FilterArgument", "LimitArgument", "OperationFacts", "RecordSelection", "Resource"]


@dataclass(slots=True, eq=False)
class Resource:
    """One priced resource occurrence (a root module, a lookup, a child, a _Meta resource)."""

    kind: Kind
    path: str
    type_name: str
    points: int
    node: FieldNode
    level: int  # record level (root module = 1), or _Meta resource level
    branch: str | None = None
    children: list[Resource] = field(default_factory=list)
    total: int = 0  # points + what the cost model counts beneath
    depth: int = 0  # deepest record level in this subtree


@dataclass(slots=True, eq=False)
class RecordSelection:
    """The fields selected in one record type: a root's ``_data``, a lookup, a child's rows."""

    path: str
    type_name: str
    node: FieldNode
    at_root: bool  # directly the root module's _data
    field_count: int = 0
    relations: list[tuple[str, FieldNode, FieldSpec]] = field(default_factory=list)
    textareas: list[tuple[str, FieldNode]] = field(default_factory=list)
    unsupported: list[tuple[str, FieldNode, str]] = field(default_factory=list)


@dataclass(slots=True)
class LimitArgument:
    """A ``limit`` whose value is known, on a root resource or a child relation."""

    path: str
    node: ArgumentNode
    value: Any
    on_root: bool


@dataclass(slots=True)
class FilterArgument:
    """A root resource's ``where``: its leaf predicates and the fields it may not filter on."""

    path: str
    node: ArgumentNode
    criteria: int = 0
    unfilterable: list[tuple[str, str, Node]] = field(default_factory=list)


@dataclass(slots=True)
class OperationFacts:
    """Everything the rules need to know of one operation."""

    name: str | None
    node: OperationDefinitionNode
    resources: list[Resource] = field(default_factory=list)
    selections: list[RecordSelection] = field(default_factory=list)
    limits: list[LimitArgument] = field(default_factory=list)
    filters: list[FilterArgument] = field(default_factory=list)
    complexity: int = 0
    records_depth: int = 0
    metadata_depth: int = 0
    deepest_meta: tuple[str, FieldNode] | None = None
