from __future__ import annotations

from zgql._analysis._rules._base import Rule


class FragmentConflictRule(Rule):
    """fragment-conflict: fragments with one name must be identical wherever they are defined.

    ``zgql check`` resolves a spread across files by name; two different definitions would make
    the verdict depend on which file was read first.
    """

    name = "fragment-conflict"
    statement = "fragments with one name must be identical wherever they are defined."
