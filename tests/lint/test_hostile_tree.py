"""A checked tree is untrusted input: a pull request in CI, a contributor's checkout.

Each test builds a real hostile tree — symlinks to ``/proc/self/environ`` and ``/dev/zero``,
FIFOs, sockets, folders that cannot be listed, files of gigabytes — and runs ``zgql`` on it
in a subprocess with a timeout and a bound on its address space, so that a regression fails
the test instead of hanging the suite or exhausting the machine's memory.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import stat
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="needs /proc, /dev and FIFOs")

REPO = Path(__file__).resolve().parents[2]
MEMORY = 1 << 30  # zgql check needs about 300 MB of address space
GOOD = "query Good { Records { Leads { _data { id { value } } } } }\n"
DEEP = "query Deep { Records { Contacts { _data { Account_Name { Parent_Account { Owner { id { value } } } } } } } }\n"
NOBODY = 65534
# The interpreter may live where "nobody" cannot read (under /root): the child imports what it
# needs as the caller, then drops to "nobody" before it reads the tree.
_LAUNCH = f"""
import os, resource, sys
resource.setrlimit(resource.RLIMIT_AS, ({MEMORY}, {MEMORY}))
import zgql._cli, zgql._config, zgql._lint._runner, zgql._output, zgql._schema
import zgql._lint._python, zgql._output._text, zgql._output._json  # imported when needed
import multiprocessing, concurrent.futures
zgql._schema.load_schema(None)  # the bundled schema and the cost table, with their imports
if sys.argv[1] == "nobody":
    os.setgroups([]); os.setgid({NOBODY}); os.setuid({NOBODY})
