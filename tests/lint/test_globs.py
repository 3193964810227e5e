"""The include/exclude patterns match as a ``.gitignore`` would: against ``git check-ignore``
on generated trees and pattern lists, and in time linear in the path whatever the patterns."""

from __future__ import annotations

import os
import random
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from zgql._lint import _discover
from zgql._lint._discover import _Globs

GIT = shutil.which("git")
CHECK_IGNORE = [GIT or "git", "-c", "core.ignoreCase=false", "check-ignore", "--no-index"]


@pytest.mark.parametrize(
    ("patterns", "matching", "not_matching"),
    [
        # No slash but at the end: a name at any depth; with one, the path from the top.
        (["top.graphql"], ["top.graphql", "sub/top.graphql"], ["top.graphqlx"]),
        (["/top.graphql"], ["top.graphql"], ["sub/top.graphql"]),
        (["sub/top.graphql"], ["sub/top.graphql"], ["x/sub/top.graphql", "top.graphql"]),
        (["/sub/"], ["sub/", "sub/a.py", "sub/x/a.py"], ["sub", "x/sub/", "x/sub/a.py"]),
        # A trailing slash: folders only, and what is inside them.
        (["gen/"], ["gen/", "x/gen/", "gen/a.py", "x/gen/y/a.py"], ["gen", "x/gen"]),
        # Wildcards never cross a slash; ** does, as a whole part of the path.
        (["q/*.gql"], ["q/a.gql", "q/.gql", "q/a.gql/b.py"], ["q/x/a.gql", "a.gql"]),
        (["a?c"], ["abc", "x/a.c", "abc/d.py"], ["ac", "a/c", "abbc"]),
        (["**/gen"], ["gen", "x/y/gen", "gen/a.py"], ["xgen", "gen2"]),
        (["gen/**"], ["gen/a.py", "gen/x/a.py", "gen/x/"], ["gen", "gen/"]),
        (["a/**/b"], ["a/b", "a/x/b", "a/x/y/b", "a/b/c.py"], ["ab", "a/xb", "x/a/b"]),
        (["a**b"], ["ab", "axxb", "x/axb"], ["a/b", "a/x/b"]),
        (["a/**b"], ["a/b", "a/xb"], ["a/x/b", "a/x/xb"]),
        # git compares the plain start apart: the ** after it counts as the pattern's start.
        (["a**/b"], ["a/b", "ab/b", "a/x/b", "ax/y/b"], ["b", "x/a/b"]),
        # Only a plain slash after ** lets it match no folder at all.
        (["**\\/b"], ["x/b", "x/y/b"], ["b"]),
        (["a/**\\/b"], ["a/x/b", "a/x/y/b"], ["a/b"]),
        # Classes, ranges, negated classes, named classes, escapes.
        (["[ab].py"], ["a.py", "b.py"], ["c.py", "ab.py"]),
        (["[!a-c]x", "[^0-9]y"], ["dx", ".x", "ay"], ["ax", "cx", "5y", "x/x"]),
        (["[]a]", "[a-]"], ["]", "a", "-"], ["b", "[", "\\"]),
        (["v[[:digit:]]"], ["v1", "v9"], ["va", "v", "v10"]),
        (["\\*.py", "\\[x]", "\\!a", "\\#b", "c\\ "], ["*.py", "[x]", "!a", "#b", "c "], ["a.py"]),
        (["a\\/b"], ["a/b"], ["x/a/b", "a\\/b"]),
        # Negation: the last match decides, and nothing below an excluded folder comes back.
        (["*.py", "!keep.py"], ["a.py", "x/b.py"], ["keep.py", "x/keep.py"]),
        (["gen/*", "!gen/keep"], ["gen/a", "gen/x/keep"], ["gen", "gen/keep", "gen/keep/a"]),
        (["gen/", "!gen/keep"], ["gen/keep", "gen/a"], ["gen"]),
        (["!a.py", "*.py"], ["a.py"], []),
        (["gen/", "!gen/"], [], ["gen/", "gen/a.py"]),
        # Lines a .gitignore would not read as patterns, or that git cannot match.
        (["#a", "", "   ", "!", "/", "[ab", "[[:nope:]]", "x\\"], [], ["#a", "a", "ab", "x"]),
        (["a  ", "b\\  "], ["a", "b "], ["a ", "b", "b  "]),
    ],
)
def test_gitignore_semantics(
    patterns: list[str], matching: list[str], not_matching: list[str]
) -> None:
    """A path ending in ``/`` names a folder."""
    globs = _Globs(patterns)

    def matches(path: str) -> bool:
        return globs.matches(path.rstrip("/"), folder=path.endswith("/"))

    assert [p for p in matching + not_matching if matches(p)] == matching


