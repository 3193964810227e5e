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

__all__ = ["QUERY_SUFFIXES", "PathDisplay", "discover"]

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
    """Files to check, each once, in a stable order, as absolute paths. Raises
    ``FileNotFoundError`` naming a path that does not exist. Files named outright are checked
    when their suffix is known and no exclude pattern matches them; folders are searched with
    the include patterns too."""
    include, exclude = _Globs(config.include), _Globs(config.exclude)
    root = str(config.root.resolve())
    seen: set[str] = set()
    for path in paths:
        if not path.exists():
            raise FileNotFoundError(f"{path}: no such file or folder")
        absolute = os.path.realpath(path)
        if os.path.isdir(absolute):
            found = _walk(absolute, root, include, exclude)
        elif Path(absolute).suffix in KNOWN_SUFFIXES and not _excluded(absolute, root, exclude):
            found = [absolute]
        else:
            found = []
        for file in found:
            if file not in seen:
                seen.add(file)
                yield Path(file)


def _walk(folder: str, root: str, include: _Globs, exclude: _Globs) -> list[str]:
    """Files below ``folder`` (absolute, no symlinks resolved below it: os.walk does not follow
    them), pruning excluded folders as it goes."""
    found: list[str] = []
    for current, folders, files in os.walk(folder):
        folders[:] = sorted(
            d for d in folders if not _excluded(os.path.join(current, d), root, exclude)
        )
        for name in sorted(files):
            if os.path.splitext(name)[1] not in KNOWN_SUFFIXES:
                continue
            relative = _relative(os.path.join(current, name), root)
            if include.matches(relative) and not exclude.matches(relative):
                found.append(os.path.join(current, name))
    return found


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
