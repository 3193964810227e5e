"""The values of an operation's variables that are known before it is sent.

A variable is known when the caller supplies it (coerced to its declared type) or when it has
a default. A variable with neither is unknown, and the limits that need its value are not
checked (cost-model.md §1). When the caller supplies variables, a required one that is missing
is a diagnostic, as the server would reject the call.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from graphql import (
    GraphQLError,
    GraphQLInputType,
    GraphQLNonNull,
    GraphQLSchema,
    OperationDefinitionNode,
    Undefined,
    VariableDefinitionNode,
    coerce_input_value,
    type_from_ast,
    validate_input_value,
    value_from_ast,
)

__all__ = ["known_variables"]


def known_variables(
    schema: GraphQLSchema,
    operation: OperationDefinitionNode,
    supplied: Mapping[str, Any] | None,
) -> tuple[dict[str, Any], list[tuple[str, VariableDefinitionNode]]]:
    """(name → known value, problems as (message, the variable's definition))."""
    known: dict[str, Any] = {}
    problems: list[tuple[str, VariableDefinitionNode]] = []
    for definition in operation.variable_definitions or ():
        name = definition.variable.name.value
        var_type: GraphQLInputType = type_from_ast(schema, definition.type)  # type: ignore[assignment]
        if supplied is not None and name in supplied:
            errors = _invalid(name, supplied[name], var_type)
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
    errors: list[str] = []

    def on_error(error: GraphQLError, path: Sequence[str | int]) -> None:
        at = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path)
        errors.append(f"variable ${name}{at}: {error.message}")

    validate_input_value(value, var_type, on_error)
    return errors
