"""``zgql check``: files in, a :class:`CheckResult` out.

Read every file once; split it into query units (a ``.graphql`` file is one, a Python file has
one per embedded query); learn each unit's fragments and spreads; analyse each unit that holds
operations together with the fragments it takes from other files — from the cache when the
same inputs were analysed before, on every core when many were not; map each diagnostic back to
the file and position it concerns; then budgets, suppressions and disabled rules.
"""

from __future__ import annotations

import hashlib
import os
import re
import sys
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from zgql._analysis._analyze import analyze
from zgql._analysis._rules._names import DOCUMENT_SIZE
from zgql._analysis._rules.budget import BudgetRule
from zgql._config import Config
from zgql._limits import Limits
from zgql._lint._cache import LintCache, decode_record, digest, encode_record
from zgql._lint._discover import QUERY_SUFFIXES, WARNING, PathDisplay, Skipped, discover
from zgql._lint._fragments import (
    Assembly,
    FragmentDef,
    UnitFacts,
    assemble,
    facts_from_json,
    facts_of,
    facts_to_json,
    needed_fragments,
)
from zgql._lint._progress import NULL_PROGRESS, Progress
from zgql._lint._read import (
    LINE_BREAK,
    Oversize,
    Unreadable,
    bound_of,
    oversize_message,
    printable,
    read_regular,
)
from zgql._lint._result import CheckError, CheckResult, OperationFigures
from zgql._lint._rules import EMBEDDED_QUERY, FRAGMENT_CONFLICT, RULE_NAMES
from zgql._lint._suppress import apply_suppressions
from zgql._report import Diagnostic
from zgql._schema import Schema, load_schema
from zgql._version import __version__

if TYPE_CHECKING:  # the Python reader is imported when a Python file holds queries
    from zgql._lint._python import EmbeddedQuery, UnanalysableQuery

__all__ = ["CheckError", "project_fragments", "run_check"]

_BUDGET_RULE = BudgetRule()
_BATCH = 32  # units per task sent to a worker process
_PARALLEL_FROM = 2 * _BATCH  # fewer misses than this are analysed in-process
_NEVER_USED = re.compile(r"Fragment '(?P<name>\w+)' is never used\.")
_PYTHON_HINT = re.compile(rb"graphql|gql", re.IGNORECASE)


class _UnitResult(NamedTuple):
    """An analysis in the coordinates of the assembled text: its diagnostics and the figures of
    each operation, not yet placed in files."""

    diagnostics: tuple[Diagnostic, ...]
    operations: tuple[OperationFigures, ...]

    def to_json(self) -> list[Any]:
        """For the lint cache: each record as a JSON object, field by name."""
        return [
            [encode_record(d) for d in self.diagnostics],
            [encode_record(op) for op in self.operations],
        ]

    @classmethod
    def from_json(cls, raw: Any) -> _UnitResult | None:
        """Back from the lint cache; None when there is no entry or it has another shape."""
        try:
            raw_diagnostics, raw_operations = raw
            diagnostics = [decode_record(Diagnostic, d) for d in raw_diagnostics]
            operations = [decode_record(OperationFigures, op) for op in raw_operations]
        except (TypeError, ValueError):
            return None
        kept_diagnostics = tuple(d for d in diagnostics if d is not None)
        kept_operations = tuple(op for op in operations if op is not None)
        if len(kept_diagnostics) < len(diagnostics) or len(kept_operations) < len(operations):
            return None
        return cls(kept_diagnostics, kept_operations)


@dataclass(slots=True)
class _Unit:
    file: str
    text: str
    embedded: EmbeddedQuery | None
    text_hash: str
    facts: UnitFacts

    def to_file(self, line: int, column: int) -> tuple[int, int]:
        return self.embedded.to_file(line, column) if self.embedded else (line, column)


@dataclass(slots=True)
class _Run:
    config: Config
    schema: Schema
    cache: LintCache
    jobs: int
    breakdowns: bool = False  # keep each operation's cost tree (the explain format)
    units: list[_Unit] = field(default_factory=list)
    texts: dict[str, str] = field(default_factory=dict)  # of the files checked
    findings: list[Diagnostic] = field(default_factory=list)
    operations: list[OperationFigures] = field(default_factory=list)
    unreadable: list[str] = field(default_factory=list)
    display: PathDisplay = field(default_factory=PathDisplay)
    marked: set[str] = field(default_factory=set)  # files with a '# zgql: ignore' in them


