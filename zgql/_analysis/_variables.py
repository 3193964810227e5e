"""The values of an operation's variables that are known before it is sent.

A variable is known when the caller supplies it (coerced to its declared type) or when it has
a default. A variable with neither is unknown, and the limits that need its value are not
checked (docs/cost-model.md §1). When the caller supplies variables, a required one that is
missing is a diagnostic, as the server would reject the call.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # imported when variables are coerced: the graphql-core engine's work
    from graphql import (
        GraphQLError,
        GraphQLInputType,
        GraphQLSchema,
        OperationDefinitionNode,
        VariableDefinitionNode,
    )

__all__ = ["MAX_VALUE_DEPTH", "known_variables", "value_problem", "variables_problem"]

# Deeper than any real filter (Zoho allows 25 criteria in all), far shallower than the
# interpreter's recursion limit, which graphql-core's coercion would otherwise meet.
MAX_VALUE_DEPTH = 64
_SCALARS = (str, int, float, bool, type(None))


def variables_problem(variables: object) -> str | None:
    """What is wrong with the shape of ``variables`` as a whole: it must be a mapping of
    string names. None when nothing is."""
    if variables is None:
        return None
    if not isinstance(variables, Mapping):
        return f"variables must be a mapping of names to values, not {type(variables).__name__}"
    odd = next((key for key in variables if not isinstance(key, str)), None)
    if odd is not None:
        return f"variable names must be strings, not {type(odd).__name__} {odd!r:.40}"
    return None


def value_problem(value: Any) -> str | None:
    """Why ``value`` is not a JSON value a call could send (a non-string key, an object that is
    not JSON, nesting deeper than :data:`MAX_VALUE_DEPTH`, a value that contains itself);
    None when it is one. Iterative, so no value is too deep to judge."""
    pending: list[tuple[Any, int]] = [(value, 1)]
    while pending:
        current, depth = pending.pop()
        if depth > MAX_VALUE_DEPTH:
            return f"nests deeper than {MAX_VALUE_DEPTH} levels (or contains itself)"
        if isinstance(current, Mapping):
            odd = next((key for key in current if not isinstance(key, str)), None)
            if odd is not None:
                return f"object keys must be strings, not {type(odd).__name__} {odd!r:.40}"
            pending.extend((item, depth + 1) for item in current.values())
        elif isinstance(current, (list, tuple)):
            pending.extend((item, depth + 1) for item in current)
        elif not isinstance(current, _SCALARS):
            return f"{type(current).__name__} is not a JSON value"
    return None


def known_variables(
    schema: GraphQLSchema,
    operation: OperationDefinitionNode,
    supplied: Mapping[str, Any] | None,
) -> tuple[dict[str, Any], list[tuple[str, VariableDefinitionNode]]]:
    """(name → known value, problems as (message, the variable's definition))."""
    from graphql import (  # noqa: PLC0415 - graphql-core only where variables are coerced
        GraphQLNonNull,
        Undefined,
        coerce_input_value,
        type_from_ast,
        value_from_ast,
    )

    known: dict[str, Any] = {}
    problems: list[tuple[str, VariableDefinitionNode]] = []
    for definition in operation.variable_definitions or ():
        name = definition.variable.name.value
        var_type: GraphQLInputType = type_from_ast(schema, definition.type)  # type: ignore[assignment]
        if supplied is not None and name in supplied:
            shape = value_problem(supplied[name])
            errors = [f"variable ${name}: {shape}"] if shape else []
            errors = errors or _invalid(name, supplied[name], var_type)
            problems.extend((message, definition) for message in errors)
            if not errors:
                known[name] = coerce_input_value(supplied[name], var_type)
        elif definition.default_value is not None:
            value = value_from_ast(definition.default_value, var_type)
            if value is not Undefined:
                known[name] = value
        elif supplied is not None and isinstance(var_type, GraphQLNonNull):
            problems.append(
                (f"variable ${name} of required type {var_type} was not supplied", definition)
            )
    return known, problems


def _invalid(name: str, value: Any, var_type: GraphQLInputType) -> list[str]:
    from graphql import validate_input_value  # noqa: PLC0415

    errors: list[str] = []

    def on_error(error: GraphQLError, path: Sequence[str | int]) -> None:
        at = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path)
        errors.append(f"variable ${name}{at}: {error.message}")

    validate_input_value(value, var_type, on_error)
    return errors
