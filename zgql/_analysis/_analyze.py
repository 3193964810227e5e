"""``analyze``: text in, :class:`Report` out, never an exception.

Two engines reach one verdict. The fast path (:mod:`zgql._analysis._fast`) tokenizes, parses
and validates against the schema's compiled type form, without graphql-core; it decides only
the documents it proves valid, and hands every other one to the graphql-core engine
(:mod:`zgql._analysis._core`: parse, ``operation-type``, ``validate`` with every specified
rule, variables), which words each diagnostic. Either way each operation that validated gets
one walk for its facts and the cost rules over them (:func:`judge`): one walker, one set of
rules, so the engines' figures cannot drift.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Mapping
from fractions import Fraction
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Literal

from zgql._analysis._collect import FieldCollector
from zgql._analysis._facts import OperationFacts, Resource
from zgql._analysis._rules import COST_RULES
from zgql._analysis._rules._base import position
from zgql._analysis._rules._names import SYNTAX
from zgql._analysis._walk import Walker
from zgql._limits import Limits
from zgql._report import CostNode, Diagnostic, OperationReport, Report
from zgql._schema import Schema, load_schema

if TYPE_CHECKING:
    from graphql import FragmentDefinitionNode, OperationDefinitionNode

__all__ = ["BUNDLED_SCHEMA_HINT", "ENGINES", "Engine", "analyze", "judge"]

BUNDLED_SCHEMA_HINT = (
    "The bundled schema holds Zoho's standard modules and fields only: if your org has this "
    "one, pull its schema (zgql schema pull) and check against it (--schema, or schema in "
    "[tool.zgql])."
)

Engine = Literal["auto", "graphql-core"]
ENGINES: tuple[str, ...] = ("auto", "graphql-core")
_DEFAULT_LIMITS: Limits | None = None


def analyze(
    source: str | bytes,
    schema: Schema | str | os.PathLike[str] | None = None,
    *,
    variables: Mapping[str, Any] | None = None,
    operation_name: str | None = None,
    limits: Limits | None = None,
    engine: Engine = "auto",
) -> Report:
    """Analyse a GraphQL document against a Zoho CRM schema and Zoho's limits.

    Every problem with ``source`` is a :class:`Diagnostic` in the report; nothing about the
    text raises. ``schema`` is a :class:`Schema`, or the path :func:`zgql.load_schema` takes
    (a :class:`zgql.SchemaError` when it cannot be loaded); the bundled schema by default.
    ``variables`` are the values the call would send (``None``: not known yet, as when
    linting); ``operation_name`` restricts the analysis to one operation. ``engine``:
    ``"auto"`` tries the fast path and falls back to graphql-core for any document it does not
    prove valid; ``"graphql-core"`` always uses graphql-core. The report is the same either
    way, but for :attr:`Report.engine`, which names the engine that produced it.
    """
    if engine not in ENGINES:
        raise ValueError(f"engine must be one of {', '.join(ENGINES)}, not {engine!r}")
    schema = schema if isinstance(schema, Schema) else load_schema(schema)
    limits = limits if limits is not None else _default_limits()
    try:
        if engine == "auto":
            from zgql._analysis._fast import analyze_fast  # noqa: PLC0415 - layering: see below

            report = analyze_fast(source, schema, limits, variables, operation_name)
            if report is not None:
                return report
        from zgql._analysis._core import Analysis  # noqa: PLC0415 - imports graphql-core

        return Analysis(schema, limits, variables).run(source, operation_name)
    except RecursionError:
        message = "the document nests too deeply to be analysed (or sent): flatten it"
        return Report(diagnostics=(Diagnostic(rule=SYNTAX, message=message),))


def _default_limits() -> Limits:
    global _DEFAULT_LIMITS  # noqa: PLW0603 - built once, on first use, from the data file
    if _DEFAULT_LIMITS is None:
        _DEFAULT_LIMITS = Limits()
    return _DEFAULT_LIMITS


def judge(
    schema: Schema,
    limits: Limits,
    prices: Mapping[str, int],
    operation: OperationDefinitionNode,
    fragments: Mapping[str, FragmentDefinitionNode],
    known: Mapping[str, Any],
    own: list[Diagnostic],
) -> OperationReport:
    """One validated operation's facts, judged by every cost rule (their diagnostics are added
    to ``own``): the same for both engines' nodes."""
    index = schema.cost_index
    collector = FieldCollector(fragments, known, index.possible_types)
    facts = Walker(index, collector, known, prices, limits).walk(operation)
    for rule in COST_RULES:
        own.extend(rule.check(facts, limits))
    return _report(facts, limits, tuple(sorted(own, key=source_order)))


@functools.lru_cache(maxsize=16)
def prices(limits: Limits) -> Mapping[str, int]:
    """The points of each price key (:meth:`Limits.prices`), read-only and built once per
    limits: every operation of every document asks."""
    return MappingProxyType(limits.prices())


def _report(
    facts: OperationFacts, limits: Limits, diagnostics: tuple[Diagnostic, ...]
) -> OperationReport:
    per_credit = limits.interpretations.points_per_credit
    line, column = position(facts.node)
    breakdown = CostNode(
        path="",
        kind="operation",
        type_name="Query",
        points=0,
        total_points=facts.complexity,
        points_per_credit=per_credit,
        line=line,
        column=column,
        children=tuple(_cost_node(r, per_credit) for r in facts.resources),
    )
    return OperationReport(
        name=facts.name,
        complexity=facts.complexity,
        credits_exact=Fraction(facts.complexity, per_credit),
        records_depth=facts.records_depth,
        metadata_depth=facts.metadata_depth,
        breakdown=breakdown,
        diagnostics=diagnostics,
    )


def _cost_node(resource: Resource, per_credit: int) -> CostNode:
    line, column = position(resource.node)
    return CostNode(
        path=resource.path,
        kind=resource.kind.value,
        type_name=resource.type_name,
        points=resource.points,
        total_points=resource.total,
        points_per_credit=per_credit,
        children=tuple(_cost_node(child, per_credit) for child in resource.children),
        line=line,
        column=column,
        branch=resource.branch,
    )


def source_order(diagnostic: Diagnostic) -> tuple[int, int]:
    return (diagnostic.line or 0, diagnostic.column or 0)
