"""A cost baseline: what a repository's operations cost and which findings it had, committed so
that CI fails only on what got worse.

``zgql check --baseline zgql-baseline.json`` compares a run with the file: a finding recorded
there is known and not reported again; an operation whose credits or complexity grew is a
``baseline`` error; an operation the baseline does not know is a ``baseline`` warning. With
``--update-baseline`` the run is recorded instead. ``zgql check --compare-schema OLD`` makes the
same comparison against the run under another schema (rule ``schema-change``).

The file is keyed by file and operation name, never by line, so that moving a query does not
disturb it; it is deterministic, sorted JSON, so that its diff in a pull request reads as what
changed. It comes with the checked tree, so it is read as untrusted input: bounded, and any
other shape is an error that names the file, never a traceback.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from fractions import Fraction
from pathlib import Path
from typing import Any

from zgql._exceptions import ConfigError
from zgql._files import read_utf8, write_atomic
from zgql._lint._result import CheckError, CheckResult, OperationFigures
from zgql._lint._rules import BASELINE, SCHEMA_CHANGE
from zgql._report import Diagnostic

__all__ = ["Baseline", "Figures", "compare_schemas"]

FORMAT_VERSION = 1
_MAX_BYTES = 64 * 1024 * 1024
ANONYMOUS = "(anonymous)"

Fingerprint = tuple[str, str, str, str, str]  # file, rule, operation, path, message


@dataclass(frozen=True, slots=True)
class Figures:
    """What one operation cost when the baseline was recorded."""

    complexity: int
    credits_exact: Fraction

    @property
    def credits(self) -> int:
        return math.ceil(self.credits_exact)


@dataclass(frozen=True, slots=True)
class Baseline:
    """Operations' figures by (file, operation key) and findings' fingerprints with counts."""

    operations: dict[tuple[str, str], Figures]
    findings: Counter[Fingerprint]

    @classmethod
    def of(cls, result: CheckResult) -> Baseline:
        """The baseline a run records."""
        operations = {key: _figures(op) for key, op in _keyed(result.operations)}
        return cls(operations, Counter(_fingerprint(f) for f in result.findings))

    @classmethod
    def load(cls, path: Path) -> Baseline:
        """The baseline in ``path``; :class:`CheckError` naming it when it cannot be read."""
        try:
            text = read_utf8(path, _MAX_BYTES)
        except ConfigError as exc:
            raise CheckError(str(exc)) from None
        try:
            return cls._decode(json.loads(text))
        except (ValueError, TypeError, KeyError, AttributeError, RecursionError) as exc:
            reason = str(exc).splitlines()[0][:200] if str(exc) else type(exc).__name__
            raise CheckError(f"{path}: not a zgql baseline ({reason})") from None

    @classmethod
    def _decode(cls, raw: Any) -> Baseline:
        if not isinstance(raw, dict):
            raise TypeError("not a JSON object")
        if raw.get("version") != FORMAT_VERSION:
            raise ValueError(f"version {raw.get('version')!r}, expected {FORMAT_VERSION}")
        operations: dict[tuple[str, str], Figures] = {}
        for file, named in raw["operations"].items():
            for name, figures in named.items():
                complexity = _whole(figures["complexity"])
                operations[(str(file), str(name))] = Figures(complexity, _exact(figures))
        findings: Counter[Fingerprint] = Counter()
        for file, listed in raw["findings"].items():
            for item in listed:
                key = (file, item["rule"], item["operation"], item["path"], item["message"])
                if not all(isinstance(part, str) for part in key):
                    raise ValueError("a finding's fields must be strings")
                findings[key] += _whole(item.get("count", 1))
        return cls(operations, findings)

    def to_json(self) -> str:
        """Sorted, indented JSON ending in a newline: a stable diff."""
        operations: dict[str, dict[str, Any]] = {}
        for (file, name), figures in sorted(self.operations.items()):
            operations.setdefault(file, {})[name] = {
                "complexity": figures.complexity,
                "credits": figures.credits,
                "credits_exact": str(figures.credits_exact),
            }
        findings: dict[str, list[dict[str, Any]]] = {}
        for (file, rule, operation, path, message), count in sorted(self.findings.items()):
            item = {"rule": rule, "operation": operation, "path": path, "message": message}
            findings.setdefault(file, []).append({**item, "count": count})
        document = {"version": FORMAT_VERSION, "operations": operations, "findings": findings}
        return json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n"

    def save(self, path: Path) -> None:
        write_atomic(path, self.to_json().encode("utf-8", "surrogateescape"), mode=0o644)

    def updated(self, result: CheckResult, checked: Iterable[str]) -> Baseline:
        """This baseline with the files of ``result`` (and every file in ``checked``, which may
        have lost all its operations) recorded anew; other files' entries kept."""
        fresh = Baseline.of(result)
        files = set(checked) | {file for file, _ in fresh.operations}
        files |= {fingerprint[0] for fingerprint in fresh.findings}
        operations = {k: v for k, v in self.operations.items() if k[0] not in files}
        findings = Counter({k: n for k, n in self.findings.items() if k[0] not in files})
        return Baseline({**operations, **fresh.operations}, findings + fresh.findings)

    def compare(self, result: CheckResult) -> CheckResult:
        """``result`` without the findings this baseline knows, with a ``baseline`` finding for
        each operation that costs more than it did (an error) or that it does not know (a
        warning)."""
        findings = _unknown(result.findings, self.findings)
        for key, op in _keyed(result.operations):
            before = self.operations.get(key)
            if before is None:
                findings.append(_new_operation(op))
            elif _grew(op, before):
                findings.append(_growth(op, before, BASELINE, "since the baseline"))
        return _with(result, findings)


