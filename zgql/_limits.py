"""The limits an operation is judged against, and the interpretations of the cost model.

Defaults come from ``_data/zoho.toml``; configuration may override any of them, either as a
mapping (:meth:`Limits.from_mapping`) or from a ``zgql.toml`` / ``pyproject.toml`` file
(:meth:`Limits.from_file`).
"""

from __future__ import annotations

import dataclasses
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from zgql._cost_table import cost_table
from zgql._exceptions import ConfigError
from zgql._files import Oversize, Unreadable, read_regular

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

__all__ = [
    "CONFIG_KEYS",
    "CONFIG_MAX_BYTES",
    "Interpretations",
    "Limits",
    "check_keys",
    "read_zgql_table",
]

CONFIG_MAX_BYTES = 4 * 1024 * 1024  # a pyproject.toml of many tools is tens of KB
# Every key of zgql's table ([tool.zgql], or a zgql.toml): the configuration reads them all,
# the limits two of them; any other key is a misspelling, and an error.
CONFIG_KEYS = frozenset(
    {
        "schema",
        "include",
        "exclude",
        "extend-exclude",
        "disable",
        "max-credits",
        "cache-dir",
        "max-file-bytes",
        "limits",
        "interpretations",
        "budgets",
    }
)


UnionBranches = Literal["max", "sum"]
MetadataDepthModel = Literal["fields", "resources"]

_CHOICES: dict[str, tuple[str, ...]] = {
    "union_branches": ("max", "sum"),
    "metadata_depth_model": ("fields", "resources"),
}

# Every limit is at least 1 (a limit of 0 would refuse every query); a price may be 0.
_MAY_BE_ZERO = frozenset({"user_lookup_points"})


def _defaults(section: str) -> dict[str, Any]:
    table = cost_table()
    return dict(table.limits if section == "limits" else table.interpretations)


@dataclass(frozen=True, slots=True)
class Interpretations:
    """Readings of Zoho's documentation where it is silent or contradicts itself.

    Each default is the reading ``docs/cost-model.md`` gives; a live org may prove one wrong, so
    each can be changed by configuration.
    """

    user_lookup_points: int = field(
        default_factory=lambda: int(_defaults("interpretations")["user_lookup_points"])
    )
    union_branches: UnionBranches = field(
        default_factory=lambda: _defaults("interpretations")["union_branches"]
    )
    metadata_depth_model: MetadataDepthModel = field(
        default_factory=lambda: _defaults("interpretations")["metadata_depth_model"]
    )
    points_per_credit: int = field(
        default_factory=lambda: int(_defaults("interpretations")["points_per_credit"])
    )


def _limit(name: str) -> Any:
    return field(default_factory=lambda: int(_defaults("limits")[name]))


@dataclass(frozen=True, slots=True)
class Limits:
    """What Zoho accepts in one call (defaults: Zoho's published limits)."""

    records_depth: int = _limit("records_depth")
    metadata_depth: int = _limit("metadata_depth")
    complexity: int = _limit("complexity")
    credits: int = _limit("credits")
    fields_per_resource: int = _limit("fields_per_resource")
    lookups_per_resource: int = _limit("lookups_per_resource")
    textareas_per_resource: int = _limit("textareas_per_resource")
    root_records: int = _limit("root_records")
    child_records: int = _limit("child_records")
    filter_criteria: int = _limit("filter_criteria")
    max_document_bytes: int = _limit("max_document_bytes")
    max_document_tokens: int = _limit("max_document_tokens")
    interpretations: Interpretations = field(default_factory=Interpretations)

    @classmethod
    def from_mapping(cls, mapping: Mapping[str, Any], *, origin: str = "configuration") -> Limits:
        """Limits from a mapping shaped like ``[tool.zgql]``.

        ``mapping`` may hold a ``limits`` table and an ``interpretations`` table; keys may be
        spelt with dashes or underscores (``records-depth`` or ``records_depth``). Keys that are
        not limits are ignored, so the whole ``[tool.zgql]`` table can be passed. A wrong key or
        value inside those two tables raises :class:`zgql.ConfigError` naming it and ``origin``.
        """
        limits = _section(mapping, "limits", origin)
        interpretations = _section(mapping, "interpretations", origin)
        return cls(
            **_typed_values(cls, limits, f"{origin}: limits"),
            interpretations=Interpretations(
                **_typed_values(Interpretations, interpretations, f"{origin}: interpretations")
            ),
        )

    def prices(self) -> dict[str, int]:
        """The points of each price key: the record kinds, the user-lookup reading (an
        interpretation), and each priced ``_Meta`` type."""
        table = cost_table()
        user_lookup = self.interpretations.user_lookup_points
        return {**table.record_points, "user-lookup": user_lookup, **table.meta_points}

    @classmethod
    def from_file(cls, path: str | Path) -> Limits:
        """Limits from ``zgql.toml`` (top level) or ``pyproject.toml`` (``[tool.zgql]``). The
        whole table is checked as ``zgql check`` checks it: any wrong key is an error."""
        path = Path(path)
        table = read_zgql_table(path)
        check_keys(table, str(path))
        return cls.from_mapping(table, origin=str(path))


