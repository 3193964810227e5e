from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from zgql._config import Config
from zgql._lint._discover import Skipped, _Globs, discover


def tree(root: Path, *files: str) -> None:
    for name in files:
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text("")


def found(root: Path, config: Config, *paths: Path) -> list[str]:
    return [
        p.relative_to(root).as_posix()
        for p in discover(list(paths) or [root], config)
        if isinstance(p, Path)
    ]


def skipped(root: Path, config: Config, *paths: Path) -> list[tuple[str, str, bool]]:
    return [
        (Path(s.path).relative_to(root).as_posix(), s.reason, s.error)
        for s in discover(list(paths) or [root], config)
        if isinstance(s, Skipped)
    ]


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


def test_links_inside_the_project_are_followed_once(tmp_path: Path) -> None:
    tree(tmp_path, "queries/a.graphql", "queries/deeper/b.gql", "app/c.py")
    (tmp_path / "app" / "a.graphql").symlink_to("../queries/a.graphql")
    (tmp_path / "app" / "queries").symlink_to("../queries")
    (tmp_path / "app" / "up").symlink_to("..")  # a cycle: each folder is listed once
    (tmp_path / "app" / "self").symlink_to(".")
    config = Config(root=tmp_path)
    assert found(tmp_path, config, tmp_path / "app") == [
        "queries/a.graphql",
        "app/c.py",
        "queries/deeper/b.gql",
    ]
    assert skipped(tmp_path, config) == []


def test_links_out_of_the_project_are_skipped(
    tmp_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    outside = tmp_path_factory.mktemp("outside")
    tree(outside, "x.graphql", "folder/y.graphql")
    tree(tmp_path, "a.graphql", "node_modules/z.graphql", "notes.txt")
    (tmp_path / "x.graphql").symlink_to(outside / "x.graphql")
    (tmp_path / "folder").symlink_to(outside / "folder")
    (tmp_path / "node_modules" / "link").symlink_to(outside)  # excluded: not even a warning
    (tmp_path / "broken.py").symlink_to(tmp_path / "nowhere.py")
    (tmp_path / "loop.graphql").symlink_to("loop.graphql")
    (tmp_path / "text.graphql").symlink_to("notes.txt")
    (tmp_path / "notes.md").symlink_to(outside / "x.graphql")  # not a name zgql checks
    config = Config(root=tmp_path)
    assert found(tmp_path, config) == ["a.graphql"]
    assert skipped(tmp_path, config) == [
        ("broken.py", "skipped: a symbolic link that leads nowhere", False),
        ("folder", f"skipped: a symbolic link to {outside}/folder, outside the project", False),
        ("loop.graphql", "skipped: a symbolic link that leads nowhere", False),
        (
            "text.graphql",
            f"skipped: a symbolic link to {tmp_path}/notes.txt, which zgql does not check",
            False,
        ),
        (
            "x.graphql",
            f"skipped: a symbolic link to {outside}/x.graphql, outside the project",
            False,
        ),
    ]
    # Named outright, a link is the user's choice.
    assert [str(p) for p in discover([tmp_path / "x.graphql"], config)] == [
        str(outside / "x.graphql")
    ]


@pytest.mark.skipif(sys.platform == "win32", reason="FIFOs")
def test_special_files_are_skipped_or_refused(tmp_path: Path) -> None:
    tree(tmp_path, "a.graphql")
    os.mkfifo(tmp_path / "q.graphql")
    os.mkfifo(tmp_path / "other")  # not a name zgql checks
    (tmp_path / "dev.graphql").symlink_to(tmp_path / "q.graphql")
    config = Config(root=tmp_path)
    assert found(tmp_path, config) == ["a.graphql"]
    assert skipped(tmp_path, config) == [
        ("dev.graphql", "skipped: a symbolic link to a FIFO", False),
        ("q.graphql", "skipped: a FIFO, not a regular file", False),
    ]
    assert skipped(tmp_path, config, tmp_path / "q.graphql", tmp_path / "other") == [
        ("q.graphql", "is a FIFO, not a regular file", True),
        ("other", "is a FIFO, not a regular file", True),
    ]


@pytest.mark.parametrize(
    ("pattern", "matching", "not_matching"),
    [
        ("*.graphql", ["a.graphql", "x/y/b.graphql"], ["a.gql", "a.graphql.py"]),
        ("a?c*", ["abc", "x/abcd", "x/abc/d"], ["ac", "a/c", "xabc"]),
        (
            "queries/**/legacy/*.gql",
            ["queries/legacy/a.gql", "queries/x/y/legacy/a.gql"],
            ["legacy/a.gql", "queries/legacy/x/a.gql"],
        ),
        ("**/gen/*", ["gen/a", "x/gen/a", "x/gen/a/b"], ["gen", "x/gen", "gen2/a"]),
        ("out/**", ["out/a", "out/a/b"], ["out", "x/out/a"]),
        ("a*b*c*d", ["abcd", "aXbYcZd", "abcabcdd"], ["abdc", "a/bcd"]),
    ],
)
def test_globs(pattern: str, matching: list[str], not_matching: list[str]) -> None:
    globs = _Globs([pattern])
    assert [path for path in matching + not_matching if globs.matches(path)] == matching


def test_patterns_read_as_a_gitignore(tmp_path: Path) -> None:
    tree(
        tmp_path,
        "top.graphql",
        "sub/top.graphql",
        "gen/a.graphql",
        "gen/keep.graphql",
        "out/a.graphql",
        "out/keep.graphql",
        "x.graphql/a.gql",
        "y.graphql",
        "v1/a.py",
        "va/a.py",
    )
    config = Config(
        root=tmp_path,
        exclude=(
            "/top.graphql",  # the top one only
            "gen/*",
            "!gen/keep.graphql",  # back: only gen's files were excluded
            "out/",
            "!out/keep.graphql",  # not back: out itself is excluded, and never walked
            "*.graphql/",  # folders only
            "v[[:digit:]]",
        ),
    )
    assert found(tmp_path, config) == [
        "y.graphql",
        "gen/keep.graphql",
        "sub/top.graphql",
        "va/a.py",
    ]


@pytest.mark.skipif(sys.platform == "win32", reason="FIFOs")
def test_an_excluded_folder_is_not_walked(tmp_path: Path) -> None:
    """Walked, the FIFO would be a warning; named outright, a file below stays excluded."""
    tree(tmp_path, "a.graphql", "gen/b.graphql")
    os.mkfifo(tmp_path / "gen" / "q.graphql")
    config = Config(root=tmp_path, exclude=("gen/", "!gen/*"))
    assert found(tmp_path, config) == ["a.graphql"]
    assert skipped(tmp_path, config) == []
    assert found(tmp_path, config, tmp_path / "gen" / "b.graphql") == []


def test_include_patterns_take_folders_and_negations(tmp_path: Path) -> None:
    """A file is included as git would ignore it: "queries/" takes the folder, and a file in it
    cannot be taken back; "queries/**" takes each file, and one can."""
    tree(tmp_path, "queries/a.graphql", "queries/deep/b.py", "queries/old.graphql", "c.graphql")
    config = Config(root=tmp_path, include=("queries/", "!old.graphql"))
    assert found(tmp_path, config) == [
        "queries/a.graphql",
        "queries/old.graphql",
        "queries/deep/b.py",
    ]
    config = Config(root=tmp_path, include=("queries/**", "!old.graphql"))
    assert found(tmp_path, config) == ["queries/a.graphql", "queries/deep/b.py"]