Place = Callable[[int, int], tuple[int, int]]  # a unit's (line, column) → its file's


def project_fragments(
    config: Config, schema: Schema, paths: Sequence[Path] | None = None
) -> dict[str, tuple[FragmentDef, str, Place]]:
    """Every named fragment the project defines (the first definition of each name), with the
    file that defines it and the map from its unit's positions to that file's: what ``zgql
    explain`` needs to resolve a fragment from another file as ``zgql check`` does. Files are
    read as the check reads them; what cannot be read is passed over. ``paths``: only these
    files or folders (the language server re-reads just the files that changed)."""
    run = _Run(config, schema, LintCache(None), 1)
    for path in discover([config.root] if paths is None else paths, config):
        _read(run, path)
    found: dict[str, tuple[FragmentDef, str, Place]] = {}
    for unit in run.units:
        for fragment in unit.facts.fragments:
            found.setdefault(fragment.name, (fragment, unit.file, unit.to_file))
    return found


def run_check(
    paths: Sequence[Path],
    config: Config,
    *,
    jobs: int | None = None,
    use_cache: bool = True,
    named: bool = True,
    progress: Progress = NULL_PROGRESS,
    breakdowns: bool = False,
    sources: Mapping[Path, str | Oversize] | None = None,
    schema: Schema | None = None,
    context: Sequence[Path] | None = None,
) -> tuple[CheckResult, list[str]]:
    """Check ``paths``; return the result and the lines for standard error: what could not be
    read (exit 2) and, starting with ``WARNING``, what was skipped. ``named``: the user named
    ``paths``, so one that gives nothing to check is an error too. ``progress`` hears of the
    files read and the queries analysed; its display is erased (``done``) before this returns.
    ``breakdowns``: keep each operation's cost tree in its figures (the explain format), its
    positions in the files. ``sources``: texts that stand for the files at their paths (standard
    input, an editor's unsaved buffer), checked as those files would be whether or not they
    exist; the file on disk is not read, not even for its fragments. A source may be
    :class:`Oversize` — over the caller's bound, unread. ``schema``: the schema of
    ``config.schema``, already loaded (a long-lived caller, the language server, keeps it
    rather than read and hash an org's schema file on every run). ``context``: the files in
    which to look for fragments the checked ones spread but do not define (default: the whole
    project; the language server knows which files define them, and names just those).

    Raises :class:`CheckError` when the check cannot run at all.
    """
    from zgql._exceptions import ZgqlError  # noqa: PLC0415 - only needed on this path

    sources = sources or {}
    on_disk = [path for path in paths if path not in sources]
    try:
        schema = schema or load_schema(config.schema)
        files = list(discover(on_disk, config, named=named)) if on_disk or not sources else []
    except (ZgqlError, FileNotFoundError) as exc:
        raise CheckError(str(exc)) from None
    folder = (config.cache_dir or config.root / ".zgql_cache") if use_cache else None
    run = _Run(config, schema, LintCache(folder), jobs or os.cpu_count() or 1, breakdowns)
    try:
        progress.start("reading", len(files), "files")
        for source, text in sources.items():
            _read_source(run, source, text)
        for path in files:
            _read(run, path)
            progress.advance(1)
        checked = len(run.units)
        _read_context(run, [*files, *sources], context)
        table = _fragment_table(run)
        del run.units[checked:]  # context units lent their fragments; they are not checked
        _analyse(run, table, progress)
    finally:
        progress.done()
    run.cache.save()
    findings = _finish(run)
    result = CheckResult(
        findings=tuple(sorted(findings, key=lambda f: (f.file, f.line, f.column, f.rule))),
        operations=tuple(run.operations),
        files_checked=len(files) + len(sources) - len(run.unreadable),
        schema_origin=schema.origin,
        limits=config.limits,
        files=tuple(run.texts),
    )
    return result, run.unreadable


# -- reading ------------------------------------------------------------------------------------


