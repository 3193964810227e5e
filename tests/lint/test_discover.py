from __future__ import annotations

from pathlib import Path

import pytest

from zgql._config import Config
from zgql._lint._discover import discover


def tree(root: Path, *files: str) -> None:
    for name in files:
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text("")


def found(root: Path, config: Config, *paths: Path) -> list[str]:
    return [p.relative_to(root).as_posix() for p in discover(list(paths) or [root], config)]


def test_defaults(tmp_path: Path) -> None:
    tree(
        tmp_path,
        "a.graphql",
        "b/c.gql",
        "b/d.py",
        "e.txt",
        "node_modules/x.graphql",
        ".venv/lib/y.py",
        "b/__pycache__/z.py",
    )
    assert found(tmp_path, Config(root=tmp_path)) == ["a.graphql", "b/c.gql", "b/d.py"]


def test_include_and_exclude_globs(tmp_path: Path) -> None:
    tree(tmp_path, "queries/a.graphql", "queries/legacy/b.graphql", "app/q.py", "other/c.graphql")
    config = Config(
        root=tmp_path,
        include=("queries/**/*.graphql", "*.py"),
        exclude=("legacy", "other/*.graphql"),
    )
    assert found(tmp_path, config) == ["app/q.py", "queries/a.graphql"]


def test_named_files_are_checked_unless_excluded(tmp_path: Path) -> None:
    tree(tmp_path, "x/a.graphql", "legacy/b.graphql", "notes.txt")
    config = Config(root=tmp_path, include=("nothing",), exclude=("legacy",))
    assert found(
        tmp_path,
        config,
        tmp_path / "x/a.graphql",
        tmp_path / "legacy/b.graphql",
        tmp_path / "notes.txt",
        tmp_path / "x/a.graphql",
    ) == ["x/a.graphql"]


def test_missing_path(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="nope: no such file or folder"):
        list(discover([tmp_path / "nope"], Config(root=tmp_path)))
