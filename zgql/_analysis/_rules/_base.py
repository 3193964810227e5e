"""What every rule is: a name, a docstring stating the rule, and a check over one operation."""

from __future__ import annotations

import abc
from collections.abc import Iterator
from fractions import Fraction
from typing import TYPE_CHECKING, ClassVar

from zgql._analysis._facts import OperationFacts, Resource
from zgql._limits import Limits
from zgql._report import Diagnostic

if TYPE_CHECKING:  # graphql-core's nodes, or the fast parser's (the same attributes)
    from graphql import Node

__all__ = ["Rule", "diagnostic", "largest", "position"]


class Rule(abc.ABC):
    """A check of one operation's facts against the limits."""

    name: ClassVar[str]

    @abc.abstractmethod
    def check(self, facts: OperationFacts, limits: Limits) -> Iterator[Diagnostic]:
        """The diagnostics of ``facts`` under ``limits``."""


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