def _read(run: _Run, path: Path | Skipped) -> None:
    """Read a file that ``discover`` found, never more of it than its bound; or record what it
    skipped, a line for standard error (one per entry, so that the files checked are the
    entries less the lines), which starts with ``WARNING`` unless it is an error."""
    if isinstance(path, Skipped):
        where = run.display(Path(path.path))
        run.unreadable.append(printable(f"{'' if path.error else WARNING}{where}: {path.reason}"))
        return
    file = run.display(path)
    bound, key = bound_of(path, run.config)
    try:
        data = read_regular(path, bound, follow=False)  # discover resolved every link
        if isinstance(data, Oversize):
            _oversize(run, file, data, bound, key)
            return
        text = data.decode("utf-8")
    except Unreadable as exc:
        run.unreadable.append(printable(f"{file}: {exc}"))
        return
    except UnicodeDecodeError as exc:
        message = f"{file}: not UTF-8 text (byte {exc.start}); zgql reads UTF-8 only"
        run.unreadable.append(printable(message))
        return
    _take(run, path, file, data, text)


def _read_source(run: _Run, path: Path, text: str | Oversize) -> None:
    """Take ``text`` as the file at ``path`` holds it, within the file's bound."""
    file = run.display(path)
    bound, key = bound_of(path, run.config)
    if isinstance(text, Oversize):
        _oversize(run, file, text, bound, key)
        return
    data = text.encode("utf-8", errors="surrogatepass")
    if len(data) > bound:
        _oversize(run, file, Oversize(len(data)), bound, key)
        return
    _take(run, path, file, data, text)


def _oversize(run: _Run, file: str, oversize: Oversize, bound: int, key: str) -> None:
    """The ``document-size`` finding of a file over its bound, unread."""
    message = oversize_message(oversize, bound, key)
    size = Diagnostic(DOCUMENT_SIZE, message, value=oversize.size, limit=bound)
    run.findings.append(size.located(file, 1, 1))


def _take(run: _Run, path: Path, file: str, data: bytes, text: str) -> None:
    """Split a file's text into units: the whole of a GraphQL file, a Python file's queries."""
    run.texts[file] = text
    if "zgql:" in text:
        run.marked.add(file)
    if path.suffix in QUERY_SUFFIXES:
        run.units.append(_unit(run, file, text, None))
    elif _PYTHON_HINT.search(data):
        _read_python(run, file, data, text)


def _read_python(run: _Run, file: str, data: bytes, text: str) -> None:
    from zgql._lint._python import extract_queries  # noqa: PLC0415 - Python files only

    key = "python:" + hashlib.sha256(data).hexdigest()
    queries, unanalysable = _extracted(run.cache.get(key))
    if queries is None:
        queries, unanalysable = extract_queries(text)
        run.cache.put(
            key,
            [[q.to_cache() for q in queries], [[u.line, u.column, u.reason] for u in unanalysable]],
        )
    for query in queries:
        run.units.append(_unit(run, file, query.text, query))
    for item in unanalysable:
        unreadable = Diagnostic(EMBEDDED_QUERY, item.reason, severity="warning")
        run.findings.append(unreadable.located(file, item.line, item.column))


def _read_context(run: _Run, checked: list[Path | Skipped], context: Sequence[Path] | None) -> None:
    """When checked files spread fragments none of them defines (pre-commit passes only the
    changed files), read the rest of the project — or the ``context`` files — for the
    definitions."""
    defined = {f.name for unit in run.units for f in unit.facts.fragments}
    if all(unit.facts.spreads <= defined for unit in run.units):
        return
    # Compared resolved: a source named through a symbolic link is the file discover finds.
    seen = {os.path.realpath(path) for path in checked if isinstance(path, Path)}
    findings, unreadable, marked = len(run.findings), list(run.unreadable), set(run.marked)
    texts = dict(run.texts)
    for path in discover([run.config.root] if context is None else context, run.config):
        if isinstance(path, Skipped) or os.path.realpath(path) not in seen:
            _read(run, path)
    # Only their fragments count: what reading them found is not this run's to report.
    del run.findings[findings:]
    run.texts, run.unreadable, run.marked = texts, unreadable, marked


def _extracted(cached: Any) -> tuple[list[EmbeddedQuery] | None, list[UnanalysableQuery]]:
    """A cached extraction, or (None, []) when there is none or it does not decode."""
    from zgql._lint._python import EmbeddedQuery, UnanalysableQuery  # noqa: PLC0415

    try:
        queries, unanalysable = cached
        return (
            [EmbeddedQuery.from_cache(q) for q in queries],
            [UnanalysableQuery(int(li), int(col), str(why)) for li, col, why in unanalysable],
        )
    except (TypeError, ValueError):
        return None, []


