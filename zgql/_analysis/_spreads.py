"""Which named fragments a selection set spreads, at any depth (not through other fragments):
what the analysis needs to know which operations an error in a fragment concerns, and the
linter to know which fragments a unit takes from other files."""

from __future__ import annotations

from graphql import FieldNode, FragmentSpreadNode, InlineFragmentNode, SelectionSetNode

__all__ = ["spread_names"]


def spread_names(selection_set: SelectionSetNode | None) -> set[str]:
    """The names of the fragments spread in ``selection_set``. Iterative: no depth is too deep."""
    names: set[str] = set()
    pending = [selection_set] if selection_set else []
    while pending:
        for selection in pending.pop().selections:
            if isinstance(selection, FragmentSpreadNode):
                names.add(selection.name.value)
            elif isinstance(selection, (FieldNode, InlineFragmentNode)) and selection.selection_set:
                pending.append(selection.selection_set)
    return names