def test_a_folder_only_pattern_takes_no_file_but_what_is_inside_folders() -> None:
    globs = _Globs(["build/"])
    assert not globs.matches("build")
    assert globs.matches("build", folder=True)
    assert globs.matches("build/a.py")
    assert globs.matches("x/build/y/a.py")


def test_names_are_bytes_as_git_sees_them() -> None:
    """``?`` is one byte of a UTF-8 name, a class one byte: git is not aware of characters."""
    assert _Globs(["??"]).matches("é")
    assert not _Globs(["?"]).matches("é")
    assert not _Globs(["[é]"]).matches("é")
    assert _Globs(["é*"]).matches("éa")
    undecodable = os.fsdecode(b"\xff.py")
    assert _Globs(["?.py"]).matches(undecodable)
    assert _Globs([undecodable]).matches(f"x/{undecodable}")


def test_the_configuration_folder_itself_is_never_matched() -> None:
    assert not _Globs(["*", "**"]).matches("", folder=True)


def test_answers_do_not_depend_on_what_was_asked_before() -> None:
    """The folder cache and the automata's caches are bounds, not state that changes answers."""
    patterns = ["a*/", "!ab/", "/b/**/c", "*[!x]y"]
    paths = [f"{a}/{b}/{c}" for a in ("a", "ab", "b") for b in ("c", "xy", "q") for c in "cy"]
    fresh = [_Globs(patterns).matches(p) for p in paths]
    shared = _Globs(patterns)
    for _ in range(3):
        assert [shared.matches(p) for p in reversed(paths)] == fresh[::-1]
        for p in paths:
            shared.matches(p.rsplit("/", 1)[0], folder=True)
        assert [shared.matches(p) for p in paths] == fresh


def test_the_caches_bounds_change_no_answer(monkeypatch: pytest.MonkeyPatch) -> None:
    """With room for two states and two folders, the caches start again all the time."""
    rng = random.Random(7)
    cases = []
    for _ in range(200):
        files, folders = _random_tree(rng)
        patterns = [_random_pattern(rng) for _ in range(rng.randint(1, 6))]
        globs = _Globs(patterns)
        cases.append((patterns, files, folders, [globs.matches(f) for f in files]))
    monkeypatch.setattr(_discover, "_CACHED", 2)
    for patterns, files, folders, expected in cases:
        globs = _Globs(patterns)
        for folder in folders:
            globs.matches(folder, folder=True)
        assert [globs.matches(f) for f in files] == expected, patterns


# -- against git ------------------------------------------------------------------------------

NAMES = ["a", "b", "ab", "ba", "aa", "a.b", ".a", "b.", "a.a", "x"]
ODD_NAMES = ["*", "?", "[a]", "!a", "#a", "a ", " a", "\\", "a\\b", "]", "-", "a[", "9", "é"]
ATOMS = [
    *("a", "b", ".", "a", "b", "x", "*", "*", "*", "**", "***", "?", "?", "é"),
    *("[ab]", "[!a]", "[^.]", "[a-b]", "[]a]", "[a-]", "[!]]", "[\\]]", "[z-a]", "[.-b]"),
    *("[[:alpha:]]", "[[:punct:]]", "[[:space:]]", "[[:]", "[[:foo:]]", "[a[:b]"),
    *("\\*", "\\[", "\\a", "\\\\", "\\?", "\\/", "**\\/"),
    *("[", "\\", "]", "-", "!", "#"),  # an unclosed class, a trailing escape, plain bytes
]


def _random_tree(rng: random.Random) -> tuple[list[str], list[str]]:
    """Files and the folders above them, a few levels deep, with names that patterns can hit."""
    files: set[str] = set()
    folders: set[str] = set()
    for _ in range(rng.randint(8, 30)):
        parts = [
            rng.choice(ODD_NAMES if rng.random() < 0.15 else NAMES)
            for _ in range(rng.randint(1, 4))
        ]
        path = "/".join(parts)
        above = ["/".join(parts[:i]) for i in range(1, len(parts))]
        if path not in folders and not any(f in files for f in above):
            files.add(path)
            folders.update(above)
    return sorted(files), sorted(folders)


def _random_pattern(rng: random.Random) -> str:
    parts = [
        "**" if rng.random() < 0.2 else "".join(rng.choice(ATOMS) for _ in range(rng.randint(1, 3)))
        for _ in range(rng.choice([1, 1, 1, 2, 2, 3]))
    ]
    pattern = "/" * (rng.random() < 0.25) + "/".join(parts) + "/" * (rng.random() < 0.2)
    pattern = "!" * (rng.random() < 0.25) + pattern
    pattern = rng.choice(["#", "\\#", "\\!"]) + pattern if rng.random() < 0.08 else pattern
    return pattern + rng.choice(["  ", "\\ ", " \\ ", "\\"]) if rng.random() < 0.1 else pattern


