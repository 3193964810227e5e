"""What the language server keeps between keystrokes: each project's configuration, schema and
fragment index, and the check of one open document as ``zgql check`` would run it.

A keystroke must not cost a walk of the project. The schema is loaded once per configuration,
and the project's fragments are indexed once (name → the file that defines it), then kept up to
date file by file as the editor reports changes. A document that spreads a fragment it does not
define is checked with just the files that define it (and what those spread) as context, read
fresh from disk; a spread no file defines costs nothing more than the check.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from concurrent.futures import Executor
from dataclasses import dataclass, replace
from pathlib import Path

from zgql._config import Config, find_config, load_config
from zgql._exceptions import ZgqlError
from zgql._files import Oversize
from zgql._limits import Limits
from zgql._lint._discover import PathDisplay, discover
from zgql._lint._read import QUERY_SUFFIXES, bound_of
from zgql._lint._result import CheckError, OperationFigures
from zgql._lint._runner import project_fragments, run_check
from zgql._report import Diagnostic
from zgql._schema import Schema, load_schema

__all__ = ["Checked", "Workspace"]

CHECKED_SUFFIXES = QUERY_SUFFIXES | {".py"}
# Files whose change may change every check: configurations and schemas.
_SETTINGS = ("zgql.toml", "pyproject.toml", ".introspection.json", ".metadata.json")
# A spread as the text shows it: a superset of the real ones (``... on`` and Python's own
# ``...`` may match too), enough to know which files to lend fragments from.
_SPREAD = re.compile(r"\.\.\.\s*([_A-Za-z][_0-9A-Za-z]*)")


@dataclass(frozen=True, slots=True)
class Checked:
    """One document's check: the findings in it, its operations' figures (with cost trees),
    the limits they were judged by and the schema. ``problem`` says why there is no check (a
    broken configuration or schema); the document is then unchecked, not clean."""

    path: Path
    text: str
    findings: tuple[Diagnostic, ...] = ()
    operations: tuple[OperationFigures, ...] = ()
    limits: Limits | None = None
    schema: Schema | None = None
    problem: str | None = None
    oversize: bool = False  # over the file's bound: read no further than the check did


_Index = dict[str, tuple[Path, frozenset[str]]]  # fragment name → its file, what it spreads


class Project:
    """One configuration's project: its schema, loaded once, and its fragment index — built
    on ``pool``'s thread as soon as the project is met, when there is a pool, so that the first
    document that spreads another file's fragment need not wait for the walk."""

    def __init__(self, config: Config, pool: Executor | None = None) -> None:
        self.config = config
        self.schema = load_schema(config.schema)
        self._index: _Index | None = None
        self._indexing = pool.submit(self._read, config, None) if pool else None
        self._changed_meanwhile: list[Path] = []  # while the index was being built

    def context(self, text: str, own: Path) -> list[Path]:
        """The files that define the fragments ``text`` may spread, and what those spread; the
        project is indexed the first time a document spreads anything."""
        pending = sorted(set(_SPREAD.findall(text)) - {"on"})
        if not pending:
            return []
        index, own = self._fragments(), own.resolve()  # the index holds resolved paths
        seen: set[str] = set()
        files: dict[Path, None] = {}
        while pending:
            name = pending.pop()
            if name in seen or name not in index:
                continue
            seen.add(name)
            file, spreads = index[name]
            if file != own:
                files[file] = None
            pending.extend(sorted(spreads))
        return [file for file in files if file.is_file()]

    def changed(self, path: Path) -> None:
        """``path`` changed on disk (saved, created, deleted): re-read its fragments only. A
        file that defined fragments and is gone may have shadowed another definition of the
        same name: the project is indexed again when next needed."""
        if self._indexing is not None:
            self._changed_meanwhile.append(path)  # the walk may have read it before
            return
        if self._index is None:
            return
        path = path.resolve()
        index = {name: entry for name, entry in self._index.items() if entry[0] != path}
        if not path.is_file():
            self._index = None if len(index) < len(self._index) else index
            return
        index.update(
            (name, entry)
            for name, entry in self._read(self.config, [path]).items()
            if name not in index
        )
        self._index = index

    def _fragments(self) -> _Index:
        if self._indexing is not None:
            indexing, self._indexing = self._indexing, None
            self._index = indexing.result()
            for path in self._changed_meanwhile:
                self.changed(path)
            self._changed_meanwhile.clear()
        if self._index is None:
            self._index = self._read(self.config, None)
        return self._index

    def _read(self, config: Config, paths: list[Path] | None) -> _Index:
        """The fragments of ``paths`` (None: the whole project). Runs on the pool's thread too:
        it reads only the configuration and the schema, which nothing changes."""
        try:
            found = project_fragments(config, self.schema, paths)
        except (OSError, ZgqlError):
            return {}  # a folder that vanished: no fragments from it
        cwd = Path.cwd().resolve()  # as PathDisplay made the names relative
        return {name: (cwd / file, fragment.spreads) for name, (fragment, file, _) in found.items()}


