"""What a ``zgql check`` run produces: diagnostics placed in files, and each operation's figures.

These are the only inputs of the output formats (``zgql._output``): text, JSON, SARIF, GitHub,
explain. A finding is a :class:`zgql.Diagnostic` whose ``file``, ``line`` and ``column`` are set
(:meth:`Diagnostic.located`): one shape from the analysis to every format.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from fractions import Fraction

from zgql._limits import Limits
from zgql._report import CostNode, Diagnostic, OperationReport

__all__ = ["CheckError", "CheckResult", "OperationFigures"]


class CheckError(Exception):
    """Something that stops the check itself (exit 2): a missing path, a broken schema, an
    operation asked for that is not there."""


@dataclass(frozen=True, slots=True)
class OperationFigures:
    """The figures of one analysed operation, and where it starts.

    Made from an :class:`OperationReport` (:meth:`of`) in the analysed text's coordinates, then
    placed in its file (:meth:`located`) with the budget that applies to it. ``breakdown`` is the
    cost tree, kept only when an output needs it (``explain``).
    """

    file: str
    line: int
    column: int
    name: str | None
    complexity: int
    credits: int
    credits_exact: Fraction
    records_depth: int
    metadata_depth: int
    budget: int | None = None  # the credits budget that applied to it, if any
    breakdown: CostNode | None = field(default=None, compare=False)

    @classmethod
    def of(cls, report: OperationReport, *, breakdown: bool = False) -> OperationFigures:
        """The figures of ``report``, not yet placed in a file."""
        return cls(
            file="",
            line=report.breakdown.line or 1,
            column=report.breakdown.column or 1,
            name=report.name,
            complexity=report.complexity,
            credits=report.credits,
            credits_exact=report.credits_exact,
            records_depth=report.records_depth,
            metadata_depth=report.metadata_depth,
            breakdown=report.breakdown if breakdown else None,
        )

    def located(self, file: str, line: int, column: int, budget: int | None) -> OperationFigures:
        """These figures, placed in ``file`` with the budget that applies to the operation."""
        return replace(self, file=file, line=line, column=column, budget=budget)


@dataclass(frozen=True, slots=True)
class CheckResult:
    """A whole run: findings sorted by (file, line, column), operations in file order.

    ``limits`` are the limits the run judged by: rule descriptions quote them. ``files`` names
    the files read, as findings name them.
    """

    findings: tuple[Diagnostic, ...]
    operations: tuple[OperationFigures, ...]
    files_checked: int
    schema_origin: str
    limits: Limits = field(default_factory=Limits)
    files: tuple[str, ...] = ()

    def of_operation(self, name: str, label: str) -> CheckResult:
        """The run as if only operation ``name`` had been checked: its figures and its findings.
        Raises :class:`CheckError` (naming ``label``, the files checked) when none is so named."""
        operations = tuple(op for op in self.operations if op.name == name)
        if not operations:
            named = ", ".join(dict.fromkeys(op.name for op in self.operations if op.name))
            raise CheckError(
                f"{label}: no operation named {name} (operations: {named or 'none named'})"
            )
        findings = tuple(f for f in self.findings if f.operation == name)
        return replace(self, findings=findings, operations=operations)

    @property
    def errors(self) -> int:
        return sum(1 for f in self.findings if f.severity == "error")

    @property
    def warnings(self) -> int:
        return sum(1 for f in self.findings if f.severity == "warning")
