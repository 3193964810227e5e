"""The fast path: a document proved valid without graphql-core, judged by the shared walk.

:func:`analyze_fast` returns a report only for a document that it parses
(:mod:`._parser`) and proves valid (:mod:`._validate`) against the schema's compiled type form,
whose operations need no variable coerced (none supplied, no defaults: coercion is
graphql-core's). Everything else — errors of any kind, and what it does not model — returns
None, and the caller hands the document to the graphql-core engine, which words the
diagnostics. Nothing here imports graphql-core.
"""

from __future__ import annotations

import gc
from collections.abc import Mapping
from typing import Any

from zgql._analysis._analyze import judge, prices, source_order
from zgql._analysis._fast._lexer import Unsupported
from zgql._analysis._fast._nodes import Document
from zgql._analysis._fast._parser import parse
from zgql._analysis._fast._validate import validate
from zgql._analysis._variables import variables_problem
from zgql._limits import Limits
from zgql._report import Diagnostic, Report
from zgql._schema import Schema

__all__ = ["analyze_fast", "parse_fast"]

_LARGE = 256 * 1024  # characters: past this the collector is paused while judging


def parse_fast(source: str, max_tokens: int) -> Document | None:
    """The document's tree when the fast parser reads it as graphql-core would; else None."""
    try:
        return parse(source, max_tokens)
    except (Unsupported, RecursionError):
        return None


def analyze_fast(
    source: object,
    schema: Schema,
    limits: Limits,
    variables: Mapping[str, Any] | None,
    operation_name: str | None,
) -> Report | None:
    """The report of a document proved valid; None when graphql-core must decide."""
    text = _text(source, limits)
    if text is None or variables_problem(variables) is not None:
        return None
    if len(text) < _LARGE or not gc.isenabled():
        return _analyze(text, schema, limits, variables, operation_name)
    # A large document makes millions of objects and no cycles: the cyclic collector would
    # only rescan them (it doubled the time of a 2 MB document, and made it grow faster than
    # the size); paused for this call only.
    gc.disable()
    try:
        return _analyze(text, schema, limits, variables, operation_name)
    finally:
        gc.enable()


def _analyze(
    text: str,
    schema: Schema,
    limits: Limits,
    variables: Mapping[str, Any] | None,
    operation_name: str | None,
) -> Report | None:
    document = parse_fast(text, limits.max_document_tokens)
    if document is None:
        return None
    operations = [d for d in document.definitions if d.kind == "operation_definition"]
    if operation_name is not None:
        operations = [op for op in operations if op.name and op.name.value == operation_name]
        if not operations:
            return None  # the graphql-core engine says which operations there are
    for operation in operations:
        definitions = operation.variable_definitions
        if definitions and (variables is not None or any(d.default_value for d in definitions)):
            return None  # values to coerce: graphql-core's work
    try:
        validate(document, schema._types)  # noqa: SLF001 - the analysis reads the compiled form
    except Unsupported:
        return None
    return _judge(document, operations, schema, limits)


def _judge(document: Document, operations: list[Any], schema: Schema, limits: Limits) -> Report:
    fragments = {d.name.value: d for d in document.definitions if d.kind == "fragment_definition"}
    diagnostics: list[Diagnostic] = []
    reports = []
    table = prices(limits)
    for operation in operations:
        own: list[Diagnostic] = []
        reports.append(judge(schema, limits, table, operation, fragments, {}, own))
        diagnostics.extend(own)
    diagnostics.sort(key=source_order)
    return Report(operations=tuple(reports), diagnostics=tuple(diagnostics), engine="fast")


def _text(source: object, limits: Limits) -> str | None:
    """The text to analyse, when it is plainly within the size bound; else None (the
    graphql-core engine refuses, or words why it cannot be read)."""
    if isinstance(source, bytes):
        if len(source) > limits.max_document_bytes:
            return None
        try:
            source = source.decode("utf-8")
        except UnicodeDecodeError:
            return None
    if not isinstance(source, str) or len(source) * 4 > limits.max_document_bytes:
        return None
    return source
