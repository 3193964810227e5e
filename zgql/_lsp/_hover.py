"""What a field is to Zoho's cost model, said where the cursor rests on it.

The field under the cursor is found in the query unit that holds it (the whole ``.graphql``
file, or the Python string ``zgql check`` reads as a query), with graphql-core's ``TypeInfo``
for the type it is selected on; the compiled cost index says what kind of field that is; the
cost tree of the last check (placed in the file) gives its points and credits and how deep it
lies. Every sentence about a limit quotes the configured figure, through the rule catalogue.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction

from graphql import (
    FieldNode,
    GraphQLError,
    OperationDefinitionNode,
    TypeInfo,
    TypeInfoVisitor,
    Visitor,
    parse,
    visit,
)

from zgql._limits import Limits
from zgql._lint._python import extract_queries
from zgql._lint._read import QUERY_SUFFIXES
from zgql._lint._result import OperationFigures
from zgql._lint._rules import rule_named
from zgql._lsp._project import Checked
from zgql._report import CostNode
from zgql._schema import Schema
from zgql._schema._index import FieldSpec, Kind

__all__ = ["Target", "describe", "figures_line", "target_at"]

_ToFile = Callable[[int, int], tuple[int, int]]  # a unit's (line, column) → the file's

_RECORD_KINDS = frozenset(
    {Kind.ROOT, Kind.PARENT_LOOKUP, Kind.CHILD_RELATION, Kind.MULTI_MODULE_LOOKUP}
)
_KIND_NAMES = {
    Kind.PLAIN: "plain field",
    Kind.RECORDS: "the records root",
    Kind.META: "the metadata root",
    Kind.ROOT: "root resource",
    Kind.DATA: "records list",
    Kind.PARENT_LOOKUP: "parent lookup",
    Kind.CHILD_RELATION: "child relation",
    Kind.MULTI_MODULE_LOOKUP: "multi-module lookup",
    Kind.META_RESOURCE: "metadata resource",
}


@dataclass(frozen=True, slots=True)
class Target:
    """What the cursor rests on: a field (its parent type and name) or an operation's name,
    where it starts in the file (1-based, code points) and where its name ends."""

    line: int
    column: int
    end_column: int
    parent_type: str | None = None
    field: str | None = None
    operation: str | None = None


def target_at(checked: Checked, line: int, column: int) -> Target | None:
    """The field or operation name at the file's (line, column), or None."""
    if checked.schema is None or checked.oversize:
        return None
    limits = checked.limits or Limits()
    for text, to_file in _units(checked):
        if len(text) > limits.max_document_bytes:
            continue  # the analysis refused it unparsed: so does the hover
        try:
            document = parse(text, max_lexical_tokens=limits.max_document_tokens)
        except (GraphQLError, RecursionError):
            continue
        finder = _Finder(checked.schema, to_file, line, column)
        try:
            visit(document, TypeInfoVisitor(finder.type_info, finder))
        except RecursionError:
            continue
        if finder.found is not None:
            return finder.found
    return None


def _units(checked: Checked) -> list[tuple[str, _ToFile]]:
    if checked.path.suffix in QUERY_SUFFIXES:
        return [(checked.text, _same)]
    queries, _ = extract_queries(checked.text)
    return [(query.text, query.to_file) for query in queries]


def _same(line: int, column: int) -> tuple[int, int]:
    return line, column


class _Finder(Visitor):
    """Visits fields with their parent types known; keeps the one whose name the cursor is on."""

    def __init__(self, schema: Schema, to_file: _ToFile, line: int, column: int) -> None:
        super().__init__()
        self.type_info = TypeInfo(schema.graphql_schema)
        self.to_file, self.line, self.column = to_file, line, column
        self.found: Target | None = None

    def enter_field(self, node: FieldNode, *_: object) -> None:
        span = self._span(node)
        parent = self.type_info.get_parent_type()
        if span is not None and parent is not None:
            line, start, end = span
            self.found = Target(line, start, end, parent.name, node.name.value)

    def enter_operation_definition(self, node: OperationDefinitionNode, *_: object) -> None:
        if node.name is not None and node.name.loc is not None:
            token = node.name.loc.start_token
            line, start = self.to_file(token.line, token.column)
            end = start + len(node.name.value)
            if line == self.line and start <= self.column <= end:
                self.found = Target(line, start, end, operation=node.name.value)

    def _span(self, node: FieldNode) -> tuple[int, int, int] | None:
        """Where the field starts (its alias, if any) and its name ends, when the cursor is
        within; a name never holds an escape, so it maps to the file as one run."""
        if node.loc is None or node.name.loc is None:
            return None
        first, name = node.loc.start_token, node.name.loc.start_token
        line, start = self.to_file(first.line, first.column)
        name_line, name_start = self.to_file(name.line, name.column)
        end = name_start + len(node.name.value)
        if line == name_line == self.line and start <= self.column <= end:
            return line, start, end
        if name_line == self.line and name_start <= self.column <= end:
            return name_line, name_start, end
        return None