def _unit(run: _Run, file: str, text: str, embedded: EmbeddedQuery | None) -> _Unit:
    text_hash = hashlib.sha256(text.encode()).hexdigest()
    tokens = run.config.limits.max_document_tokens
    key = f"facts:{tokens}:{text_hash}"  # a unit over the bound has no facts
    facts = facts_from_json(run.cache.get(key))
    if facts is None:
        facts = facts_of(text, tokens)
        run.cache.put(key, facts_to_json(facts))
    return _Unit(file, text, embedded, text_hash, facts)


# -- fragments across files ---------------------------------------------------------------------


def _fragment_table(run: _Run) -> dict[str, tuple[FragmentDef, _Unit]]:
    """The first definition of each fragment name; conflicting ones become findings."""
    table: dict[str, tuple[FragmentDef, _Unit]] = {}
    others: dict[str, list[tuple[FragmentDef, _Unit]]] = {}
    for unit in run.units:
        for fragment in unit.facts.fragments:
            first = table.setdefault(fragment.name, (fragment, unit))
            if first[0].digest != fragment.digest:
                others.setdefault(fragment.name, []).append((fragment, unit))
    for name, conflicting in others.items():
        first_fragment, first_unit = table[name]
        for fragment, unit in [(first_fragment, first_unit), *conflicting]:
            if unit.file not in run.texts:
                continue  # a file read only for its fragments is not reported on
            line, column = unit.to_file(fragment.line, fragment.column)
            elsewhere = sorted(
                {u.file for f, u in [table[name], *conflicting] if f is not fragment}
            )
            message = (
                f"fragment {name} is defined differently in {', '.join(elsewhere)}; "
                "give one of them another name, or make them identical"
            )
            run.findings.append(
                Diagnostic(FRAGMENT_CONFLICT, message).located(unit.file, line, column)
            )
    return table


# -- analysis -----------------------------------------------------------------------------------


def _analyse(run: _Run, table: dict[str, tuple[FragmentDef, _Unit]], progress: Progress) -> None:
    definitions = {name: fragment for name, (fragment, _) in table.items()}
    environment = digest(run.schema.digest, run.config.analysis_digest(), __version__)
    planned: list[tuple[_Unit, Assembly, list[_Unit], str]] = []
    for unit in run.units:
        if unit.facts.parses and not unit.facts.has_operations:
            continue  # fragments only: judged where they are spread
        needed = needed_fragments(unit.facts, definitions)
        assembly = assemble(unit.text, needed)
        origins = [table[fragment.name][1] for fragment in needed]
        # Without fragments from elsewhere, the unit's own hash stands for its text.
        content = digest(assembly.text) if needed else unit.text_hash
        planned.append((unit, assembly, origins, "result:" + digest(environment, content)))
    # The cache keeps figures, not cost trees: with breakdowns, every unit is analysed afresh.
    results = {
        key: None if run.breakdowns else _UnitResult.from_json(run.cache.get(key))
        for _, _, _, key in planned
    }
    missing = {key: assembly.text for _, assembly, _, key in planned if results[key] is None}
    analysed = _analyse_texts(run, list(missing.values()), progress)
    for key, fresh in zip(missing, analysed, strict=True):
        run.cache.put(key, fresh.to_json())
        results[key] = fresh
    spread_anywhere = frozenset().union(*(unit.facts.spreads for unit in run.units))
    for unit, assembly, origins, key in planned:
        result = results[key]
        assert result is not None  # analysed just above when it was not cached
        _collect(run, unit, assembly, origins, result, spread_anywhere)


def _analyse_texts(run: _Run, texts: list[str], progress: Progress) -> list[_UnitResult]:
    progress.start("analysing", len(texts), "queries")
    if len(texts) < _PARALLEL_FROM or run.jobs < 2:
        results = []
        for text in texts:
            results.append(_analyse_one(text, run.schema, run.config.limits, run.breakdowns))
            progress.advance(1)
        return results
    batches = [texts[i : i + _BATCH] for i in range(0, len(texts), _BATCH)]
    import multiprocessing  # noqa: PLC0415 - only for a cold run of many queries
    from concurrent.futures import ProcessPoolExecutor  # noqa: PLC0415

    context = multiprocessing.get_context("fork" if sys.platform == "linux" else "spawn")
    with ProcessPoolExecutor(
        max_workers=min(run.jobs, len(batches)),
        mp_context=context,
        initializer=_start_worker,
        initargs=(run.config.schema, run.config.limits, run.breakdowns),
    ) as pool:
        results = []
        for batch in pool.map(_analyse_batch, batches):  # in order, as each batch comes back
            results.extend(batch)
            progress.advance(len(batch))
        return results


