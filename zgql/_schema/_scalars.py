"""Zoho's own scalars, which an introspection result names but cannot define.

graphql-core builds a scalar it only knows by name to take any value, so a variable ``$since:
Long`` would accept ``"abc"``, ``true`` or ``1.5``, which Zoho refuses (``INVALID_DATA``). Each
scalar here gets the coercion Zoho applies, so that such a value is a ``variables`` (or
``schema``, for a literal) diagnostic before anything is sent.
"""

from __future__ import annotations

import re
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

__all__ = ["define_scalars"]

_LONG_MIN, _LONG_MAX = -(2**63), 2**63 - 1
_DIGITS = re.compile(r"-?\d{1,19}")


def _long(value: Any) -> int:
    """A 64-bit whole number, or its decimal digits in a string (record ids exceed what a
    JavaScript number holds exactly, so they travel as strings too)."""
    if isinstance(value, int) and not isinstance(value, bool):
        number = value
    elif isinstance(value, str) and _DIGITS.fullmatch(value):
        number = int(value)
    else:
        msg = f"Long cannot represent {value!r}: a whole number (or its digits in a string)"
        raise GraphQLError(msg)
    if not _LONG_MIN <= number <= _LONG_MAX:
        msg = f"Long cannot represent {value!r}: outside the 64-bit range"
        raise GraphQLError(msg)
    return number


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
