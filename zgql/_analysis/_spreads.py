"""Which named fragments a selection set spreads, at any depth (not through other fragments):
what the analysis needs to know which operations an error in a fragment concerns, and the
linter to know which fragments a unit takes from other files."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # graphql-core's nodes or the fast parser's: read by their ``kind``
    from graphql import SelectionSetNode

__all__ = ["spread_names"]


def spread_names(selection_set: SelectionSetNode | None) -> set[str]:
    """The names of the fragments spread in ``selection_set``. Iterative: no depth is too deep."""
    names: set[str] = set()
    pending = [selection_set] if selection_set else []
    while pending:
        for selection in pending.pop().selections:
            node: Any = selection  # graphql-core's or the fast parser's: read by ``kind``
            if node.kind == "fragment_spread":
                names.add(node.name.value)
            elif node.selection_set:
                pending.append(node.selection_set)
    return names
