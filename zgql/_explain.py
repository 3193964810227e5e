"""``zgql explain``: where an operation's cost comes from, and how to make it fit.

For each operation: the tree of priced resources, sorted within each level by what they cost
with everything beneath them; the totals against each limit; every diagnostic; and, when the
operation is over the complexity or credit limit, a split of its root resources into queries
that each fit (first-fit decreasing: the dearest root first, into the first query it fits).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from fractions import Fraction
from pathlib import Path
from typing import TextIO

from graphql import GraphQLError, OperationDefinitionNode, parse

from zgql._analysis._analyze import analyze
from zgql._analysis._rules._names import DOCUMENT_SIZE, OPERATION_NAME
from zgql._analysis._rules.budget import BudgetRule
from zgql._config import Config
from zgql._exceptions import ConfigError
from zgql._lint._fragments import FragmentDef, assemble, facts_of, needed_fragments
from zgql._lint._python import extract_queries
from zgql._lint._read import Oversize, Unreadable, oversize_message, printable, read_regular
from zgql._lint._runner import project_fragments
from zgql._report import CostNode, Diagnostic, OperationReport, Report
from zgql._schema import Schema, load_schema

__all__ = ["explain", "explain_file", "split_roots"]


def explain_file(path: Path, config: Config, *, operation: str | None, out: TextIO) -> int:
    """Print the explanation of every operation in ``path``; exit status 0, 1 or 2.

    ``path`` is read as ``zgql check`` reads a file: a regular file only (followed if it is a
    symbolic link: the user named it), never more than ``max-document-bytes`` of it. Raises
    :class:`ConfigError`, one line naming the file, when it cannot be read."""
    label = printable(str(path))
    python = path.suffix == ".py"
    bound = config.max_file_bytes if python else config.limits.max_document_bytes
    try:
        data = read_regular(path, bound, follow=True)
        if isinstance(data, Oversize):
            key = "max-file-bytes" if python else "max-document-bytes"
            message = oversize_message(data, bound, key)
            size = Diagnostic(
                DOCUMENT_SIZE, message, line=1, column=1, value=data.size, limit=bound
            )
            out.write(explain(Report(operations=(), diagnostics=(size,)), config, label=label))
            return 1
        text = data.decode("utf-8")
    except Unreadable as exc:
        raise ConfigError(f"{label}: {exc}") from None
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{label}: not UTF-8 text (byte {exc.start})") from None
    units = _units(text, python)
    reports = _analysed(units, config, operation)
    if operation is not None:
        # With --operation, only the query that holds it; none holding it is the command's
        # error (exit 2), not a finding.
        reports = [(report, to_file) for report, to_file in reports if report.operations]
        if not reports:
            names = ", ".join(_operation_names(query for query, _ in units)) or "none named"
            raise ConfigError(f"{label}: no operation named {operation} in the file ({names})")
    if not units:
        out.write(f"{label}: no query to explain\n")
        return 0
    texts = [
        explain(_named_only(report, operation), config, label=label, to_file=to_file)
        for report, to_file in reports
    ]
    out.write("\n".join(texts))
    return 0 if all(_named_only(r, operation).ok for r, _ in reports) else 1


Mapping = Callable[[int, int], tuple[int, int]]  # a document's (line, column) → its file's
# A position of what was analysed → (the file it is in when not the one explained, line, column).
Place = Callable[[int, int], tuple[str | None, int, int]]


class _Fragments:
    """Fragments a document spreads but does not define, taken from the rest of the project as
    ``zgql check`` takes them (read once, when first needed)."""

    def __init__(self, config: Config, schema: Schema) -> None:
        self.config, self.schema = config, schema
        self._found: dict[str, tuple[FragmentDef, str, Mapping]] | None = None

    def assembled(self, query: str, to_file: Mapping) -> tuple[str, Place]:
        """The document with the fragments it needs appended, and where each position is."""
        facts = facts_of(query, self.config.limits.max_document_tokens)
        needed: list[FragmentDef] = []
        if facts.spreads - {f.name for f in facts.fragments}:
            if self._found is None:
                self._found = project_fragments(self.config, self.schema)
            found = self._found
            needed = needed_fragments(facts, {name: item[0] for name, item in found.items()})
        assembly = assemble(query, needed)
        origins = [self._found[f.name] for f in needed] if self._found else []

        def place(line: int, column: int) -> tuple[str | None, int, int]:
            index, own_line = assembly.origin(line)
            if index is None:
                return (None, *to_file(own_line, column))
            _, file, unit_to_file = origins[index]
            return (printable(file), *unit_to_file(own_line, column))

        return assembly.text, place


def _analysed(
    units: list[tuple[str, Mapping]], config: Config, operation: str | None
) -> list[tuple[Report, Place]]:
    """Each document analysed with the fragments it takes from other files, as ``check``
    analyses it, and where each of its positions is."""
    schema = load_schema(config.schema)
    fragments = _Fragments(config, schema)
    reports: list[tuple[Report, Place]] = []
    for query, to_file in units:
        assembled, place = fragments.assembled(query, to_file)
        report = analyze(assembled, schema, operation_name=operation, limits=config.limits)
        reports.append((report, place))
    return reports


def _units(text: str, python: bool) -> list[tuple[str, Mapping]]:
    """The documents of a file, each with the map from its positions to the file's: a GraphQL
    file is one; a Python file has one per embedded query, found as ``zgql check`` finds them
    (a query it cannot read exactly is not explained)."""
    if not python:
        return [(text, _same)]
    queries, _unreadable = extract_queries(text)
    return [(query.text, query.to_file) for query in queries]


def _operation_names(queries: Iterable[str]) -> list[str]:
    """The named operations of documents that parse (for the message naming what is there)."""
    names: list[str] = []
    for query in queries:
        try:
            document = parse(query)
        except GraphQLError:
            continue
        names.extend(
            d.name.value
            for d in document.definitions
            if isinstance(d, OperationDefinitionNode) and d.name is not None
        )
    return names


def _same(line: int, column: int) -> tuple[int, int]:
    return line, column


def _named_only(report: Report, operation: str | None) -> Report:
    """With ``--operation``, the report of the embedded query that holds it, as is; the others'
    "no operation named" is not theirs to say."""
    if operation is None:
        return report
    kept = tuple(d for d in report.diagnostics if d.rule != OPERATION_NAME)
    return Report(operations=report.operations, diagnostics=kept)


def _here(line: int, column: int) -> tuple[str | None, int, int]:
    return None, line, column


def _at(place: tuple[str | None, int, int], label: str) -> str:
    """``line:column``, after the file's name when it is another file (or ``label`` is given)."""
    file, line, column = place
    prefix = file or label
    return f"{prefix}:{line}:{column}" if prefix else f"{line}:{column}"


