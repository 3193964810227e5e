"""The fast path's validation: proves a document valid under every rule graphql-core's
``validate`` applies, against the compiled :class:`TypeForm`, or gives up.

It never words an error: :class:`Unsupported` means "graphql-core decides", whether the
document is invalid or merely outside what this module models (introspection fields,
directives other than ``@skip``/``@include``, ``@oneOf`` inputs, custom scalars it does not
know, field merges it cannot prove safe by its stricter test). A document it accepts is one
graphql-core accepts; the differential tests hold it to that.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from typing import Any

from zgql._analysis._fast._lexer import Unsupported
from zgql._analysis._fast._nodes import (
    Document,
    FragmentDefinition,
    OperationDefinition,
    SelectionSet,
    Value,
)
from zgql._schema._long import long_value
from zgql._schema._types import ENUM, INPUT, INTERFACE, OBJECT, SCALAR, UNION, Arguments, TypeForm

__all__ = ["validate"]

_INT_MIN, _INT_MAX = -(2**31), 2**31 - 1
_COMPOSITE = (OBJECT, INTERFACE, UNION)
_CONDITIONS = ("skip", "include")
# Fields visited by the merge check, per token of the document: fragments spread many times
# over could make it exponential; past this, graphql-core decides.
_MERGE_BUDGET = 50_000

Usage = tuple[str, str, bool]  # variable name, the type where it stands, that place has a default


def validate(document: Document, form: TypeForm) -> None:
    """Return when ``document`` is valid; raise :class:`Unsupported` otherwise."""
    _Validation(document, form).run()


@functools.lru_cache(maxsize=4096)
def _unwrap(type_text: str) -> tuple[str, str]:
    """(``!``, ``[]`` or ``""``, the inner type or the name)."""
    if type_text.endswith("!"):
        return "!", type_text[:-1]
    if type_text.startswith("["):
        return "[]", type_text[1:-1]
    return "", type_text


def _named(type_text: str) -> str:
    return type_text.strip("[]!")


class _Validation:
    def __init__(self, document: Document, form: TypeForm) -> None:
        self.form = form
        self.operations: list[OperationDefinition] = []
        self.fragments: dict[str, FragmentDefinition] = {}
        for definition in document.definitions:
            if definition.kind == "operation_definition":
                self.operations.append(definition)
            elif definition.name.value in self.fragments:
                raise Unsupported  # UniqueFragmentNames
            else:
                self.fragments[definition.name.value] = definition
        self.spreads: dict[int, set[str]] = {}
        self.usages: dict[int, list[Usage]] = {}
        self._spreads: set[str] = set()
        self._usages: list[Usage] = []
        self.budget = _MERGE_BUDGET
        # No fragment of any kind and no response key twice in a selection set: then no two
        # fields can meet in a merge, and OverlappingFieldsCanBeMerged holds as it is.
        self.flat = True

    def run(self) -> None:
        self._operations_named()
        self._directives_known()
        for fragment in self.fragments.values():
            condition = fragment.type_condition.text
            if self.form.kinds.get(condition) not in _COMPOSITE:
                raise Unsupported  # KnownTypeNames, FragmentsOnCompositeTypes
            self._definition(fragment, fragment.selection_set, condition)
        for operation in self.operations:
            self._definition(operation, operation.selection_set, self.form.query_type)
        self._fragment_graph()
        for operation in self.operations:
            self._variables(operation)
        # Every fragment is spread by some operation (else NoUnusedFragments): checking the
        # operations' merged selections checks each fragment's own too.
        for operation in self.operations if not self.flat else ():
            self._mergeable([operation.selection_set])

    # -- the document as a whole --------------------------------------------------------------

    def _operations_named(self) -> None:
        names = [op.name.value for op in self.operations if op.name is not None]
        if len(set(names)) != len(names):
            raise Unsupported  # UniqueOperationNames
        if len(names) != len(self.operations) and len(self.operations) > 1:
            raise Unsupported  # LoneAnonymousOperation

    def _directives_known(self) -> None:
        for name in _CONDITIONS:
            known = self.form.directives.get(name)
            if known is None or known[1] != {"if": ("Boolean!", False)}:
                raise Unsupported  # a schema that redefines @skip/@include: graphql-core's call
            if not {"FIELD", "FRAGMENT_SPREAD", "INLINE_FRAGMENT"} <= known[0]:
                raise Unsupported

    def _fragment_graph(self) -> None:
        """NoFragmentCycles, KnownFragmentNames, NoUnusedFragments."""
        by_name = {name: self.spreads[id(f)] for name, f in self.fragments.items()}
        for spreads in by_name.values():
            if not spreads <= by_name.keys():
                raise Unsupported
        done: set[str] = set()
        for start in by_name:
            self._acyclic(start, by_name, done)
        used: set[str] = set()
        for operation in self.operations:
            used |= self._reachable(operation)
        if used != by_name.keys():
            raise Unsupported

    @staticmethod
    def _acyclic(start: str, graph: dict[str, set[str]], done: set[str]) -> None:
        path: set[str] = set()
        stack: list[tuple[str, bool]] = [(start, False)]
        while stack:
            name, leaving = stack.pop()
            if leaving:
                path.discard(name)
                done.add(name)
                continue
            if name in path:
                raise Unsupported
            if name in done:
                continue
            path.add(name)
            stack.append((name, True))
            stack.extend((child, False) for child in graph[name])

    def _reachable(self, operation: OperationDefinition) -> set[str]:
        seen: set[str] = set()
        pending = list(self.spreads[id(operation)])
        while pending:
            name = pending.pop()
            if name not in seen:
                seen.add(name)
                pending.extend(self.spreads[id(self.fragments[name])])
        return seen

    # -- variables ----------------------------------------------------------------------------

    def _variables(self, operation: OperationDefinition) -> None:
        """UniqueVariableNames, VariablesAreInputTypes, defaults of the right type,
        NoUndefinedVariables, NoUnusedVariables, VariablesInAllowedPosition."""
        defined: dict[str, tuple[str, bool]] = {}
        for definition in operation.variable_definitions:
            name, type_text = definition.variable.name.value, definition.type.text  # type: ignore[union-attr]
            named = _named(type_text)
            if name in defined or named.startswith("__"):
                raise Unsupported
            if self.form.kinds.get(named) not in (SCALAR, ENUM, INPUT):
                raise Unsupported
            default = definition.default_value
            if default is not None:
                ignored: list[Usage] = []
                self._value(default, type_text, ignored)
            defined[name] = (type_text, default is not None and default.kind != "null_value")
        usages = list(self.usages[id(operation)])
        for fragment in self._reachable(operation):
            usages.extend(self.usages[id(self.fragments[fragment])])
        used: set[str] = set()
        for name, location, location_default in usages:
            declared = defined.get(name)
            if declared is None or not _allowed(*declared, location, location_default):
                raise Unsupported
            used.add(name)
        if used != defined.keys():
            raise Unsupported

    # -- selections ---------------------------------------------------------------------------

    def _definition(self, owner: Any, selection_set: SelectionSet, type_name: str) -> None:
        self._spreads, self._usages = set(), []
        self._selections(selection_set, type_name)
        self.spreads[id(owner)], self.usages[id(owner)] = self._spreads, self._usages

    def _selections(self, selection_set: SelectionSet, parent: str) -> None:
        fields = self.form.fields.get(parent)
        keys: set[str] = set()
        for selection in selection_set.selections:
            if selection.directives:
                self._conditions(selection.directives)
            kind = selection.kind
            if kind == "field":
                key = (selection.alias or selection.name).value
                if key in keys:
                    self.flat = False
                keys.add(key)
                self._field(selection, fields)
                continue
            self.flat = False
            if kind == "inline_fragment":
                condition = selection.type_condition
                inner = parent if condition is None else condition.text
                if condition is not None:
                    self._possible(inner, parent)
                self._selections(selection.selection_set, inner)
            else:
                name = selection.name.value
                fragment = self.fragments.get(name)
                if fragment is None:
                    raise Unsupported  # KnownFragmentNames
                self._possible(fragment.type_condition.text, parent)
                self._spreads.add(name)

    def _field(self, field: Any, fields: dict[str, tuple[str, Arguments]] | None) -> None:
        """FieldsOnCorrectType, ScalarLeafs, the arguments; notes the field's type."""
        name = field.name.value
        if name == "__typename":
            if field.arguments or field.selection_set is not None:
                raise Unsupported
            field.type_text = "String!"
            return
        definition = fields.get(name) if fields is not None else None
        if definition is None:
            raise Unsupported  # FieldsOnCorrectType (or introspection: graphql-core's)
        field_type, arguments = definition
        field.type_text = field_type
        if arguments or field.arguments:
            self._arguments(field.arguments, arguments)
        named = _named(field_type)
        composite = self.form.kinds[named] in _COMPOSITE
        if composite != (field.selection_set is not None):
            raise Unsupported  # ScalarLeafs
        if composite:
            self._selections(field.selection_set, named)

    def _possible(self, condition: str, parent: str) -> None:
        """KnownTypeNames, FragmentsOnCompositeTypes, PossibleFragmentSpreads."""
        possible = self.form.possible
        if self.form.kinds.get(condition) not in _COMPOSITE:
            raise Unsupported
        if condition != parent and not possible.get(condition, frozenset()) & possible.get(
            parent, frozenset()
        ):
            raise Unsupported

    def _conditions(self, directives: Iterable[Any]) -> None:
        """@skip and @include only, once each, with their one ``if``."""
        seen: set[str] = set()
        for directive in directives:
            name = directive.name.value
            if name not in _CONDITIONS or name in seen:
                raise Unsupported
            seen.add(name)
            self._arguments(directive.arguments, {"if": ("Boolean!", False)})

    def _arguments(self, given: Iterable[Any], defined: Arguments) -> None:
        """KnownArgumentNames, UniqueArgumentNames, ProvidedRequiredArguments,
        ValuesOfCorrectType; records variable usages for VariablesInAllowedPosition."""
        seen: set[str] = set()
        for argument in given:
            name = argument.name.value
            definition = defined.get(name)
            if definition is None or name in seen:
                raise Unsupported
            seen.add(name)
            self._value(argument.value, definition[0], self._usages, definition[1])
        if len(seen) != len(defined):
            for name, (type_text, has_default) in defined.items():
                if name not in seen and type_text.endswith("!") and not has_default:
                    raise Unsupported

    def _value(
        self, value: Value, type_text: str, usages: list[Usage], has_default: bool = False
    ) -> None:
        kind = value.kind
        if kind == "variable":
            usages.append((value.name.value, type_text, has_default))  # type: ignore[union-attr]
            return
        wrapper, inner = _unwrap(type_text)
        if wrapper == "!":
            if kind == "null_value":
                raise Unsupported
            self._value(value, inner, usages)
        elif kind == "null_value":
            return
        elif wrapper == "[]":
            for item in value.values if kind == "list_value" else (value,):
                self._value(item, inner, usages)
        else:
            self._named_value(value, inner, usages)

    def _named_value(self, value: Value, name: str, usages: list[Usage]) -> None:
        type_kind = self.form.kinds.get(name)
        kind = value.kind
        if type_kind == INPUT:
            if kind != "object_value" or name in self.form.one_of:
                raise Unsupported
            self._object(value, self.form.inputs[name], usages)
        elif type_kind == ENUM:
            if kind != "enum_value" or value.value not in self.form.enums[name]:
                raise Unsupported
        elif type_kind != SCALAR or not _scalar_literal(name, kind, value.value):
            raise Unsupported

    def _object(self, value: Value, fields: Arguments, usages: list[Usage]) -> None:
        seen: set[str] = set()
        for field in value.fields:
            name = field.name.value  # type: ignore[union-attr]
            definition = fields.get(name)
            if definition is None or name in seen:
                raise Unsupported  # ValuesOfCorrectType, UniqueInputFieldNames
            seen.add(name)
            self._value(field.value, definition[0], usages, definition[1])
        for name, (type_text, has_default) in fields.items():
            if name not in seen and type_text.endswith("!") and not has_default:
                raise Unsupported

    # -- OverlappingFieldsCanBeMerged, by a stricter test -------------------------------------

    def _mergeable(self, sets: list[SelectionSet]) -> None:  # noqa: C901 - one pass, one place
        """Fields of one response key, wherever they come from, must be the same field with
        the same arguments and type; then their selections, merged, likewise. graphql-core
        allows more (different fields on mutually exclusive types): those documents go to it.
        Field types were noted on the nodes by the first pass."""
        groups: dict[str, list[Any]] = {}
        pending = list(sets)
        visited: set[str] = set()
        while pending:
            selections = pending.pop().selections
            self.budget -= len(selections)
            for selection in selections:
                kind = selection.kind
                if kind == "field":
                    key = (selection.alias or selection.name).value
                    group = groups.get(key)
                    if group is None:
                        groups[key] = [selection]
                    else:
                        group.append(selection)
                elif kind == "inline_fragment":
                    pending.append(selection.selection_set)
                elif selection.name.value not in visited:
                    visited.add(selection.name.value)
                    pending.append(self.fragments[selection.name.value].selection_set)
        if self.budget < 0:
            raise Unsupported
        for group in groups.values():
            first = group[0]
            if len(group) > 1:
                _same(first, group)
            if first.selection_set is not None:
                self._mergeable([node.selection_set for node in group])