def describe(checked: Checked, target: Target) -> str | None:
    """The hover text (Markdown) for ``target``; None when there is nothing to say."""
    limits = checked.limits or Limits()
    if target.operation is not None:
        operation = next((op for op in checked.operations if op.name == target.operation), None)
        return (
            None
            if operation is None
            else f"**{target.operation}**: {figures_line(operation, limits)}"
        )
    spec, metadata = _spec(checked, target)
    if spec is None:
        return None
    title = f"**{target.field}** ({target.parent_type}.{target.field}: {spec.type_name}) — "
    title += _KIND_NAMES[spec.kind]
    if spec.data_type:
        title += f", Zoho data type `{spec.data_type}`"
    lines = [title]
    placed = _placed(checked, target)
    if placed:
        lines.extend(_priced(placed, limits))
    elif spec.kind is Kind.PLAIN:
        lines.extend(_plain(spec, limits, metadata=metadata))
    elif spec.kind in {Kind.RECORDS, Kind.META, Kind.DATA}:
        lines.append("No points of its own: the resources under it are priced.")
    else:
        lines.append(f"{_KIND_NAMES[spec.kind].capitalize()}: not priced in this operation.")
    if spec.unsupported:
        lines.append(f"Cannot be queried: {spec.unsupported}.")
    return "\n\n".join(lines)


def _spec(checked: Checked, target: Target) -> tuple[FieldSpec | None, bool]:
    """The field's entry in the cost index, and whether it is on the metadata side."""
    assert checked.schema is not None
    index = checked.schema.cost_index
    parent, name = target.parent_type or "", target.field or ""
    records = index.records.get(parent, {}).get(name)
    return (records, False) if records is not None else (index.meta.get(parent, {}).get(name), True)


@dataclass(frozen=True, slots=True)
class _Placed:
    node: CostNode
    level: int  # of record resources from the operation down to this one (or of metadata ones)
    operation: OperationFigures


def _placed(checked: Checked, target: Target) -> list[_Placed]:
    """Every cost-tree node at the target (a fragment spread twice is priced twice)."""
    found: list[_Placed] = []
    for operation in checked.operations:
        if operation.breakdown is None:
            continue
        stack: list[tuple[CostNode, int]] = [(operation.breakdown, 0)]
        while stack:
            node, level = stack.pop()
            at = (node.file, node.line, node.column)
            if node.kind != "operation" and at == (operation.file, target.line, target.column):
                found.append(_Placed(node, level, operation))
            stack.extend((child, level + 1) for child in node.children)
    return found


def _priced(placed: list[_Placed], limits: Limits) -> list[str]:
    first = placed[0]
    node = first.node
    price = (
        f"{node.points} points · {_credits(node.credits)} of its own; "
        f"{node.total_points} points · {_credits(node.total_credits)} with what it holds"
    )
    if len(placed) > 1:
        price += f" (counted {len(placed)} times: a fragment spread more than once)"
    lines = [price]
    for item in placed[:3]:
        operation = item.operation
        name = operation.name or "the anonymous operation"
        if Kind(node.kind) in _RECORD_KINDS:
            depth = (
                f"records depth: level {item.level} of {limits.records_depth} "
                f"(the operation reaches {operation.records_depth})"
            )
        else:
            depth = (
                f"metadata depth: the operation reaches {operation.metadata_depth} "
                f"of {limits.metadata_depth}"
            )
        lines.append(
            f"In {name}: complexity contribution {item.node.total_points} of the operation's "
            f"{operation.complexity} (limit {limits.complexity}); {depth}."
        )
    rule = "lookups-per-resource" if Kind(node.kind) in _RECORD_KINDS - {Kind.ROOT} else None
    lines.append(_counts(["complexity", "credits", rule], limits))
    return lines


def _plain(spec: FieldSpec, limits: Limits, *, metadata: bool) -> list[str]:
    if metadata:  # metadata fields count by how deep they nest, not per record selection
        rules = [
            None if limits.interpretations.metadata_depth_model == "resources" else "metadata-depth"
        ]
    else:
        rules = ["fields-per-resource", "textareas-per-resource" if spec.textarea else None]
    counted = _counts(rules, limits)
    return ["No points: a plain field is free.", *([counted] if counted else [])]


def _counts(names: list[str | None], limits: Limits) -> str:
    described = []
    for name in names:
        rule = rule_named(name) if name else None
        if rule is not None:
            described.append(f"- `{rule.name}`: {rule.describe(limits)}")
    return "Counts toward:\n" + "\n".join(described) if described else ""


def figures_line(operation: OperationFigures, limits: Limits) -> str:
    """An operation's figures against the limits: what the code lens shows."""
    budget = f" (budget {operation.budget})" if operation.budget is not None else ""
    return (
        f"complexity {operation.complexity} · "
        f"{operation.credits} credit{'' if operation.credits == 1 else 's'} "
        f"({_figure(operation.credits_exact)}){budget} · "
        f"records depth {operation.records_depth}/{limits.records_depth} · "
        f"metadata depth {operation.metadata_depth}/{limits.metadata_depth}"
    )


def _credits(value: Fraction) -> str:
    return f"{_figure(value)} credit{'' if value == 1 else 's'}"


def _figure(value: Fraction) -> str:
    return str(value.numerator) if value.denominator == 1 else f"{float(value):g}"
