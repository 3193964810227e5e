"""Which files ``zgql check`` reads: query files and Python files under the paths given.

Globs follow ``.gitignore`` habits: a pattern without ``/`` matches a file or folder name
anywhere (``*.py``, ``node_modules``); one with ``/`` matches the path from the configuration's
folder, where ``**`` stands for any number of folders (``queries/**/legacy/*.graphql``).
"""

from __future__ import annotations

import itertools
import os
import re
import stat
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from zgql._config import Config
from zgql._lint._read import QUERY_SUFFIXES, kind_of

__all__ = ["QUERY_SUFFIXES", "WARNING", "PathDisplay", "Skipped", "discover"]

KNOWN_SUFFIXES = QUERY_SUFFIXES | {".py"}
WARNING = "warning: "  # how a problem that does not make the exit status 2 starts


class _Globs:
    """Patterns that match in time linear in the path: the configuration comes with the tree,
    so a pattern may be hostile (``*a*a*a*a*a*a*a*a*b`` backtracks exponentially in ``re``)."""

    def __init__(self, patterns: Iterable[str]) -> None:
        names: list[str] = []
        self._paths: list[_PathGlob] = []
        for pattern in patterns:
            stripped = pattern.strip("/")
            if "/" in stripped:
                self._paths.append(_PathGlob(stripped))
            else:
                names.append(stripped)
        ids = itertools.count()
        self._names = re.compile("|".join(_segment(n, ids) for n in names)) if names else None

    def matches(self, relative: str) -> bool:
        """``relative``: a POSIX path from the configuration's folder."""
        if any(glob.matches(relative) for glob in self._paths):
            return True
        name = relative.rsplit("/", 1)[-1]
        return self._names is not None and self._names.fullmatch(name) is not None


class _PathGlob:
    """A pattern with ``/``, matched segment by segment: a ``**`` segment stands for any number
    of folders (at the end, one or more names); in any other segment, ``*`` (or ``**``) is any
    run of characters but ``/``."""

    def __init__(self, pattern: str) -> None:
        ids = itertools.count()
        self._parts = [
            None if p == "**" else re.compile(_segment(p, ids)) for p in pattern.split("/")
        ]

    def matches(self, relative: str) -> bool:
        names = relative.split("/")
        matched = {0}  # how many leading names the parts so far can match
        for index, part in enumerate(self._parts):
            if part is None:  # at the end, ``x/**`` is what is inside x, not x itself
                least = min(matched) + (index == len(self._parts) - 1)
                matched = set(range(least, len(names) + 1))
            else:
                matched = {i + 1 for i in matched if i < len(names) and part.fullmatch(names[i])}
            if not matched:
                return False
        return len(names) in matched


def _segment(pattern: str, ids: Iterator[int]) -> str:
    """A regex for one segment of a glob: ``?`` is one character but ``/``, a run of ``*`` any
    run of them, the rest literal. Each star but the last takes the shortest run up to the next
    literal piece, inside a lookahead that a backreference then consumes (an atomic group, as
    ``fnmatch.translate`` writes it): the engine never goes back into a star, and time stays
    linear. Taking the earliest place of each piece loses no match when every piece has a fixed
    length."""
    pieces = re.split(r"\*+", pattern)
    fixed = ["".join("[^/]" if c == "?" else re.escape(c) for c in piece) for piece in pieces]
    if len(fixed) == 1:
        return f"(?:{fixed[0]})"
    regex = fixed[0]
    for piece in fixed[1:-1]:
        group = f"g{next(ids)}"
        regex += f"(?=(?P<{group}>[^/]*?{piece}))(?P={group})"
    return f"(?:{regex}[^/]*{fixed[-1]})"


@dataclass(frozen=True, slots=True)
class Skipped:
    """A path that was found but is not checked, and why (``reason``, without the path). An
    ``error`` (exit 2) when it should have been checked and cannot be — a folder that cannot be
    listed, a special file named outright; a warning otherwise."""

    path: str  # absolute
    reason: str
    error: bool = False


def discover(
    paths: Sequence[Path], config: Config, *, named: bool = False
) -> Iterator[Path | Skipped]:
    """Files to check, each once, in a stable order, as absolute paths without symbolic links;
    and what was skipped on the way. Raises ``FileNotFoundError`` naming a path that does not
    exist. Files named outright are checked when their suffix is known and no exclude pattern
    matches them (a symbolic link named outright is followed: the user chose it); folders are
    searched with the include patterns too.

    The tree searched is untrusted: only regular files are yielded. A symbolic link found in a
    folder is followed only when it resolves to a regular file or folder inside the project
    (``config.root``); any other link, FIFO, socket or device is skipped with a warning.

    ``named``: the user named ``paths`` (a wrong path must not pass CI): a file zgql does not
    check by its suffix, or a folder where nothing is found to check, is an error."""
    walker = _Walker(config)
    for path in paths:
        found = False  # a file to check, or a reason already given for why there is none
        for item in walker.named(path):
            found = True
            yield item
        why = _nothing_in(path) if named and not found else None
        if why is not None:
            yield Skipped(os.path.abspath(path), why, error=True)


def _nothing_in(path: Path) -> str | None:
    """Why a path the user named gives nothing to check; None for a file the configuration
    excludes (pre-commit names every changed file: the excluded ones pass in silence)."""
    if path.is_dir():
        return "holds no .graphql, .gql or .py file that the configuration includes"
    if path.suffix not in KNOWN_SUFFIXES:
        return "is not a .graphql, .gql or .py file, so zgql does not check it"
    return None