def compare_schemas(new: CheckResult, old: CheckResult) -> CheckResult:
    """``new`` (the run under the new schema) with a ``schema-change`` finding for each operation
    that is fine under the old schema and not under the new one (an error), and each that costs
    more under the new one (a warning)."""
    errors = _first_errors(new)
    broken_before = _first_errors(old)
    findings = list(new.findings)
    broken: set[tuple[str, str | None]] = set()
    for op in old.operations:
        error = errors.get((op.file, op.name))
        if error is not None and (op.file, op.name) not in broken_before:
            message = f"{op.name or ANONYMOUS} breaks under the new schema: {error.message}"
            change = Diagnostic(SCHEMA_CHANGE, message, operation=op.name)
            findings.append(change.located(op.file, op.line, op.column))
            broken.add((op.file, op.name))
    before = Baseline.of(old)
    for key, op in _keyed(new.operations):
        figures = before.operations.get(key)
        if (op.file, op.name) not in broken and figures is not None and _grew(op, figures):
            growth = _growth(op, figures, SCHEMA_CHANGE, "under the new schema")
            findings.append(replace(growth, severity="warning"))
    return _with(new, findings)


def _first_errors(result: CheckResult) -> dict[tuple[str | None, str | None], Diagnostic]:
    """The first error of each (file, operation) of a run."""
    first: dict[tuple[str | None, str | None], Diagnostic] = {}
    for finding in result.findings:
        if finding.severity == "error" and finding.operation is not None:
            first.setdefault((finding.file, finding.operation), finding)
    return first


def _whole(value: Any) -> int:
    """A count or a figure of the file: a JSON integer of sane size, nothing else."""
    if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value < 10**12:
        raise ValueError(f"{value!r} is not a whole number of a baseline")
    return value


_EXACT = re.compile(r"\d{1,15}(/[1-9]\d{0,14})?")


def _exact(figures: Any) -> Fraction:
    """The exact credits, ``"n/d"``: checked before ``Fraction`` parses it, which would spend
    unbounded time on a planted ``"1e999999999"``."""
    text = figures["credits_exact"]
    if not isinstance(text, str) or not _EXACT.fullmatch(text):
        raise ValueError(f"credits_exact {str(text)[:40]!r} is not a fraction n/d")
    return Fraction(text)


def _keyed(
    operations: Iterable[OperationFigures],
) -> Iterator[tuple[tuple[str, str], OperationFigures]]:
    """Each operation with its key, (file, name): anonymous operations of one file are told
    apart by their order (``(anonymous)``, ``(anonymous)#2``, ...)."""
    anonymous: Counter[str] = Counter()
    for op in operations:
        if op.name is not None:
            yield (op.file, op.name), op
            continue
        anonymous[op.file] += 1
        count = anonymous[op.file]
        yield (op.file, ANONYMOUS if count == 1 else f"{ANONYMOUS}#{count}"), op


def _figures(op: OperationFigures) -> Figures:
    return Figures(op.complexity, op.credits_exact)


def _fingerprint(finding: Diagnostic) -> Fingerprint:
    file = finding.file or ""
    return (file, finding.rule, finding.operation or "", finding.path or "", finding.message)


def _unknown(findings: Iterable[Diagnostic], known: Counter[Fingerprint]) -> list[Diagnostic]:
    remaining = Counter(known)
    kept = []
    for finding in findings:
        fingerprint = _fingerprint(finding)
        if remaining[fingerprint] > 0:
            remaining[fingerprint] -= 1
        else:
            kept.append(finding)
    return kept


def _grew(op: OperationFigures, before: Figures) -> bool:
    return op.credits_exact > before.credits_exact or op.complexity > before.complexity


def _growth(op: OperationFigures, before: Figures, rule: str, when: str) -> Diagnostic:
    message = (
        f"{op.name or ANONYMOUS} costs more {when}: {_credits(op.credits_exact)} "
        f"(was {_credits(before.credits_exact)}), complexity {op.complexity} "
        f"(was {before.complexity})"
    )
    growth = Diagnostic(rule, message, value=op.credits_exact, limit=before.credits_exact)
    return replace(growth, operation=op.name).located(op.file, op.line, op.column)


def _new_operation(op: OperationFigures) -> Diagnostic:
    message = (
        f"{op.name or ANONYMOUS} is not in the baseline ({_credits(op.credits_exact)}, "
        f"complexity {op.complexity}); --update-baseline records it"
    )
    new = Diagnostic(BASELINE, message, severity="warning", operation=op.name)
    return new.located(op.file, op.line, op.column)


def _credits(exact: Fraction) -> str:
    """``1 credit``, ``2.75 credits``: the exact figure, which may grow while the charge does
    not."""
    shown = f"{float(exact):g}"
    return f"{shown} credit{'' if exact == 1 else 's'}"


def _with(result: CheckResult, findings: list[Diagnostic]) -> CheckResult:
    ordered = sorted(findings, key=lambda f: (f.place, f.rule))
    return replace(result, findings=tuple(ordered))