class Workspace:
    """Every project the open documents belong to, found as ``zgql check`` finds them: the
    configuration nearest the document's folder, else the defaults with ``root`` as the root."""

    def __init__(self, root: Path, pool: Executor | None = None) -> None:
        self.root = root
        self._pool = pool
        self._configs: dict[Path, Config] = {}  # folder → configuration found from it
        self._projects: dict[Path, Project] = {}  # by configuration file (or root)
        self._stamps: dict[Path, int | None] = {}  # configuration file → its mtime when read

    def check(self, path: Path, text: str) -> Checked:
        """``text`` checked as the file ``path``, exactly as ``zgql check path`` would check it
        were it saved; never raises (a check that cannot run says why in ``problem``)."""
        try:
            project = self.project(path)
            if not self._checks(path, project.config):
                return Checked(path, text, limits=project.config.limits, schema=project.schema)
            return self._run(project, path, text)
        except (ZgqlError, CheckError, OSError, ValueError) as exc:
            return Checked(path, text, problem=str(exc) or type(exc).__name__)

    def project(self, path: Path) -> Project:
        """The project ``path`` belongs to. Raises :class:`zgql.ConfigError`,
        :class:`zgql.SchemaError`."""
        folder = path.parent
        config = self._configs.get(folder)
        if (
            config is not None
            and config.source is not None
            and _stamp(config.source) != (self._stamps.get(config.source))
        ):
            self.changed([config.source])  # edited outside the editor, and no watcher said so
            config = None
        if config is None:
            source = find_config(folder.resolve())
            stamp = _stamp(source) if source is not None else None  # before reading: a save
            config = load_config(source, start=folder)  # meanwhile is seen at the next check
            if config.source is None:
                config = replace(config, root=self.root if _inside(path, self.root) else folder)
            self._configs[folder] = config
            if config.source is not None:
                self._stamps[config.source] = stamp
        key = config.source or config.root
        project = self._projects.get(key)
        if project is None:
            project = self._projects[key] = Project(config, self._pool)
        return project

    def changed(self, paths: Iterable[Path]) -> None:
        """Files changed on disk: a configuration or schema means reading them all again; a
        query file, re-reading its fragments."""
        for path in paths:
            if path.name.endswith(_SETTINGS):
                self._configs.clear()
                self._projects.clear()
                self._stamps.clear()
                return
            if path.suffix in CHECKED_SUFFIXES:
                for project in self._projects.values():
                    project.changed(path)

    @staticmethod
    def _checks(path: Path, config: Config) -> bool:
        """Whether ``zgql check`` checks this file when named: a known suffix, and no exclude
        pattern of the configuration that matches it (an unsaved file: its suffix only)."""
        if path.suffix not in CHECKED_SUFFIXES:
            return False
        if not path.is_file():
            return True
        return any(isinstance(found, Path) for found in discover([path], config))

    @staticmethod
    def _run(project: Project, path: Path, text: str) -> Checked:
        config = project.config
        bound, _ = bound_of(path, config)
        # Over the bound in code points is over it in bytes: no need to encode a huge buffer.
        oversize = len(text) > bound or len(text.encode("utf-8", "surrogatepass")) > bound
        source: str | Oversize = Oversize(None) if len(text) > bound else text
        result, _ = run_check(
            [path],
            config,
            jobs=1,
            use_cache=False,
            named=False,
            breakdowns=True,
            sources={path: source},
            schema=project.schema,
            context=project.context(text, path),
        )
        file = PathDisplay()(path)
        operations = tuple(op for op in result.operations if op.file == file)
        findings = tuple(_relocated(f, file, operations, config.root) for f in result.findings)
        return Checked(
            path, text, findings, operations, result.limits, project.schema, oversize=oversize
        )


def _relocated(
    finding: Diagnostic, file: str, operations: tuple[OperationFigures, ...], root: Path
) -> Diagnostic:
    """A finding the check placed in another file — in a fragment lent by it to one of this
    document's operations — placed at that operation, saying where it really is (from the
    project's root, as a user would name the file)."""
    if finding.file == file:
        return finding
    other = Path.cwd().resolve() / (finding.file or "")
    shown = other.relative_to(root).as_posix() if _inside(other, root) else other.as_posix()
    where = f"{shown}:{finding.line}:{finding.column}"
    operation = next((op for op in operations if op.name == finding.operation), None)
    line, column = (operation.line, operation.column) if operation else (1, 1)
    moved = replace(finding, message=f"in {where}: {finding.message}")
    return moved.located(file, line, column)


def _stamp(path: Path) -> int | None:
    try:
        return path.stat().st_mtime_ns
    except OSError:
        return None


def _inside(path: Path, folder: Path) -> bool:
    return folder == path or folder in path.parents
