"""The fast parser's syntax tree: light nodes with the attributes graphql-core's nodes have.

The walker, the collector and the rules read ``kind``, ``name.value``, ``alias``,
``arguments``, ``selection_set.selections``, ``directives``, values, and
``loc.start_token.line/column``; these nodes answer the same names, so one walker and one set
of rules serve both engines and their figures cannot drift. Positions are kept as offsets and
turned into line and column only when asked (most nodes are never reported on).
"""

from __future__ import annotations

import bisect
import re
from itertools import accumulate, chain
from typing import Any

__all__ = [
    "Argument",
    "Directive",
    "Document",
    "Field",
    "FragmentDefinition",
    "FragmentSpread",
    "InlineFragment",
    "Name",
    "OperationDefinition",
    "SelectionSet",
    "Source",
    "TypeRef",
    "Value",
    "VariableDefinition",
]

_LINE_BREAK = re.compile(r"\r\n|\r|\n")


class Source:
    """The document's text and tokens. Nodes know the index of their first token; offsets,
    lines and columns are computed when first asked (most nodes are never reported on)."""

    __slots__ = ("_matches", "_offsets", "_starts", "text", "tokens")

    def __init__(self, text: str, tokens: list[str], matches: list[tuple[str, str, str]]) -> None:
        self.text, self.tokens, self._matches = text, tokens, matches
        self._offsets: list[int] | None = None
        self._starts: list[int] | None = None

    def offset(self, index: int) -> int:
        """Where token ``index`` starts (the end of the text past the last one)."""
        if self._offsets is None:
            self._offsets = list(accumulate(map(len, chain.from_iterable(self._matches))))
        return self._offsets[3 * index] if index < len(self.tokens) else len(self.text)

    def end(self, index: int) -> int:
        """Where token ``index`` ends."""
        return self.offset(index) + len(self.tokens[index])

    def line_column(self, offset: int) -> tuple[int, int]:
        if self._starts is None:  # once: every later position is a binary search
            self._starts = [0, *(m.end() for m in _LINE_BREAK.finditer(self.text))]
        line = bisect.bisect_right(self._starts, offset)
        return line, offset - self._starts[line - 1] + 1


class Loc:
    """What graphql-core's ``Location`` offers that zgql reads: offsets, and the first token's
    line and column (the location is its own ``start_token``)."""

    __slots__ = ("_first", "_last", "_line_column", "_source")

    def __init__(self, source: Source, first: int, last: int) -> None:
        self._source, self._first, self._last = source, first, last
        self._line_column: tuple[int, int] | None = None

    def _where(self) -> tuple[int, int]:
        if self._line_column is None:
            self._line_column = self._source.line_column(self.start)
        return self._line_column

    @property
    def start(self) -> int:
        return self._source.offset(self._first)

    @property
    def end(self) -> int:
        return self._source.end(self._last)

    @property
    def start_token(self) -> Loc:
        return self

    @property
    def line(self) -> int:
        return self._where()[0]

    @property
    def column(self) -> int:
        return self._where()[1]


class Name:
    __slots__ = ("value",)
    kind = "name"

    def __init__(self, value: str) -> None:
        self.value = value


class _Node:
    """A node that knows its first token (and, for definitions, its last)."""

    __slots__ = ("_end", "_source", "_start")

    def _at(self, source: Source, start: int) -> None:
        self._source, self._start, self._end = source, start, start

    @property
    def loc(self) -> Loc:
        return Loc(self._source, self._start, self._end)


class Value(_Node):
    """Any value literal, or a variable: ``kind`` says which (graphql-core's kind names);
    ``value`` holds a scalar's value, ``values`` a list's items, ``fields`` an object's
    fields, ``name`` a variable's or an object field's name."""

    __slots__ = ("fields", "kind", "name", "value", "values")

    def __init__(self, kind: str, value: Any = None) -> None:
        self.kind, self.value = kind, value
        self.values: list[Value] = []
        self.fields: list[Value] = []
        self.name: Name | None = None


class Argument(_Node):
    __slots__ = ("name", "value")
    kind = "argument"

    def __init__(self, name: Name, value: Value) -> None:
        self.name, self.value = name, value


class Directive(_Node):
    __slots__ = ("arguments", "name")
    kind = "directive"

    def __init__(self, name: Name, arguments: tuple[Argument, ...]) -> None:
        self.name, self.arguments = name, arguments


class SelectionSet:
    __slots__ = ("selections",)
    kind = "selection_set"

    def __init__(self, selections: list[Any]) -> None:
        self.selections = selections


class Field(_Node):
    __slots__ = ("alias", "arguments", "directives", "name", "selection_set", "type_text")
    kind = "field"

    def __init__(
        self,
        alias: Name | None,
        name: Name,
        arguments: tuple[Argument, ...],
        directives: tuple[Directive, ...],
        selection_set: SelectionSet | None,
        source: Source,
        start: int,
    ) -> None:
        self.alias, self.name, self.arguments = alias, name, arguments
        self.directives, self.selection_set = directives, selection_set
        self._source, self._start, self._end = source, start, start
        self.type_text = ""  # the field's type, once validation has looked it up


class FragmentSpread(_Node):
    __slots__ = ("directives", "name")
    kind = "fragment_spread"
    arguments = ()

    def __init__(self, name: Name, directives: tuple[Directive, ...]) -> None:
        self.name, self.directives = name, directives


class TypeRef:
    """A named type (``kind`` ``named_type``), a list or a non-null type; ``text`` is how
    GraphQL writes it, which is how the compiled type form compares types."""

    __slots__ = ("kind", "name", "text", "type")

    def __init__(self, kind: str, text: str, of: TypeRef | None = None) -> None:
        self.kind, self.text, self.type = kind, text, of
        self.name = Name(text) if of is None else None


class InlineFragment(_Node):
    __slots__ = ("directives", "selection_set", "type_condition")
    kind = "inline_fragment"

    def __init__(
        self,
        type_condition: TypeRef | None,
        directives: tuple[Directive, ...],
        selection_set: SelectionSet,
    ) -> None:
        self.type_condition, self.directives = type_condition, directives
        self.selection_set = selection_set


class FragmentDefinition(_Node):
    __slots__ = ("name", "selection_set", "type_condition")
    kind = "fragment_definition"
    directives = ()
    variable_definitions = ()

    def __init__(self, name: Name, type_condition: TypeRef, selection_set: SelectionSet) -> None:
        self.name, self.type_condition = name, type_condition
        self.selection_set = selection_set


class VariableDefinition(_Node):
    __slots__ = ("default_value", "type", "variable")
    kind = "variable_definition"
    directives = ()

    def __init__(self, variable: Value, type_: TypeRef, default_value: Value | None) -> None:
        self.variable, self.type, self.default_value = variable, type_, default_value


class OperationKind:
    """graphql-core's ``OperationType.QUERY`` as far as zgql reads it: its ``value``."""

    __slots__ = ()
    value = "query"


QUERY = OperationKind()


class OperationDefinition(_Node):
    __slots__ = ("name", "selection_set", "variable_definitions")
    kind = "operation_definition"
    operation = QUERY
    directives = ()

    def __init__(
        self,
        name: Name | None,
        variable_definitions: tuple[VariableDefinition, ...],
        selection_set: SelectionSet,
    ) -> None:
        self.name, self.variable_definitions = name, variable_definitions
        self.selection_set = selection_set


class Document:
    __slots__ = ("definitions", "source")
    kind = "document"

    def __init__(self, definitions: list[Any], source: Source) -> None:
        self.definitions, self.source = definitions, source
