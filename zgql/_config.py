"""Project configuration: ``[tool.zgql]`` in ``pyproject.toml``, or ``zgql.toml``.

The file is found by walking up from the working directory (a ``zgql.toml``, or a
``pyproject.toml`` that has a ``[tool.zgql]`` table; the nearer wins), or named with
``--config``. Paths in it are relative to the folder it is in. Every key is checked: a typo is
an error, not a silently ignored setting.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from zgql._exceptions import ConfigError
from zgql._files import Unreadable, read_regular
from zgql._limits import CONFIG_MAX_BYTES, Limits, check_keys, read_zgql_table
from zgql._lint._rules import RULE_NAMES

__all__ = ["Config", "find_config", "load_config"]

DEFAULT_INCLUDE = ("*.graphql", "*.gql", "*.py")
DEFAULT_EXCLUDE = (
    ".git",
    ".hg",
    ".svn",
    ".venv",
    "venv",
    ".tox",
    ".nox",
    "node_modules",
    "__pycache__",
    ".mypy_cache",
    ".pytest_cache",
    ".ruff_cache",
    ".zgql_cache",
    "build",
    "dist",
)
DEFAULT_MAX_FILE_BYTES = 16 * 1024 * 1024  # generated Python modules run to a few MB


@dataclass(frozen=True, slots=True)
class Config:
    """Everything ``zgql check`` and ``zgql explain`` are configured with."""

    root: Path = field(default_factory=Path.cwd)
    source: Path | None = None  # the file it was read from
    schema: Path | None = None  # None: the bundled schema
    limits: Limits = field(default_factory=Limits)
    max_credits: int | None = None  # a budget for every operation; None: Zoho's limit only
    budgets: Mapping[str, int] = field(default_factory=dict)  # operation name → credits
    include: tuple[str, ...] = DEFAULT_INCLUDE
    exclude: tuple[str, ...] = DEFAULT_EXCLUDE
    disable: frozenset[str] = frozenset()
    cache_dir: Path | None = None  # None: <root>/.zgql_cache
    # The most of one Python file that is read; a GraphQL file is bounded by the limits'
    # max-document-bytes, since the whole of it is one document.
    max_file_bytes: int = DEFAULT_MAX_FILE_BYTES

    def budget(self, operation: str | None) -> int | None:
        """The credits budget of an operation: its own, else ``max-credits``."""
        own = self.budgets.get(operation) if operation is not None else None
        return own if own is not None else self.max_credits

    def analysis_digest(self) -> str:
        """What, besides the schema and the text, an analysis result depends on."""
        return hashlib.sha256(repr(self.limits).encode()).hexdigest()


def find_config(start: Path) -> Path | None:
    """The nearest ``zgql.toml`` (or ``pyproject.toml`` with ``[tool.zgql]``) from ``start`` up."""
    for folder in (start, *start.parents):
        candidate = folder / "zgql.toml"
        if candidate.is_file():
            return candidate
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file() and b"[tool.zgql" in _head(pyproject):
            return pyproject
    return None


def _head(path: Path) -> bytes:
    """As much of a file as a configuration may hold; a special file or one that cannot be read
    holds none (reading it for real then says why)."""
    try:
        data = read_regular(path, CONFIG_MAX_BYTES, follow=True)
    except Unreadable:
        return b""
    return data if isinstance(data, bytes) else b""


def load_config(path: Path | None = None, *, start: Path | None = None) -> Config:
    """Read ``path``, or the configuration found from ``start`` (default: the working folder);
    the defaults when there is none. Raises :class:`zgql.ConfigError` naming file and key."""
    path = path if path is not None else find_config((start or Path.cwd()).resolve())
    if path is None:
        return Config(root=(start or Path.cwd()).resolve())
    return _from_table(read_zgql_table(path), path)


def _from_table(table: Mapping[str, Any], path: Path) -> Config:
    origin = str(path)
    check_keys(table, origin)
    root = path.parent.resolve()
    exclude = _strings(table, "exclude", origin, DEFAULT_EXCLUDE)
    return Config(
        root=root,
        source=path,
        schema=root / _string(table, "schema", origin) if "schema" in table else None,
        limits=Limits.from_mapping(table, origin=origin),
        max_credits=_whole(table.get("max-credits"), "max-credits", origin),
        budgets=_budgets(table.get("budgets", {}), origin),
        include=_strings(table, "include", origin, DEFAULT_INCLUDE),
        exclude=exclude + _strings(table, "extend-exclude", origin, ()),
        disable=frozenset(_rules(_strings(table, "disable", origin, ()), origin)),
        cache_dir=_inside(root, _string(table, "cache-dir", origin), "cache-dir", origin)
        if "cache-dir" in table
        else None,
        max_file_bytes=_whole(table.get("max-file-bytes"), "max-file-bytes", origin)
        or DEFAULT_MAX_FILE_BYTES,
    )


def _string(table: Mapping[str, Any], key: str, origin: str) -> str:
    value = table[key]
    if not isinstance(value, str) or not value:
        raise ConfigError(f"{origin}: '{key}' must be a non-empty string, not {value!r}")
    return value


def _inside(root: Path, value: str, key: str, origin: str) -> Path:
    """``value`` as a folder inside ``root``: the configuration comes with the checked tree, so
    it may not steer zgql's writes anywhere else (symlinks resolved)."""
    path = (root / value).resolve()
    if path != root and root not in path.parents:
        raise ConfigError(f"{origin}: '{key}' must be a folder inside {root}, not {value!r}")
    return path


def _strings(
    table: Mapping[str, Any], key: str, origin: str, default: tuple[str, ...]
) -> tuple[str, ...]:
    value = table.get(key, default)
    if not isinstance(value, (list, tuple)) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{origin}: '{key}' must be a list of strings, not {value!r}")
    return tuple(value)


def _whole(value: Any, key: str, origin: str) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ConfigError(f"{origin}: '{key}' must be a whole number ≥ 1, not {value!r}")
    return value


def _budgets(value: Any, origin: str) -> dict[str, int]:
    if not isinstance(value, Mapping):
        raise ConfigError(f"{origin}: 'budgets' must be a table of operation = credits")
    return {
        str(name): _whole(credits_, f"budgets.{name}", origin) or 0
        for name, credits_ in value.items()
    }


def _rules(names: tuple[str, ...], origin: str) -> tuple[str, ...]:
    for name in names:
        if name not in RULE_NAMES:
            raise ConfigError(
                f"{origin}: 'disable' names no rule '{name}' (rules: {', '.join(RULE_NAMES)})"
            )
    return names
