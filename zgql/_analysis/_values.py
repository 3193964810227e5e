"""A value literal's Python value, whichever engine parsed it: graphql-core's
``value_from_ast_untyped``, read off ``kind`` so that the fast path's nodes serve too."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

__all__ = ["UNDEFINED", "untyped_value"]


class _Undefined:
    __slots__ = ()

    def __repr__(self) -> str:
        return "UNDEFINED"


UNDEFINED: Any = _Undefined()


def untyped_value(node: Any, variables: Mapping[str, Any] | None = None) -> Any:  # noqa: PLR0911
    """The value ``node`` stands for; :data:`UNDEFINED` for a variable with no known value."""
    kind = node.kind
    if kind in ("int_value", "float_value"):
        try:
            return int(node.value) if kind == "int_value" else float(node.value)
        except ValueError:  # more digits than int() reads
            return math.nan
    if kind in ("string_value", "enum_value", "boolean_value"):
        return node.value
    if kind == "null_value":
        return None
    if kind == "list_value":
        return [untyped_value(item, variables) for item in node.values]
    if kind == "object_value":
        return {f.name.value: untyped_value(f.value, variables) for f in node.fields}
    if kind == "variable":
        return (variables or {}).get(node.name.value, UNDEFINED)
    return UNDEFINED
