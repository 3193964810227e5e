from __future__ import annotations

from pathlib import Path

import pytest

import zgql
from zgql._config import DEFAULT_EXCLUDE, Config, find_config, load_config

FULL = """
[tool.zgql]
schema = "schemas/acme"
include = ["queries/**/*.graphql", "*.py"]
extend-exclude = ["legacy"]
disable = ["unsupported-field"]
max-credits = 6
cache-dir = ".cache/zgql"

[tool.zgql.limits]
records-depth = 2

[tool.zgql.interpretations]
union-branches = "sum"

[tool.zgql.budgets]
GetDeals = 3
"""


def test_every_key(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(FULL)
    config = load_config(start=tmp_path)
    assert config.source == tmp_path / "pyproject.toml"
    assert config.schema == tmp_path.resolve() / "schemas/acme"
    assert config.include == ("queries/**/*.graphql", "*.py")
    assert config.exclude == (*DEFAULT_EXCLUDE, "legacy")
    assert config.disable == frozenset({"unsupported-field"})
    assert (
        config.max_credits,
        config.budget("GetDeals"),
        config.budget("Other"),
        config.budget(None),
    ) == (6, 3, 6, 6)
    assert config.cache_dir == tmp_path.resolve() / ".cache/zgql"
    assert config.limits.records_depth == 2
    assert config.limits.interpretations.union_branches == "sum"


def test_found_from_a_subfolder_and_zgql_toml_wins(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(FULL)
    inner = tmp_path / "a" / "b"
    inner.mkdir(parents=True)
    assert find_config(inner) == tmp_path / "pyproject.toml"
    (tmp_path / "a" / "zgql.toml").write_text("max-credits = 2\n")
    assert find_config(inner) == tmp_path / "a" / "zgql.toml"
    assert load_config(start=inner).max_credits == 2


def test_pyproject_without_a_zgql_table_is_not_a_config(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'x'\n")
    config = load_config(start=tmp_path)
    assert config.source is None
    assert config == Config(root=tmp_path.resolve())


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("shcema = 'x'", "unknown key 'shcema'"),
        ("max-credits = 0", "'max-credits' must be a whole number"),
        ("disable = ['no-such-rule']", "'disable' names no rule 'no-such-rule'"),
        ("include = 'x'", "'include' must be a list of strings"),
        ("budgets = 3", "'budgets' must be a table"),
        ("[budgets]\nQ = 'a lot'", "'budgets.Q' must be a whole number"),
        ("[limits]\ncredits = -1", "'credits' must be a whole number"),
        ("max-credits = ", "cannot read configuration"),
    ],
)
def test_errors_name_the_file_and_key(tmp_path: Path, text: str, said: str) -> None:
    path = tmp_path / "zgql.toml"
    path.write_text(text)
    with pytest.raises(zgql.ConfigError) as caught:
        load_config(path)
    assert said in str(caught.value)
    assert str(path) in str(caught.value)
