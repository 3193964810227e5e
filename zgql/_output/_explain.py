"""The ``explain`` format: where each operation's cost comes from, and how to make it fit.

For each operation: the tree of priced resources, sorted within each level by what they cost
with everything beneath them; the totals against each limit (and its budget); its findings;
and, when it is over the complexity or credit limit, a split of its root resources into queries
that each fit (first-fit decreasing: the dearest root first, into the first query it fits).
Findings of no operation (syntax, schema, a file zgql cannot read exactly) follow, then the
summary line of the ``text`` format. ``zgql explain FILE`` is ``zgql check FILE --format
explain``: it reads exactly what ``check`` reads, and exits as ``check`` exits.
"""

from __future__ import annotations

from collections.abc import Iterable
from fractions import Fraction

from zgql._analysis._rules.budget import BudgetRule
from zgql._limits import Limits
from zgql._lint._read import printable
from zgql._lint._result import CheckResult, OperationFigures
from zgql._output._text import summary
from zgql._report import CostNode, Diagnostic

__all__ = ["owned_by", "render", "split_roots"]

_BUDGET = BudgetRule()


def render(result: CheckResult) -> str:
    owned, loose = _owners(result)
    blocks = [
        "\n".join(_operation(op, owned.get(id(op), []), result.limits)) for op in result.operations
    ]
    if loose:
        blocks.append("\n".join(_where(f, None) + f" {f.rule} {f.message}" for f in loose) + "\n")
    if not result.operations and not loose and result.files_checked:
        blocks.append("No operation to explain.\n")
    return "".join(block + "\n" for block in blocks) + summary(result) + "\n"


def owned_by(
    finding: Diagnostic, operations: Iterable[OperationFigures]
) -> OperationFigures | None:
    """The operation a finding is about: the one of its name in its file; else (a finding inside
    a fragment that another file defines) the first of its name anywhere."""
    if finding.operation is None:
        return None
    named = [op for op in operations if op.name == finding.operation]
    here = [op for op in named if op.file == finding.file]
    return here[0] if here else named[0] if named else None


def _owners(result: CheckResult) -> tuple[dict[int, list[Diagnostic]], list[Diagnostic]]:
    """The findings of each operation (by ``id``), and those of none, in one pass."""
    owned: dict[int, list[Diagnostic]] = {}
    loose: list[Diagnostic] = []
    for finding in result.findings:
        owner = owned_by(finding, result.operations)
        if owner is None:
            loose.append(finding)
        else:
            owned.setdefault(id(owner), []).append(finding)
    return owned, loose


def _where(finding: Diagnostic, operation: OperationFigures | None) -> str:
    """``line:column`` in the operation's own file, else ``file:line:column:``."""
    file, line, column = finding.place
    if operation is not None and file == operation.file:
        return f"{line}:{column}"
    return f"{printable(file)}:{line}:{column}" + ("" if operation is not None else ":")


def _operation(op: OperationFigures, findings: list[Diagnostic], limits: Limits) -> list[str]:
    name = op.name or "(anonymous query)"
    lines = [f"{name}  {printable(op.file)}:{op.line}", ""]
    lines.extend(_tree(op.breakdown) if op.breakdown is not None else [])
    lines.append("")
    lines.extend(_totals(op, limits))
    if findings:
        lines.append("")
        lines.extend(f"  {_where(f, op)} {f.rule}: {f.message}" for f in findings)
    advice = _split_advice(op, limits)
    if advice:
        lines.extend(["", *advice])
    lines.append("")
    return lines


def _totals(op: OperationFigures, limits: Limits) -> list[str]:
    exact = op.credits_exact
    rows = [
        ("complexity", str(op.complexity), limits.complexity, op.complexity <= limits.complexity),
        (
            "credits",
            f"{_number(exact)} (charged {op.credits})",
            limits.credits,
            exact <= limits.credits,
        ),
        (
            "records depth",
            str(op.records_depth),
            limits.records_depth,
            op.records_depth <= limits.records_depth,
        ),
        (
            "metadata depth",
            str(op.metadata_depth),
            limits.metadata_depth,
            op.metadata_depth <= limits.metadata_depth,
        ),
    ]
    if op.budget is not None:
        rows.append(
            ("budget", f"{op.credits} credits", op.budget, not _BUDGET.over(exact, op.budget))
        )
    return [
        f"  {what:<15} {shown:<22} limit {limit:<6} {'ok' if fine else 'OVER'}"
        for what, shown, limit, fine in rows
    ]


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


def _split_advice(op: OperationFigures, limits: Limits) -> list[str]:
    per_credit = limits.interpretations.points_per_credit
    credit_cap = min(limits.credits, op.budget) if op.budget is not None else limits.credits
    capacity = min(limits.complexity, credit_cap * per_credit)
    if op.complexity <= capacity or op.breakdown is None:
        return []
    roots = list(op.breakdown.children)
    groups = split_roots(roots, capacity)
    heading = f"  To fit {capacity} points ({credit_cap} credits) per call, split the roots"
    advice = [f"{heading} into {len(groups)} queries:"]
    for group in groups:
        points = sum(root.total_points for root in group)
        names = ", ".join(root.path.rsplit(".", 1)[-1] for root in group)
        advice.append(f"    {{{names}}}: {-(-points // per_credit)} credits ({points} points)")
    for root in (root for root in roots if root.total_points > capacity):
        dearest = sorted(root.children, key=lambda c: -c.total_points)
        names = ", ".join(child.path.rsplit(".", 1)[-1] for child in dearest[:3])
        advice.append(
            f"  {root.path} alone costs {root.total_points} points: fetch its "
            f"dearest lookups ({names}) in a second query by id."
        )
    return advice
