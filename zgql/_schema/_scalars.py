"""Zoho's own scalars, which an introspection result names but cannot define.

graphql-core builds a scalar it only knows by name to take any value, so a variable ``$since:
Long`` would accept ``"abc"``, ``true`` or ``1.5``, which Zoho refuses (``INVALID_DATA``). Each
scalar here gets the coercion Zoho applies, so that such a value is a ``variables`` (or
``schema``, for a literal) diagnostic before anything is sent.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from graphql import (
    GraphQLError,
    GraphQLScalarType,
    GraphQLSchema,
    IntValueNode,
    StringValueNode,
    ValueNode,
)

from zgql._schema._long import long_value

__all__ = ["define_scalars"]


def _long(value: Any) -> int:
    """Zoho's Long (:func:`long_value`), or the error graphql-core reports."""
    try:
        return long_value(value)
    except ValueError as reason:
        msg = f"Long cannot represent {value!r}: {reason}"
        raise GraphQLError(msg) from None


def _long_literal(node: ValueNode, _variables: Any = None) -> int:
    if isinstance(node, (IntValueNode, StringValueNode)):
        return _long(node.value if isinstance(node, StringValueNode) else int(node.value))
    msg = "Long cannot represent a non-integer value"
    raise GraphQLError(msg, node)


_SCALARS: dict[str, tuple[Callable[[Any], Any], Callable[..., Any]]] = {
    "Long": (_long, _long_literal),
}


def define_scalars(schema: GraphQLSchema) -> None:
    """Give the scalars of ``schema`` that Zoho defines their coercion (in place)."""
    for name, (parse_value, parse_literal) in _SCALARS.items():
        scalar = schema.type_map.get(name)
        if isinstance(scalar, GraphQLScalarType):
            # graphql-core 3.3 reads values through coerce_input_value (parse_value is its
            # older name, kept equal) and literals through parse_literal.
            scalar.parse_value = scalar.coerce_input_value = parse_value  # type: ignore[method-assign,assignment]
            scalar.parse_literal = parse_literal  # type: ignore[method-assign]
