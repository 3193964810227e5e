"""Which files ``zgql check`` reads: query files and Python files under the paths given.

Globs follow ``.gitignore`` habits: a pattern without ``/`` matches a file or folder name
anywhere (``*.py``, ``node_modules``); one with ``/`` matches the path from the configuration's
folder, where ``**`` stands for any number of folders (``queries/**/legacy/*.graphql``).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

from zgql._config import Config

__all__ = ["QUERY_SUFFIXES", "discover", "display_path"]

QUERY_SUFFIXES = frozenset({".graphql", ".gql"})
KNOWN_SUFFIXES = QUERY_SUFFIXES | {".py"}


class _Globs:
    def __init__(self, patterns: Iterable[str]) -> None:
        names: list[str] = []
        paths: list[str] = []
        for pattern in patterns:
            (paths if "/" in pattern.strip("/") else names).append(pattern.strip("/"))
        self._names = _compile(names)
        self._paths = _compile(paths)

    def matches(self, relative: str) -> bool:
        """``relative``: a POSIX path from the configuration's folder."""
        if self._paths is not None and self._paths.fullmatch(relative):
            return True
        name = relative.rsplit("/", 1)[-1]
        return self._names is not None and self._names.fullmatch(name) is not None


def _compile(patterns: list[str]) -> re.Pattern[str] | None:
    return re.compile("|".join(_translate(p) for p in patterns)) if patterns else None


def _translate(pattern: str) -> str:
    parts = re.split(r"(\*\*/|\*\*|\*|\?)", pattern)
    wildcards = {"**/": "(?:.*/)?", "**": ".*", "*": "[^/]*", "?": "[^/]"}
    return "(?:" + "".join(wildcards.get(part, re.escape(part)) for part in parts) + ")"


def discover(paths: Sequence[Path], config: Config) -> Iterator[Path]:
    """Files to check, each once, in a stable order. Raises ``FileNotFoundError`` naming a
    path that does not exist. Files named outright are checked when their suffix is known and
    no exclude pattern matches them; folders are searched with the include patterns too."""
    include, exclude = _Globs(config.include), _Globs(config.exclude)
    seen: set[Path] = set()
    for path in paths:
        if not path.exists():
            raise FileNotFoundError(f"{path}: no such file or folder")
        found = [path] if path.is_file() else _walk(path, config.root, include, exclude)
        for file in found:
            key = file.resolve()
            if key in seen or file.suffix not in KNOWN_SUFFIXES:
                continue
            if path.is_file() and _excluded(file, config.root, exclude):
                continue
            seen.add(key)
            yield file


def _walk(folder: Path, root: Path, include: _Globs, exclude: _Globs) -> list[Path]:
    found: list[Path] = []
    for current, folders, files in os.walk(folder):
        here = Path(current)
        folders[:] = sorted(d for d in folders if not _excluded(here / d, root, exclude))
        for name in sorted(files):
            file = here / name
            relative = _relative(file, root)
            if include.matches(relative) and not exclude.matches(relative):
                found.append(file)
    return found


def _excluded(path: Path, root: Path, exclude: _Globs) -> bool:
    relative = _relative(path, root)
    parts = relative.split("/")
    return any(exclude.matches("/".join(parts[: i + 1])) for i in range(len(parts)))


def _relative(path: Path, root: Path) -> str:
    absolute = path.resolve()
    try:
        return absolute.relative_to(root).as_posix()
    except ValueError:
        return absolute.as_posix().lstrip("/")


def display_path(path: Path) -> str:
    """The path as a user would type it: relative to the working folder when below it."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return path.as_posix()