def explain(report: Report, config: Config, *, label: str = "", to_file: Place = _here) -> str:
    """The explanation of a report, as text: each operation, then what concerns none of them
    (syntax and schema errors, operations that were not analysed). ``to_file`` maps the
    analysed text's positions to the file's (a query embedded in Python)."""
    lines: list[str] = []
    for operation in report.operations:
        lines.extend(_operation(operation, config, label, to_file))
    owned = {id(d) for operation in report.operations for d in operation.diagnostics}
    lines.extend(
        f"{_at(to_file(d.line or 1, d.column or 1), label)}: {d.rule} {d.message}"
        for d in report.diagnostics
        if id(d) not in owned
    )
    return "\n".join(lines or [f"{label}: no operation to explain"]) + "\n"


def _operation(operation: OperationReport, config: Config, label: str, to_file: Place) -> list[str]:
    limits = config.limits
    name = operation.name or "(anonymous query)"
    _, line, _ = to_file(operation.breakdown.line or 1, operation.breakdown.column or 1)
    where = f"{label}:{line}" if label else ""
    lines = [f"{name}  {where}".rstrip(), ""]
    lines.extend(_tree(operation.breakdown))
    lines.append("")
    exact = operation.credits_exact
    budget = config.budget(operation.name)
    rows = [
        (
            "complexity",
            str(operation.complexity),
            limits.complexity,
            operation.complexity <= limits.complexity,
        ),
        (
            "credits",
            f"{_number(exact)} (charged {operation.credits})",
            limits.credits,
            exact <= limits.credits,
        ),
        (
            "records depth",
            str(operation.records_depth),
            limits.records_depth,
            operation.records_depth <= limits.records_depth,
        ),
        (
            "metadata depth",
            str(operation.metadata_depth),
            limits.metadata_depth,
            operation.metadata_depth <= limits.metadata_depth,
        ),
    ]
    if budget is not None:
        within = not BudgetRule().over(operation.credits_exact, budget)
        rows.append(("budget", f"{operation.credits} credits", budget, within))
    lines.extend(
        f"  {what:<15} {value:<22} limit {limit:<6} {'ok' if fine else 'OVER'}"
        for what, value, limit, fine in rows
    )
    if operation.diagnostics:
        lines.append("")
        lines.extend(
            f"  {_at(to_file(d.line or 1, d.column or 1), '')} {d.rule}: {d.message}"
            for d in operation.diagnostics
        )
    plan = _split_advice(operation, config)
    if plan:
        lines.extend(["", *plan])
    lines.append("")
    return lines


