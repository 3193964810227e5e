"""The graphql-core engine: parse, operation types, ``validate`` with every specified rule,
variables coerced by graphql-core, then the shared walk and rules. It words every syntax and
schema diagnostic; the fast path (:mod:`zgql._analysis._fast`) hands it every document it does
not prove valid."""

from __future__ import annotations

import bisect
from collections.abc import Mapping
from typing import Any

from graphql import (
    DocumentNode,
    FragmentDefinitionNode,
    GraphQLError,
    Node,
    OperationDefinitionNode,
    OperationType,
    Source,
    parse,
    validate,
)

from zgql._analysis._analyze import BUNDLED_SCHEMA_HINT, judge, prices, source_order
from zgql._analysis._rules._base import position
from zgql._analysis._rules._names import DOCUMENT_SIZE, OPERATION_NAME, SCHEMA, SYNTAX, VARIABLES
from zgql._analysis._rules.operation_type import OperationTypeRule
from zgql._analysis._spreads import spread_names
from zgql._analysis._variables import known_variables, variables_problem
from zgql._limits import Limits
from zgql._report import Diagnostic, OperationReport, Report
from zgql._schema import Schema

__all__ = ["Analysis"]

_OPERATION_TYPE = OperationTypeRule()
_TOO_MANY_TOKENS = "tokens. Parsing aborted."  # graphql-core's wording of max_lexical_tokens


class Analysis:
    def __init__(self, schema: Schema, limits: Limits, variables: Mapping[str, Any] | None) -> None:
        self.schema, self.limits, self.variables = schema, limits, variables
        self.diagnostics: list[Diagnostic] = []
        self.prices = prices(limits)

    def run(self, source: str | bytes, operation_name: str | None) -> Report:
        problem = variables_problem(self.variables)
        if problem is not None:
            self._add(VARIABLES, problem)
            self.variables = None  # judged as if not yet known: every other finding still comes
        document = self._parse(source)
        if document is None:
            return Report(diagnostics=tuple(self.diagnostics))
        operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
        selected = self._select(operations, operation_name)
        queries = [op for op in selected if self._is_query(op)]
        invalid = self._validate(document, operations)
        fragments = {
            d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
        }
        reports = [self._operation(op, fragments) for op in queries if id(op) not in invalid]
        diagnostics = sorted(self.diagnostics, key=source_order)
        return Report(
            operations=tuple(reports), diagnostics=tuple(diagnostics), engine="graphql-core"
        )

    # -- document -------------------------------------------------------------------------------

    def _parse(self, source: object) -> DocumentNode | None:
        if isinstance(source, bytes):
            if len(source) > self.limits.max_document_bytes:
                self._refuse_size(len(source))
                return None
            try:
                source = source.decode("utf-8")
            except UnicodeDecodeError as exc:
                self._add(SYNTAX, f"the document is not UTF-8 text (byte {exc.start})")
                return None
        if not isinstance(source, str):
            self._add(SYNTAX, f"expected GraphQL text, got {type(source).__name__}")
            return None
        if self._oversized(source):
            return None
        tokens = self.limits.max_document_tokens
        try:
            return parse(Source(source, "query"), max_lexical_tokens=tokens)
        except GraphQLError as error:
            line, column = _error_position(error)
            if error.message.endswith(_TOO_MANY_TOKENS):
                message = (
                    f"the document has more than {tokens} tokens (max-document-tokens): "
                    "no real query is this large; split it, or raise the bound"
                )
                self._add(DOCUMENT_SIZE, message, line=line, column=column, limit=tokens)
            else:
                self._add(SYNTAX, error.message, line=line, column=column)
            return None

    def _oversized(self, source: str) -> bool:
        """Refuse a document over ``max-document-bytes`` before any work that grows with it."""
        bound = self.limits.max_document_bytes
        # A code point is at most 4 UTF-8 bytes: most texts are judged without encoding them.
        if len(source) * 4 <= bound:
            return False
        size = len(source.encode("utf-8", "surrogatepass"))
        if size <= bound:
            return False
        self._refuse_size(size)
        return True

    def _refuse_size(self, size: int) -> None:
        bound = self.limits.max_document_bytes
        message = (
            f"the document is {size} bytes, over the bound of {bound} (max-document-bytes): "
            "no real query is this large; split it, or raise the bound"
        )
        self._add(DOCUMENT_SIZE, message, value=size, limit=bound)

    def _select(
        self, operations: list[OperationDefinitionNode], name: str | None
    ) -> list[OperationDefinitionNode]:
        if name is None:
            return operations
        chosen = [op for op in operations if op.name is not None and op.name.value == name]
        if not chosen:
            names = ", ".join(op.name.value for op in operations if op.name) or "none named"
            self._add(OPERATION_NAME, f"no operation named {name} in the document ({names})")
        return chosen

    def _is_query(self, operation: OperationDefinitionNode) -> bool:
        found = _OPERATION_TYPE.check(operation)
        if found is not None:
            self.diagnostics.append(found)
        return found is None

    def _validate(
        self, document: DocumentNode, operations: list[OperationDefinitionNode]
    ) -> set[int]:
        """Add ``schema`` diagnostics; return the ids of operations that did not validate."""
        errors = validate(self.schema.graphql_schema, document)
        if not errors:
            return set()
        owners = _Owners(document, operations)
        invalid: set[int] = set()
        for error in errors:
            concerned = owners.of(error)
            if concerned and all(op.operation is not OperationType.QUERY for op in concerned):
                continue  # said already, better, by operation-type
            invalid.update(id(op) for op in concerned)
            names = sorted({op.name.value for op in concerned if op.name})
            line, column = _error_position(error)
            self._add(
                SCHEMA,
                self._with_hint(error.message),
                line=line,
                column=column,
                operation=names[0] if len(names) == 1 else None,
            )
        return invalid

    def _with_hint(self, message: str) -> str:
        """A field the bundled schema lacks may well be in the user's org (custom fields,
        modules): say how to check against the org's own schema."""
        if self.schema.origin != "bundled" or not message.startswith("Cannot query field"):
            return message
        return f"{message} {BUNDLED_SCHEMA_HINT}"

    # -- one operation ----------------------------------------------------------------------------

    def _operation(
        self, operation: OperationDefinitionNode, fragments: dict[str, FragmentDefinitionNode]
    ) -> OperationReport:
        name = operation.name.value if operation.name else None
        known, problems = known_variables(self.schema.graphql_schema, operation, self.variables)
        own: list[Diagnostic] = []
        for message, node in problems:
            line, column = position(node)
            own.append(
                Diagnostic(
                    rule=VARIABLES, message=message, line=line, column=column, operation=name
                )
            )
        report = judge(self.schema, self.limits, self.prices, operation, fragments, known, own)
        self.diagnostics.extend(own)
        return report

    def _add(self, rule: str, message: str, **where: Any) -> None:
        self.diagnostics.append(Diagnostic(rule=rule, message=message, **where))


