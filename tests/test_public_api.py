from __future__ import annotations

import zgql
import zgql.testing


def _isort_style(name: str) -> tuple[int, str]:
    """Constants, then classes, then functions, each sorted (ruff's RUF022 order)."""
    return (0 if name.isupper() else 1 if name[0].isupper() else 2, name)


def test_all_is_sorted_and_is_the_whole_public_face() -> None:
    assert zgql.__all__ == sorted(zgql.__all__, key=_isort_style)
    public = {name for name in vars(zgql) if not name.startswith(("_", "@"))} - {"testing"}
    assert set(zgql.__all__) - {"__version__"} == public


def test_every_name_in_all_exists() -> None:
    for module in (zgql, zgql.testing):
        for name in module.__all__:
            assert hasattr(module, name), name


def test_rule_names_are_those_of_the_cost_model() -> None:
    assert zgql.RULE_NAMES[:12] == (
        "records-depth",
        "metadata-depth",
        "complexity",
        "credits",
        "fields-per-resource",
        "lookups-per-resource",
        "textareas-per-resource",
        "records-limit",
        "filter-criteria",
        "unsupported-field",
        "unfilterable-field",
        "child-not-at-root",
    )
    assert {"operation-type", "syntax", "schema"} <= set(zgql.RULE_NAMES)