class _Walker:
    def __init__(self, config: Config) -> None:
        self.include, self.exclude = _Globs(config.include), _Globs(config.exclude)
        self.root = os.path.realpath(config.root)
        self._below_root = self.root if self.root.endswith(os.sep) else self.root + os.sep
        self.seen: set[str] = set()  # files yielded
        self.walked: set[str] = set()  # folders listed (real paths), so each is listed once

    def named(self, path: Path) -> Iterator[Path | Skipped]:
        given = os.fspath(path)
        try:
            info = os.stat(given)
        except (FileNotFoundError, NotADirectoryError):
            raise FileNotFoundError(f"{path}: no such file or folder") from None
        except OSError as exc:
            reason = f"cannot read: {exc.strerror or exc}"
            yield Skipped(os.path.abspath(given), reason, error=True)
            return
        real = os.path.realpath(given)
        if stat.S_ISDIR(info.st_mode):
            yield from self._walk(real)
        elif not stat.S_ISREG(info.st_mode):  # named, so an error whatever its name
            reason = f"is {kind_of(info.st_mode)}, not a regular file"
            yield Skipped(os.path.abspath(given), reason, error=True)
        elif os.path.splitext(real)[1] in KNOWN_SUFFIXES and not self._excluded(real):
            yield from self._file(real)

    def _walk(self, top: str) -> Iterator[Path | Skipped]:
        """Files below ``top``, depth first: a folder's files, then each of its folders."""
        stack = [top]
        while stack:
            folder = stack.pop()
            if folder in self.walked:
                continue  # reached again through a link
            self.walked.add(folder)
            try:
                with os.scandir(folder) as scan:
                    entries = sorted(scan, key=lambda entry: entry.name)
            except OSError as exc:
                reason = f"cannot list the folder: {exc.strerror or exc}"
                yield Skipped(folder, reason, error=True)
                continue
            folders: list[str] = []
            for entry in entries:
                yield from self._entry(entry, folders)
            stack.extend(reversed(folders))

    def _entry(self, entry: os.DirEntry[str], folders: list[str]) -> Iterator[Path | Skipped]:
        path = entry.path
        try:
            if entry.is_symlink():
                yield from self._link(path, folders)
            elif entry.is_dir(follow_symlinks=False):
                if not self._excluded(path):
                    folders.append(path)
            elif not self._wanted(path):
                return
            elif entry.is_file(follow_symlinks=False):
                yield from self._file(path)
            else:
                kind = kind_of(entry.stat(follow_symlinks=False).st_mode)
                yield Skipped(path, f"skipped: {kind}, not a regular file")
        except OSError as exc:
            yield Skipped(path, f"cannot read: {exc.strerror or exc}", error=True)

    def _link(self, path: str, folders: list[str]) -> Iterator[Path | Skipped]:
        real = os.path.realpath(path)
        try:
            mode = os.stat(real).st_mode
        except OSError:
            if self._wanted(path):
                yield Skipped(path, "skipped: a symbolic link that leads nowhere")
            return
        if self._excluded(path) if stat.S_ISDIR(mode) else not self._wanted(path):
            return  # not a path that would be checked were it no link
        if real != self.root and not real.startswith(self._below_root):
            yield Skipped(path, f"skipped: a symbolic link to {real}, outside the project")
        elif stat.S_ISDIR(mode):
            if not self._excluded(real):
                folders.append(real)
        elif not stat.S_ISREG(mode):
            yield Skipped(path, f"skipped: a symbolic link to {kind_of(mode)}")
        elif os.path.splitext(real)[1] not in KNOWN_SUFFIXES:
            yield Skipped(path, f"skipped: a symbolic link to {real}, which zgql does not check")
        elif not self._excluded(real):
            yield from self._file(real)

    def _file(self, path: str) -> Iterator[Path]:
        if path not in self.seen:
            self.seen.add(path)
            yield Path(path)

    def _wanted(self, path: str) -> bool:
        """A file at ``path`` is checked: a known suffix, included, not excluded (its folders
        were not, or it would not have been reached)."""
        if os.path.splitext(path)[1] not in KNOWN_SUFFIXES:
            return False
        relative = _relative(path, self.root)
        return self.include.matches(relative) and not self.exclude.matches(relative)

    def _excluded(self, path: str) -> bool:
        return _excluded(path, self.root, self.exclude)


def _excluded(path: str, root: str, exclude: _Globs) -> bool:
    parts = _relative(path, root).split("/")
    return any(exclude.matches("/".join(parts[: i + 1])) for i in range(len(parts)))


def _relative(path: str, root: str) -> str:
    """``path`` (absolute) from ``root`` (absolute), in POSIX form; the whole path when it is
    not below ``root``."""
    if path.startswith(root + os.sep):
        path = path[len(root) + 1 :]
    return path.replace(os.sep, "/").lstrip("/")


class PathDisplay:
    """Paths as a user would type them: relative to the working folder when below it."""

    def __init__(self) -> None:
        self._cwd = os.path.realpath(os.getcwd())

    def __call__(self, path: Path) -> str:
        text = str(path)
        if text.startswith(self._cwd + os.sep):
            return text[len(self._cwd) + 1 :].replace(os.sep, "/")
        return path.as_posix()