def check_keys(table: Mapping[str, Any], origin: str) -> None:
    """:class:`ConfigError` for a key of zgql's table that is none of :data:`CONFIG_KEYS`."""
    unknown = sorted(set(table) - CONFIG_KEYS)
    if unknown:
        known = ", ".join(sorted(CONFIG_KEYS))
        raise ConfigError(f"{origin}: unknown key '{unknown[0]}' (known: {known})")


def read_zgql_table(path: Path) -> dict[str, Any]:
    """zgql's table of a configuration file: ``[tool.zgql]`` of a ``pyproject.toml``, the whole
    of a ``zgql.toml``. :class:`ConfigError` naming the file when it cannot be read."""
    try:
        # The file may come with a checked tree: a bounded read of a regular file only.
        data = read_regular(path, CONFIG_MAX_BYTES, follow=True)
        if isinstance(data, Oversize):
            raise ConfigError(f"{path}: over {CONFIG_MAX_BYTES // 2**20} MiB: not a configuration")
        raw = tomllib.loads(data.decode("utf-8"))
    except Unreadable as exc:
        raise ConfigError(f"{path}: {exc}") from None
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read configuration: {exc}") from None
    # A pyproject.toml under another name (--config other.toml) holds its table the same way.
    tool = raw.get("tool")
    in_tool = path.name == "pyproject.toml" or (set(raw) == {"tool"} and isinstance(tool, dict))
    table = tool.get("zgql", {}) if in_tool and isinstance(tool, dict) else raw
    return table if isinstance(table, dict) else {}


def _section(mapping: Mapping[str, Any], name: str, origin: str) -> dict[str, tuple[str, Any]]:
    """A table's entries by their name with underscores: (the user's spelling, the value)."""
    value = mapping.get(name, {})
    if not isinstance(value, Mapping):
        raise ConfigError(f"{origin}: '{name}' must be a table, not {type(value).__name__}")
    return {str(key).replace("-", "_"): (str(key), item) for key, item in value.items()}


def _typed_values(cls: type, entries: dict[str, tuple[str, Any]], origin: str) -> dict[str, Any]:
    known = {f.name for f in dataclasses.fields(cls) if f.name != "interpretations"}
    unknown = sorted(entries[key][0] for key in set(entries) - known)
    if unknown:
        names = ", ".join(name.replace("_", "-") for name in sorted(known))
        raise ConfigError(f"{origin}: unknown key '{unknown[0]}' (known: {names})")
    for key, (spelled, value) in entries.items():
        _check_value(key, spelled, value, origin)
    return {key: value for key, (_, value) in entries.items()}


def _check_value(key: str, spelled: str, value: Any, origin: str) -> None:
    """``key`` is the field; ``spelled`` the name as the user wrote it, for the message."""
    choices = _CHOICES.get(key)
    if choices is not None:
        if value not in choices:
            raise ConfigError(
                f"{origin}: '{spelled}' must be one of {', '.join(choices)}, not {value!r}"
            )
        return
    least = 0 if key in _MAY_BE_ZERO else 1
    if isinstance(value, bool) or not isinstance(value, int) or value < least:
        raise ConfigError(f"{origin}: '{spelled}' must be a whole number ≥ {least}, not {value!r}")