def _same(first: Any, group: list[Any]) -> None:
    arguments = _canonical_arguments(first.arguments)
    for other in group[1:]:
        if (
            other.name.value != first.name.value
            or other.type_text != first.type_text
            or _canonical_arguments(other.arguments) != arguments
        ):
            raise Unsupported


def _allowed(
    variable_type: str, variable_default: bool, location: str, location_default: bool
) -> bool:
    """VariablesInAllowedPosition: may a variable of this type stand here?"""
    if location.endswith("!") and not variable_type.endswith("!"):
        if not variable_default and not location_default:
            return False
        location = location[:-1]
    return _subtype(variable_type, location)


def _subtype(sub: str, sup: str) -> bool:
    if sub == sup:
        return True
    sub_wrapper, sub_inner = _unwrap(sub)
    sup_wrapper, sup_inner = _unwrap(sup)
    if sup_wrapper == "!":
        return sub_wrapper == "!" and _subtype(sub_inner, sup_inner)
    if sub_wrapper == "!":
        return _subtype(sub_inner, sup)
    if sup_wrapper == "[]":
        return sub_wrapper == "[]" and _subtype(sub_inner, sup_inner)
    return False  # named input types: only equal names


def _scalar_literal(name: str, kind: str, value: Any) -> bool:
    if name == "String":
        return kind == "string_value"
    if name == "Boolean":
        return kind == "boolean_value"
    if name == "Int":
        return kind == "int_value" and _INT_MIN <= _int(value) <= _INT_MAX
    if name == "Float":
        return kind in ("int_value", "float_value")
    if name == "ID":
        return kind in ("int_value", "string_value")
    if name == "Long":
        return kind in ("int_value", "string_value") and _is_long(kind, value)
    raise Unsupported  # a scalar whose literals this module does not know


def _is_long(kind: str, value: str) -> bool:
    try:
        long_value(_int(value) if kind == "int_value" else value)
    except ValueError:
        return False
    return True


def _int(text: str) -> int:
    try:
        return int(text)
    except ValueError:  # more digits than int() reads: graphql-core decides
        raise Unsupported from None


def _canonical_arguments(arguments: Iterable[Any]) -> tuple[Any, ...]:
    return tuple(sorted((a.name.value, _canonical(a.value)) for a in arguments))


def _canonical(value: Any) -> Any:
    kind = value.kind
    if kind == "list_value":
        return (kind, tuple(_canonical(item) for item in value.values))
    if kind == "object_value":
        return (kind, tuple((f.name.value, _canonical(f.value)) for f in value.fields))
    if kind == "variable":
        return (kind, value.name.value)
    return (kind, value.value)