def _git_ignores(repo: Path, paths: list[str]) -> dict[str, tuple[bool, str]]:
    """``git check-ignore``'s verdict on each path, with the pattern that decided it."""
    done = subprocess.run(
        [*CHECK_IGNORE, "--stdin", "-z", "--verbose", "--non-matching"],
        cwd=repo,
        input=b"".join(os.fsencode(p) + b"\0" for p in paths),
        capture_output=True,
        check=False,
        env={
            "PATH": os.environ.get("PATH", ""),
            "HOME": str(repo),  # no user's core.excludesFile or global ignore file
            "XDG_CONFIG_HOME": str(repo),
            "GIT_CONFIG_NOSYSTEM": "1",
            "GIT_CONFIG_GLOBAL": os.devnull,
        },
    )
    assert done.returncode in (0, 1), done.stderr
    fields = done.stdout.split(b"\0")[:-1]  # source, line number, pattern, path
    verdicts = {}
    for index in range(0, len(fields), 4):
        _, _, pattern, path = fields[index : index + 4]
        verdicts[os.fsdecode(path)] = (bool(pattern) and pattern[:1] != b"!", os.fsdecode(pattern))
    return verdicts


@pytest.mark.skipif(GIT is None, reason="needs git")
@pytest.mark.skipif(sys.platform == "win32", reason="names with * ? \\ and a trailing space")
@pytest.mark.parametrize("seed", range(20))
def test_verdicts_are_git_check_ignore_ones(tmp_path: Path, seed: int) -> None:
    """A generated tree in a git repository, then pattern lists written to its ``.gitignore``:
    for every file and folder, ``_Globs`` matches exactly when git ignores it."""
    rng = random.Random(seed)
    subprocess.run([GIT or "git", "init", "-q", str(tmp_path)], check=True)
    files, folders = _random_tree(rng)
    for folder in folders:
        (tmp_path / folder).mkdir(parents=True, exist_ok=True)
    for file in files:
        (tmp_path / file).write_text("")
    paths = files + folders
    for _ in range(40):
        patterns = [_random_pattern(rng) for _ in range(rng.randint(1, 6))]
        (tmp_path / ".gitignore").write_bytes(b"".join(os.fsencode(p) + b"\n" for p in patterns))
        git = _git_ignores(tmp_path, paths)
        globs = _Globs(patterns)
        differing = [
            (path, "folder" if path in folders else "file", git[path])
            for path in paths
            if globs.matches(path, folder=path in folders) != git[path][0]
        ]
        assert not differing, f"patterns {patterns}: git differs on {differing}"


# -- hostile patterns -------------------------------------------------------------------------

HOSTILE = [
    "*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*c",
    "**/a/**/a/**/a/**/a/**/a/**/a/**/a/**/a/**/a/**/a/**/c",
    "/**/a*/**/a*/**/a*/**/a*/**/a*/**/a*/**/c/",
    "a" + "*[a-z]?" * 30 + "c",
    "**/*a" + "?" * 24 + "/c",  # a DFA for it has 2**24 states: met lazily, cache bounded
    "*[!b]*[[:alpha:]]*[^c]*\\a*a*a*a*a*a*a*a*a*a*a*a*c",
]


def _hostile_path(length: int) -> str:
    rng = random.Random(length)
    names = ("".join(rng.choice("ab") for _ in range(rng.randint(30, 60))) for _ in range(length))
    path = ""
    for name in names:
        if len(path) >= length:
            return path
        path = f"{path}/{name}" if path else name
    return path


def test_hostile_patterns_take_time_linear_in_the_path() -> None:
    """Patterns that backtrack exponentially in a regex engine: a path of 16 KiB against all of
    them, fresh (every automaton state built on the way) takes well under a second, and four
    times the path takes about four times as long, not sixteen."""
    timings = []
    for length in (4096, 16384):
        path = _hostile_path(length)
        globs = _Globs(HOSTILE)
        start = time.perf_counter()
        assert not globs.matches(path)
        assert not globs.matches(path, folder=True)
        timings.append(time.perf_counter() - start)
    assert timings[1] < 2.0, timings
    assert timings[1] < 10 * max(timings[0], 0.005), timings


def test_many_hostile_patterns_cost_their_length_not_more() -> None:
    """A thousand patterns, all alive at every byte: each byte costs one pass over them."""
    patterns = [f"*{'a*' * (i % 40)}{i}" for i in range(1000)]
    globs = _Globs(patterns)
    start = time.perf_counter()
    assert not globs.matches("a" * 250)
    assert globs.matches("x/" + "a" * 40 + "7")
    assert time.perf_counter() - start < 2.0
