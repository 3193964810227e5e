"""What every rule is: a name, the severity of its findings, a statement of the rule that quotes
the configured limits; and, for a cost rule, a check over one operation's facts."""

from __future__ import annotations

import abc
import dataclasses
from collections.abc import Iterator
from fractions import Fraction
from typing import TYPE_CHECKING, ClassVar

from zgql._analysis._facts import OperationFacts, Resource
from zgql._limits import Limits
from zgql._report import Diagnostic, Severity

if TYPE_CHECKING:  # graphql-core's nodes, or the fast parser's (the same attributes)
    from graphql import Node

__all__ = ["CostRule", "Rule", "diagnostic", "largest", "position"]


class Rule:
    """One rule of the catalogue: what ``disable``, suppressions, SARIF, ``zgql rules`` and the
    JSON report know of it.

    ``statement`` is the rule in one sentence, with the limits it enforces as ``str.format``
    fields named after :class:`Limits` and :class:`Interpretations` (``{records_depth}``), so
    that a description always quotes the configured number, never a default written down twice.
    """

    name: ClassVar[str]
    severity: ClassVar[Severity] = "error"
    statement: ClassVar[str]

    def describe(self, limits: Limits) -> str:
        """The statement, with the numbers of ``limits``."""
        return self.statement.format_map(_figures(limits))


class CostRule(Rule, abc.ABC):
    """A rule over the facts of one operation that validated (docs/cost-model.md §4)."""

    @abc.abstractmethod
    def check(self, facts: OperationFacts, limits: Limits) -> Iterator[Diagnostic]:
        """The diagnostics of ``facts`` under ``limits``."""


def _figures(limits: Limits) -> dict[str, object]:
    interpretations = dataclasses.asdict(limits.interpretations)
    return {
        **interpretations,
        **{k: v for k, v in dataclasses.asdict(limits).items() if k != "interpretations"},
    }


def position(node: Node | None) -> tuple[int | None, int | None]:
    """1-based line and column of a node's first token."""
    token = node.loc.start_token if node is not None and node.loc is not None else None
    return (token.line, token.column) if token is not None else (None, None)


def diagnostic(
    rule: str,
    facts: OperationFacts,
    node: Node | None,
    message: str,
    *,
    path: str | None = None,
    value: int | Fraction | None = None,
    limit: int | Fraction | None = None,
) -> Diagnostic:
    line, column = position(node)
    return Diagnostic(
        rule=rule,
        message=message,
        line=line,
        column=column,
        path=path,
        value=value,
        limit=limit,
        operation=facts.name,
    )


def largest(resources: list[Resource], count: int = 3) -> str:
    """The most expensive resources, for a message: ``Records.Leads (150), Meta.Modules (100)``."""
    ranked = sorted(resources, key=lambda r: r.total, reverse=True)[:count]
    return ", ".join(f"{r.path} ({r.total})" for r in ranked)