_worker: tuple[Schema, Limits, bool] | None = None


def _start_worker(schema_path: Path | None, limits: Limits, breakdowns: bool) -> None:
    global _worker  # noqa: PLW0603 - one schema per worker process, loaded once
    _worker = (load_schema(schema_path), limits, breakdowns)


def _analyse_batch(texts: list[str]) -> list[_UnitResult]:
    assert _worker is not None
    return [_analyse_one(text, *_worker) for text in texts]


def _analyse_one(text: str, schema: Schema, limits: Limits, breakdowns: bool) -> _UnitResult:
    report = analyze(text, schema, limits=limits)
    return _UnitResult(
        report.diagnostics,
        tuple(OperationFigures.of(op, breakdown=breakdowns) for op in report.operations),
    )


# -- back to files ------------------------------------------------------------------------------


def _collect(
    run: _Run,
    unit: _Unit,
    assembly: Assembly,
    origins: list[_Unit],
    result: _UnitResult,
    spread_anywhere: frozenset[str],
) -> None:
    for diagnostic in result.diagnostics:
        never_used = _NEVER_USED.fullmatch(diagnostic.message)
        if never_used and never_used["name"] in spread_anywhere:
            continue  # used by another file's operations
        index, line = assembly.origin(diagnostic.line or 1)
        owner = unit if index is None else origins[index]
        run.findings.append(
            diagnostic.located(owner.file, *owner.to_file(line, diagnostic.column or 1))
        )

    def place(line: int, column: int) -> tuple[str, int, int]:
        index, own_line = assembly.origin(line)
        owner = unit if index is None else origins[index]
        return (owner.file, *owner.to_file(own_line, column))

    for operation in result.operations:
        tree = operation.breakdown
        _figures(
            run,
            unit,
            operation if tree is None else replace(operation, breakdown=tree.placed(place)),
        )


def _figures(run: _Run, unit: _Unit, operation: OperationFigures) -> None:
    line, column = unit.to_file(operation.line, operation.column)
    budget = run.config.budget(operation.name)
    run.operations.append(operation.located(unit.file, line, column, budget))
    if operation.credits_exact > run.config.limits.credits:
        return  # the credits rule says it already, and louder
    over = _BUDGET_RULE.check(
        operation.name, operation.credits_exact, budget, set_by="its budget in the configuration"
    )
    if over is not None:
        run.findings.append(over.located(unit.file, line, column))


def _finish(run: _Run) -> list[Diagnostic]:
    """Findings without duplicates, suppressions applied, disabled rules left out."""
    by_file: dict[str, list[Diagnostic]] = {}
    seen: set[tuple[object, ...]] = set()
    for finding in run.findings:
        key = (finding.file, finding.line, finding.column, finding.rule, finding.message)
        if key not in seen:
            seen.add(key)
            by_file.setdefault(finding.place[0], []).append(finding)
    known = frozenset(RULE_NAMES)
    queries: dict[str, list[EmbeddedQuery]] = {}
    for unit in run.units:
        if unit.embedded is not None:
            queries.setdefault(unit.file, []).append(unit.embedded)
    kept: list[Diagnostic] = []
    for file in by_file.keys() | run.marked:
        text = run.texts.get(file, "")  # only files with findings or markers
        # As GraphQL and Python count lines: not str.splitlines(), which breaks at form feeds.
        lines = LINE_BREAK.split(text)
        counts = (
            _marker_places(text, queries.get(file, ()))
            if file.endswith(".py")
            else lambda _line, _column: True
        )
        kept.extend(apply_suppressions(file, lines, by_file.get(file, []), known, counts))
    return [f for f in kept if f.rule not in run.config.disable]


def _marker_places(text: str, queries: Iterable[EmbeddedQuery]) -> Callable[[int, int], bool]:
    """Where a ``# zgql: ignore`` in a Python file is a suppression (its comments and queries)."""
    from zgql._lint._python import marker_places  # noqa: PLC0415 - Python files only

    return marker_places(text, queries)
