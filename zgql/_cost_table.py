"""Zoho's prices, limits and field classes, read once from ``_data/zoho.toml``.

The TOML file is the single source of these facts; this module only gives them types.
"""

from __future__ import annotations

import functools
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

__all__ = ["CostTable", "cost_table", "zoho_data"]


@dataclass(frozen=True, slots=True)
class CostTable:
    """The contents of ``zoho.toml``, typed."""

    limits: dict[str, int]
    interpretations: dict[str, Any]
    record_points: dict[str, int]
    data_type_kinds: dict[str, str]
    textarea_types: frozenset[str]
    unsupported_types: frozenset[str]
    unfilterable_types: frozenset[str]
    unsupported_fields: dict[str, str]
    unfilterable_fields: dict[str, str]
    meta_points: dict[str, int]
    free_user_fields: frozenset[str]

    def field_fact(self, table: dict[str, str], module: str, field: str) -> str | None:
        """The entry of ``table`` for ``module.field``, or for ``*.field``."""
        return table.get(f"{module}.{field}") or table.get(f"*.{field}")


def _kinds_by_data_type(data_types: dict[str, list[str]]) -> dict[str, str]:
    kinds = ("parent-lookup", "user-lookup", "child-relation", "multi-module-lookup")
    return {data_type: kind for kind in kinds for data_type in data_types[kind]}


# The package's data, beside its code: zgql is installed as files (a wheel is unpacked), and
# reading them by path spares every cold start importlib.resources (7 ms of a 90 ms check).
DATA = Path(__file__).resolve().parent / "_data"


@functools.cache
def zoho_toml() -> bytes:
    """The bytes of ``zoho.toml`` (read once per process; the schema cache's key holds them)."""
    return (DATA / "zoho.toml").read_bytes()


@functools.cache
def zoho_data() -> dict[str, Any]:
    """``zoho.toml``, parsed (read once per process)."""
    data: dict[str, Any] = tomllib.loads(zoho_toml().decode("utf-8"))
    return data


@functools.cache
def cost_table() -> CostTable:
    """The cost table of the installed zgql (read once per process)."""
    raw = zoho_data()
    records, meta = raw["records"], raw["meta"]
    data_types = records["data_types"]
    return CostTable(
        limits=dict(raw["limits"]),
        interpretations=dict(raw["interpretations"]),
        record_points=dict(records["points"]),
        data_type_kinds=_kinds_by_data_type(data_types),
        textarea_types=frozenset(data_types["textarea"]),
        unsupported_types=frozenset(data_types["unsupported"]),
        unfilterable_types=frozenset(data_types["unfilterable"]),
        unsupported_fields=dict(records["unsupported_fields"]),
        unfilterable_fields=dict(records["unfilterable_fields"]),
        meta_points=dict(meta["points"]),
        free_user_fields=frozenset(meta["free_user_fields"]),
    )
