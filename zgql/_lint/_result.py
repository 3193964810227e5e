"""What a ``zgql check`` run produces: findings located in files, and each operation's figures.

These are the only inputs of the output formats (``zgql._output``): text, JSON, SARIF, GitHub.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Literal

__all__ = ["CheckResult", "Finding", "OperationFigures"]

Severity = Literal["error", "warning"]


@dataclass(frozen=True, slots=True)
class Finding:
    """One diagnostic, located in a file on disk.

    ``file`` is the path as the user would type it (relative to the working directory when it
    lies below it, POSIX separators). ``line`` and ``column`` are 1-based positions in that
    file — for a query embedded in Python, positions in the ``.py`` file. ``path`` is the
    GraphQL response path of the field concerned, if any.
    """

    file: str
    line: int
    column: int
    rule: str
    message: str
    severity: Severity = "error"
    path: str | None = None
    value: int | Fraction | None = None
    limit: int | Fraction | None = None
    operation: str | None = None


@dataclass(frozen=True, slots=True)
class OperationFigures:
    """The figures of one analysed operation, and where it starts."""

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


@dataclass(frozen=True, slots=True)
class CheckResult:
    """A whole run: findings sorted by (file, line, column), operations in file order."""

    findings: tuple[Finding, ...]
    operations: tuple[OperationFigures, ...]
    files_checked: int
    schema_origin: str

    @property
    def errors(self) -> int:
        return sum(1 for f in self.findings if f.severity == "error")

    @property
    def warnings(self) -> int:
        return sum(1 for f in self.findings if f.severity == "warning")
