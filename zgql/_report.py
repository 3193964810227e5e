"""What an analysis returns: frozen value objects, nothing that talks to a schema or a server."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from fractions import Fraction
from typing import Literal

from zgql._cost_table import cost_table

__all__ = ["CostNode", "Diagnostic", "Figure", "OperationReport", "Report", "Severity"]

Severity = Literal["error", "warning"]
Figure = int | Fraction


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One thing wrong with a document: the one shape of a finding, from the analysis to every
    output format.

    ``rule`` is a rule name of docs/cost-model.md §4 (``records-depth``, ``schema``, ...).
    ``line`` and ``column`` are 1-based positions in the analysed text — or, once ``zgql
    check`` has placed it (:meth:`located`), in ``file``, the file on disk as the user would
    type its path. ``path`` is the response path of the field concerned
    (``Records.Deals._data.Account_Name``); ``value`` is what was measured and ``limit`` what
    is allowed, where the rule measures something.
    """

    rule: str
    message: str
    severity: Severity = "error"
    line: int | None = None
    column: int | None = None
    path: str | None = None
    value: Figure | None = None
    limit: Figure | None = None
    operation: str | None = None
    file: str | None = None

    def __str__(self) -> str:
        where = f"{self.line}:{self.column}: " if self.line is not None else ""
        if self.file is not None:
            where = f"{self.file}:{where or ' '}"
        return f"{where}{self.rule}: {self.message}"

    @property
    def place(self) -> tuple[str, int, int]:
        """``(file, line, column)``, as the output formats read them: ``""`` for no file and 1
        for an unknown line or column (every finding of ``zgql check`` has all three)."""
        return self.file or "", self.line or 1, self.column or 1

    def located(self, file: str, line: int, column: int) -> Diagnostic:
        """This diagnostic, placed in ``file`` at ``line``:``column``."""
        return replace(self, file=file, line=line, column=column)


def _points_per_credit() -> int:
    """The interpretation's default (``zoho.toml``); an analysis passes the configured one."""
    return int(cost_table().interpretations["points_per_credit"])


@dataclass(frozen=True, slots=True)
class CostNode:
    """One priced resource occurrence and what it contains: where a query's cost comes from.

    ``points`` is the resource's own price; ``total_points`` adds what lies under it as the cost
    model counts it (for a multi-module lookup, the most expensive branch by default).
    ``branch`` names the member type of the inline fragment a node sits in, under a multi-module
    lookup. The root of a breakdown is the operation itself (kind ``operation``, 0 points).
    ``line`` and ``column`` are positions in the analysed text — or, once ``zgql check`` has
    placed the tree, in ``file`` (a fragment's fields may lie in another file than the
    operation's).
    """

    path: str
    kind: str
    type_name: str
    points: int
    total_points: int
    points_per_credit: int = field(default_factory=_points_per_credit)
    children: tuple[CostNode, ...] = ()
    line: int | None = None
    column: int | None = None
    branch: str | None = None
    file: str | None = None

    @property
    def credits(self) -> Fraction:
        """The resource's own price in credits."""
        return Fraction(self.points, self.points_per_credit)

    @property
    def total_credits(self) -> Fraction:
        """The price in credits of the resource and everything counted under it."""
        return Fraction(self.total_points, self.points_per_credit)

    def placed(self, place: Callable[[int, int], tuple[str, int, int]]) -> CostNode:
        """This tree with every known position mapped by ``place`` to (file, line, column)."""
        children = tuple(child.placed(place) for child in self.children)
        if self.line is None:
            return replace(self, children=children)
        file, line, column = place(self.line, self.column or 1)
        return replace(self, children=children, file=file, line=line, column=column)

    def walk(self) -> tuple[CostNode, ...]:
        """This node and every node under it, depth first, in document order."""
        nodes: list[CostNode] = []
        stack = [self]
        while stack:
            node = stack.pop()
            nodes.append(node)
            stack.extend(reversed(node.children))
        return tuple(nodes)


@dataclass(frozen=True, slots=True)
class OperationReport:
    """The figures of one operation, judged on its own."""

    name: str | None
    complexity: int
    credits_exact: Fraction
    records_depth: int
    metadata_depth: int
    breakdown: CostNode
    diagnostics: tuple[Diagnostic, ...] = ()

    @property
    def credits(self) -> int:
        """What Zoho charges: the exact credits rounded up to a whole credit."""
        return math.ceil(self.credits_exact)

    @property
    def ok(self) -> bool:
        """No error-severity diagnostic for this operation."""
        return not any(d.severity == "error" for d in self.diagnostics)


@dataclass(frozen=True, slots=True)
class Report:
    """Everything an analysis found in one document.

    ``operations`` holds one report per analysed operation in document order (none when the
    document does not parse; an operation that does not validate is not analysed, and its
    ``schema`` diagnostics are in ``diagnostics``). ``diagnostics`` holds every diagnostic,
    those of the document and those of each operation, in source order. ``engine`` names what
    produced the report: ``fast`` (the document was proved valid without graphql-core) or
    ``graphql-core``; the rest of the report is the same whichever it is.
    """

    operations: tuple[OperationReport, ...] = ()
    diagnostics: tuple[Diagnostic, ...] = field(default=())
    engine: Literal["fast", "graphql-core"] = "graphql-core"

    @property
    def ok(self) -> bool:
        """No error-severity diagnostic anywhere in the document."""
        return not any(d.severity == "error" for d in self.diagnostics)

    def operation(self, name: str | None) -> OperationReport | None:
        """The report of the operation called ``name`` (``None``: the anonymous one)."""
        return next((op for op in self.operations if op.name == name), None)