def _tree(root: CostNode) -> list[str]:
    """The resources as a tree, each level sorted by total cost, dearest first."""
    rows: list[tuple[str, CostNode]] = []

    def visit(node: CostNode, prefix: str) -> None:
        children = sorted(node.children, key=lambda c: (-c.total_points, c.path))
        for index, child in enumerate(children):
            last = index == len(children) - 1
            rows.append((prefix + ("└─ " if last else "├─ ") + _label(child, node), child))
            visit(child, prefix + ("   " if last else "│  "))

    visit(root, "")
    if not rows:
        return ["  (no priced resources: 0 points)"]
    width = max(len(text) for text, _ in rows)
    return [
        f"  {text:<{width}}  {node.kind:<19} {node.points:>4} pts {_number(node.credits):>5} cr"
        f"   total {node.total_points:>4} pts {_number(node.total_credits):>5} cr"
        for text, node in rows
    ]


def _label(node: CostNode, parent: CostNode) -> str:
    path = node.path
    if parent.path and path.startswith(parent.path + "."):
        path = path[len(parent.path) + 1 :]
    return path + (f" (on {node.branch})" if node.branch else "")


def _number(value: Fraction) -> str:
    return str(value.numerator) if value.denominator == 1 else f"{float(value):g}"


def split_roots(roots: list[CostNode], capacity: int) -> list[list[CostNode]]:
    """Roots grouped into queries of at most ``capacity`` points each: first-fit decreasing.

    A root dearer than ``capacity`` on its own gets a group of its own (it must shed lookups).
    """
    groups: list[list[CostNode]] = []
    totals: list[int] = []
    for root in sorted(roots, key=lambda r: (-r.total_points, r.path)):
        for index, total in enumerate(totals):
            if total + root.total_points <= capacity:
                groups[index].append(root)
                totals[index] += root.total_points
                break
        else:
            groups.append([root])
            totals.append(root.total_points)
    return groups


def _split_advice(operation: OperationReport, config: Config) -> list[str]:
    limits = config.limits
    budget = config.budget(operation.name)
    per_credit = limits.interpretations.points_per_credit
    credit_cap = min(limits.credits, budget) if budget is not None else limits.credits
    capacity = min(limits.complexity, credit_cap * per_credit)
    if operation.complexity <= capacity:
        return []
    roots = list(operation.breakdown.children)
    groups = split_roots(roots, capacity)
    parts = []
    for group in groups:
        points = sum(root.total_points for root in group)
        charged = -(-points // per_credit)
        names = ", ".join(root.path.rsplit(".", 1)[-1] for root in group)
        parts.append((names, charged, points))
    heading = f"  To fit {capacity} points ({credit_cap} credits) per call, split the roots"
    advice = [f"{heading} into {len(groups)} queries:"]
    advice.extend(
        f"    {{{names}}}: {charged} credits ({points} points)" for names, charged, points in parts
    )
    too_big = [root for root in roots if root.total_points > capacity]
    for root in too_big:
        dearest = sorted(root.children, key=lambda c: -c.total_points)
        names = ", ".join(child.path.rsplit(".", 1)[-1] for child in dearest[:3])
        advice.append(
            f"  {root.path} alone costs {root.total_points} points: fetch its "
            f"dearest lookups ({names}) in a second query by id."
        )
    return advice