def _error_position(error: GraphQLError) -> tuple[int | None, int | None]:
    if error.locations:
        return error.locations[0].line, error.locations[0].column
    return None, None


class _Owners:
    """Which operations a validation error concerns: by where its nodes stand in the document,
    and for a node inside a fragment, every operation that spreads that fragment."""

    def __init__(self, document: DocumentNode, operations: list[OperationDefinitionNode]) -> None:
        self._operations = operations
        self._starts: list[int] = []
        self._definitions: list[Node] = []
        for definition in document.definitions:
            if definition.loc is not None:
                self._starts.append(definition.loc.start)
                self._definitions.append(definition)
        self._spreads = {
            id(d): spread_names(d.selection_set)
            for d in document.definitions
            if isinstance(d, (OperationDefinitionNode, FragmentDefinitionNode))
        }
        self._fragments = {
            d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
        }

    def of(self, error: GraphQLError) -> list[OperationDefinitionNode]:
        if not error.nodes:
            return list(self._operations)
        concerned: dict[int, OperationDefinitionNode] = {}
        for node in error.nodes:
            definition = self._definition(node)
            if definition is None:
                # graphql-core made the node itself (a coerced value): it has no place in the
                # document, so the error may concern any operation, and none is passed as valid.
                return list(self._operations)
            if isinstance(definition, OperationDefinitionNode):
                concerned[id(definition)] = definition
            elif isinstance(definition, FragmentDefinitionNode):
                name = definition.name.value
                concerned.update(
                    (id(op), op) for op in self._operations if name in self._reachable(op)
                )
        return list(concerned.values())

    def _definition(self, node: Node) -> Node | None:
        if node.loc is None:
            return None
        at = bisect.bisect_right(self._starts, node.loc.start) - 1
        return self._definitions[at] if at >= 0 else None

    def _reachable(self, operation: OperationDefinitionNode) -> set[str]:
        seen: set[str] = set()
        pending = list(self._spreads[id(operation)])
        while pending:
            name = pending.pop()
            fragment = self._fragments.get(name)
            if name in seen or fragment is None:
                continue
            seen.add(name)
            pending.extend(self._spreads[id(fragment)])
        return seen
