from __future__ import annotations

from pathlib import Path

import pytest

import zgql


def test_defaults_are_zohos() -> None:
    limits = zgql.Limits()
    assert (limits.records_depth, limits.metadata_depth, limits.complexity, limits.credits) == (
        3,
        7,
        1000,
        10,
    )
    assert (
        limits.fields_per_resource,
        limits.lookups_per_resource,
        limits.textareas_per_resource,
    ) == (50, 5, 5)
    assert (limits.root_records, limits.child_records, limits.filter_criteria) == (100, 10, 25)
    assert limits.interpretations == zgql.Interpretations(
        user_lookup_points=25,
        union_branches="max",
        metadata_depth_model="fields",
        points_per_credit=100,
    )


def test_from_mapping_accepts_dashes_and_ignores_other_keys() -> None:
    limits = zgql.Limits.from_mapping(
        {
            "schema": "x",
            "limits": {"records-depth": 2, "credits": 5},
            "interpretations": {"union-branches": "sum", "user_lookup_points": 50},
        }
    )
    assert (limits.records_depth, limits.credits, limits.complexity) == (2, 5, 1000)
    assert limits.interpretations.union_branches == "sum"
    assert limits.interpretations.user_lookup_points == 50


@pytest.mark.parametrize(
    ("mapping", "said"),
    [
        ({"limits": {"depth": 3}}, "unknown key 'depth'"),
        ({"limits": {"credits": "ten"}}, "'credits' must be a whole number"),
        ({"limits": {"credits": True}}, "'credits' must be a whole number"),
        ({"limits": {"credits": -1}}, "'credits' must be a whole number"),
        ({"limits": {"records-depth": 0}}, "'records-depth' must be a whole number ≥ 1, not 0"),
        ({"limits": {"record_depth": 3}}, "unknown key 'record_depth'"),
        ({"limits": {"record-depth": 3}}, "unknown key 'record-depth'"),  # as the user spelt it
        ({"interpretations": {"union_branches": "min"}}, "one of max, sum"),
        (
            {"interpretations": {"points-per-credit": 0}},
            "'points-per-credit' must be a whole number ≥ 1",
        ),
        ({"limits": [1]}, "'limits' must be a table"),
    ],
)
def test_bad_configuration(mapping: dict[str, object], said: str) -> None:
    with pytest.raises(zgql.ConfigError, match=said):
        zgql.Limits.from_mapping(mapping, origin="here.toml")


def test_from_pyproject_and_zgql_toml(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[tool.zgql.limits]\ncredits = 3\n[project]\nname = "x"\n'
    )
    (tmp_path / "zgql.toml").write_text("[interpretations]\nmetadata-depth-model = 'resources'\n")
    assert zgql.Limits.from_file(tmp_path / "pyproject.toml").credits == 3
    assert (
        zgql.Limits.from_file(tmp_path / "zgql.toml").interpretations.metadata_depth_model
        == "resources"
    )


@pytest.mark.parametrize(
    ("name", "text", "said"),
    [
        ("pyproject.toml", "[tool.zgql.limit]\ncredits = 3\n", "unknown key 'limit'"),
        ("zgql.toml", "max-credit = 3\n", "unknown key 'max-credit'"),
        ("zgql.toml", "foo = 1\n", "unknown key 'foo'"),
    ],
)
def test_from_file_checks_every_key(tmp_path: Path, name: str, text: str, said: str) -> None:
    (tmp_path / name).write_text(text)
    with pytest.raises(zgql.ConfigError, match=said):
        zgql.Limits.from_file(tmp_path / name)


def test_a_pyproject_under_another_name(tmp_path: Path) -> None:
    (tmp_path / "other.toml").write_text("[tool.zgql.limits]\ncredits = 4\n")
    assert zgql.Limits.from_file(tmp_path / "other.toml").credits == 4


def test_unreadable_file(tmp_path: Path) -> None:
    (tmp_path / "zgql.toml").write_text("limits = [")
    with pytest.raises(zgql.ConfigError, match=r"zgql\.toml: cannot read configuration"):
        zgql.Limits.from_file(tmp_path / "zgql.toml")
    with pytest.raises(zgql.ConfigError, match="cannot read"):
        zgql.Limits.from_file(tmp_path / "missing.toml")