sys.exit(zgql._cli.main(sys.argv[2:]))
"""


@pytest.fixture
def tree() -> Iterator[Path]:
    """A project folder everyone may traverse (pytest's own are 0700, closed to "nobody")."""
    root = Path(tempfile.mkdtemp(prefix="zgql-hostile-"))
    root.chmod(0o755)
    (root / "zgql.toml").write_text("")
    (root / "good.graphql").write_text(GOOD)
    try:
        yield root
    finally:
        for folder, _, _ in os.walk(root):  # a 0o000 folder cannot be removed from
            Path(folder).chmod(0o755)
        shutil.rmtree(root)


def zgql(
    root: Path,
    *args: str,
    env: dict[str, str] | None = None,
    as_nobody: bool = False,
    timeout: float = 30,
) -> subprocess.CompletedProcess[str]:
    """``zgql ARGS`` in ``root``, without caches, bounded in time and memory."""
    environment = {**os.environ, "PYTHONPATH": str(REPO), "ZGQL_NO_CACHE": "1", **(env or {})}
    user = "nobody" if as_nobody and os.geteuid() == 0 else "caller"
    return subprocess.run(
        [sys.executable, "-c", _LAUNCH, user, *args],
        cwd=root,
        env=environment,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def check(root: Path, *args: str, **options: Any) -> subprocess.CompletedProcess[str]:
    return zgql(root, "check", "--no-cache", *args, **options)


def warned(done: subprocess.CompletedProcess[str]) -> list[str]:
    return [line for line in done.stderr.splitlines() if line.startswith("zgql: warning: ")]


# -- symlinks -----------------------------------------------------------------------------------


def test_a_link_to_the_environment_is_not_read(tree: Path) -> None:
    secret = f"hunter2-{uuid.uuid4().hex}"
    (tree / "env.graphql").symlink_to("/proc/self/environ")
    (tree / "env.py").symlink_to("/proc/self/environ")
    (tree / "proc").symlink_to("/proc/self")  # a folder outside the project
    done = check(tree, env={"ZGQL_TEST_SECRET": secret})
    assert secret not in done.stdout + done.stderr
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().endswith("1 file passed.")
    assert [line.split(":")[2].strip() for line in warned(done)] == [
        "env.graphql",
        "env.py",
        "proc",
    ]
    assert all("symbolic link" in line and "outside" in line for line in warned(done))
    assert "Traceback" not in done.stderr


def test_a_link_to_dev_zero_is_not_read(tree: Path) -> None:
    (tree / "zero.graphql").symlink_to("/dev/zero")
    (tree / "zero.py").symlink_to("/dev/zero")
    started = time.monotonic()
    done = check(tree, timeout=60)
    assert time.monotonic() - started < 30
    assert done.returncode == 0, done.stderr
    assert len(warned(done)) == 2
    # Named outright, a link is the user's choice and is followed — but never to a device.
    done = check(tree, "zero.graphql", timeout=60)
    assert done.returncode == 2
    assert done.stderr.splitlines() == [
        "zgql: zero.graphql: is a character device, not a regular file"
    ]


def test_links_inside_the_project_are_followed(tree: Path) -> None:
    (tree / "queries").mkdir()
    (tree / "queries" / "deep.graphql").write_text(DEEP)
    (tree / "app").mkdir()
    (tree / "app" / "shared").symlink_to("../queries")
    (tree / "app" / "deep.graphql").symlink_to("../queries/deep.graphql")
    (tree / "app" / "loop").symlink_to("..")
    done = check(tree, "app", "--format", "json")
    assert done.returncode == 1, done.stderr
    assert done.stderr == ""
    found = json.loads(done.stdout)["findings"]
    assert [(f["file"], f["rule"]) for f in found] == [("queries/deep.graphql", "records-depth")]


# -- what cannot be read ------------------------------------------------------------------------


@pytest.fixture
def locked(tree: Path) -> Path:
    """A folder nobody may list, holding a query over the limits, and a file nobody may read."""
    (tree / "locked").mkdir()
    (tree / "locked" / "deep.graphql").write_text(DEEP)
    (tree / "locked").chmod(0)
    (tree / "secret.graphql").write_text(DEEP)
    (tree / "secret.graphql").chmod(0)
    return tree


def test_a_folder_that_cannot_be_listed_is_an_error(locked: Path) -> None:
    (locked / "secret.graphql").unlink()
    done = check(locked, as_nobody=True)
    assert done.returncode == 2, done.stdout + done.stderr
    assert done.stderr.splitlines() == ["zgql: locked: cannot list the folder: Permission denied"]
    done = check(locked, "locked", as_nobody=True)
    assert done.returncode == 2
    assert done.stderr.splitlines() == ["zgql: locked: cannot list the folder: Permission denied"]


def test_a_file_that_cannot_be_read_is_an_error(locked: Path) -> None:
    done = check(locked, "secret.graphql", "locked/deep.graphql", as_nobody=True)
    assert done.returncode == 2, done.stdout + done.stderr
    assert done.stderr.splitlines() == [
        "zgql: secret.graphql: cannot read: Permission denied",
        "zgql: locked/deep.graphql: cannot read: Permission denied",
    ]
    done = zgql(locked, "explain", "secret.graphql", as_nobody=True)  # as check reads it
    assert (done.returncode, done.stdout) == (2, "No files were checked.\n")
    assert done.stderr.splitlines() == ["zgql: secret.graphql: cannot read: Permission denied"]


# -- FIFOs, sockets -----------------------------------------------------------------------------


def test_fifos_and_sockets_are_never_opened(tree: Path) -> None:
    os.mkfifo(tree / "q.graphql")
    with socket.socket(socket.AF_UNIX) as listening:
        listening.bind(str(tree / "s.graphql"))
        done = check(tree)
        assert done.returncode == 0, done.stderr
        assert warned(done) == [
            "zgql: warning: q.graphql: skipped: a FIFO, not a regular file",
            "zgql: warning: s.graphql: skipped: a socket, not a regular file",
        ]
        for command in (["check", "--no-cache"], ["explain"]):
            done = zgql(tree, *command, "q.graphql")
            assert done.returncode == 2
            assert done.stderr.splitlines() == ["zgql: q.graphql: is a FIFO, not a regular file"]
    assert stat.S_ISFIFO((tree / "q.graphql").lstat().st_mode)


def test_a_report_is_not_written_onto_a_fifo_in_the_tree(tree: Path) -> None:
    os.mkfifo(tree / "report.txt")
    done = check(tree, "--output", "report.txt")
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr.splitlines() == ["zgql: report.txt: is a FIFO, not a regular file"]


# -- bounded reads ------------------------------------------------------------------------------


def test_a_huge_query_file_is_a_finding_without_being_read(tree: Path) -> None:
    with (tree / "huge.graphql").open("wb") as handle:
        handle.truncate(4 << 30)  # sparse: four GiB of nothing, more than zgql may map
    for options in (["--format", "json"], []):
        started = time.monotonic()
        done = check(tree, *options)
        assert time.monotonic() - started < 20
        assert done.returncode == 1, done.stderr
    found = json.loads(check(tree, "--format", "json").stdout)["findings"]
    assert [(f["file"], f["line"], f["column"], f["rule"], f["severity"]) for f in found] == [
        ("huge.graphql", 1, 1, "document-size", "error")
    ]
    assert found[0]["message"].startswith(
        "the file is 4294967296 bytes, over the bound of 1048576 (max-document-bytes)"
    )


def test_a_huge_python_file_is_a_finding(tree: Path) -> None:
    (tree / "zgql.toml").write_text("max-file-bytes = 1000\n")
    (tree / "small.py").write_text("# graphql\nx = 1\n")
    (tree / "big.py").write_text("# graphql\n" + "x = 1\n" * 200)
    done = check(tree, "--format", "json")
    assert done.returncode == 1, done.stderr
    found = json.loads(done.stdout)["findings"]
    assert [(f["file"], f["line"], f["column"], f["rule"]) for f in found] == [
        ("big.py", 1, 1, "document-size")
    ]
    assert "1210 bytes, over the bound of 1000 (max-file-bytes)" in found[0]["message"]


# -- the configuration that comes with the tree -------------------------------------------------


def test_globs_take_time_linear_in_the_paths(tree: Path) -> None:
    """Patterns compiled to backtracking regexes took time exponential in their stars: nine
    ``**`` against a path forty folders deep, or a dozen ``*`` against a long name, never end."""
    (tree / "zgql.toml").write_text(
        'include = ["**/a/**/a/**/a/**/a/**/a/**/a/**/a/**/a/**/b/*.graphql", "*.graphql"]\n'
        'exclude = ["*a*a*a*a*a*a*a*a*a*a*a*a*b"]\n'
    )
    deep = tree.joinpath(*["a"] * 40)
    deep.mkdir(parents=True)
    (deep / ("a" * 200 + ".graphql")).write_text(DEEP)
    done = check(tree, "--format", "json", timeout=20)
    assert done.returncode == 1, done.stderr
    found = json.loads(done.stdout)["findings"]
    assert [f["rule"] for f in found] == ["records-depth"]


# -- all of it at once --------------------------------------------------------------------------


class _Planted:
    """Unpickling this would run ``touch MARKER``."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, tuple[str, ...]]:
        return (os.system, (f"touch {self.marker}",))


def test_a_tree_of_every_hostile_thing_at_once(tree: Path) -> None:
    """Links to the environment and /dev/zero, a FIFO, a socket, a folder nobody may list, a
    4 GiB query file, a planted pickle cache and an over-limit query: zgql check finishes in
    seconds, runs nothing, leaks nothing, reads the unreadable as an error (exit 2) and still
    reports the findings it could make."""
    import pickle  # noqa: PLC0415 - only to plant what an attacker would

    secret = f"hunter2-{uuid.uuid4().hex}"
    marker = tree / "pwned"
    (tree / "deep.graphql").write_text(DEEP)
    (tree / "env.graphql").symlink_to("/proc/self/environ")
    (tree / "zero.graphql").symlink_to("/dev/zero")
    os.mkfifo(tree / "fifo.graphql")
    (tree / "locked").mkdir()
    (tree / "locked" / "hidden.graphql").write_text(DEEP)
    (tree / "locked").chmod(0)
    with (tree / "huge.graphql").open("wb") as handle:
        handle.truncate(4 << 30)
    cache = tree / ".zgql_cache"
    cache.mkdir(mode=0o777)
    hostile = pickle.dumps({"x": _Planted(marker)})
    for name in ("lint-0.1.0-2.pickle", "lint-0.1.0-3.json"):
        (cache / name).write_bytes(b"zgql-lint-cache/2\n" + hostile)
    home = Path(tempfile.mkdtemp(prefix="zgql-home-"))
    home.chmod(0o1777)  # "nobody" makes its own private cache folder in here
    try:
        with socket.socket(socket.AF_UNIX) as listening:
            listening.bind(str(tree / "s.graphql"))
            started = time.monotonic()
            done = zgql(
                tree,
                "check",
                "--format",
                "json",
                env={
                    "ZGQL_TEST_SECRET": secret,
                    "ZGQL_NO_CACHE": "",  # the caches on: the planted one must be refused
                    "ZGQL_CACHE_DIR": str(home / "cache"),
                },
                as_nobody=True,
            )
            elapsed = time.monotonic() - started
        assert (home / "cache" / "cache-key").exists()  # caching was on, under nobody's key
    finally:
        shutil.rmtree(home)
    assert elapsed < 30
    assert done.returncode == 2, done.stderr
    assert secret not in done.stdout + done.stderr
    assert not marker.exists()
    assert "Traceback" not in done.stderr
    assert "zgql: locked: cannot list the folder: Permission denied" in done.stderr
    assert len(warned(done)) == 4  # the two links, the FIFO, the socket
    found = {(f["file"], f["rule"]) for f in json.loads(done.stdout)["findings"]}
    assert found == {("deep.graphql", "records-depth"), ("huge.graphql", "document-size")}
