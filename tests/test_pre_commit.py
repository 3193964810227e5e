"""The hook, run by the real pre-commit framework against a throw-away repository."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
GOOD = "query Good { Records { Leads { _data { id { value } } } } }\n"
BAD = "query Bad { Records { Leads(limit: 500) { _data { id { value } } } } }\n"

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="pre-commit needs git")


def git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("project")
    git(folder, "init", "-q")
    (folder / "good.graphql").write_text(GOOD)
    (folder / "bad.graphql").write_text(BAD)
    git(folder, "add", ".")
    return folder


def try_repo(project: Path, home: Path, *files: str) -> subprocess.CompletedProcess[str]:
    pre_commit = Path(sys.executable).with_name("pre-commit")
    env = {**os.environ, "PRE_COMMIT_HOME": str(home), "ZGQL_CACHE_DIR": str(home / "zgql")}
    return subprocess.run(
        [str(pre_commit), "try-repo", str(ROOT), "zgql-check", "--files", *files],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


def test_hook_passes_a_good_query_and_stops_a_bad_one(project: Path, tmp_path: Path) -> None:
    good = try_repo(project, tmp_path, "good.graphql")
    assert good.returncode == 0, good.stdout + good.stderr
    assert "zgql check" in good.stdout and "Passed" in good.stdout
    bad = try_repo(project, tmp_path, "good.graphql", "bad.graphql")
    assert bad.returncode == 1, bad.stdout + bad.stderr
    assert "Failed" in bad.stdout
    assert f"bad.graphql:1:{BAD.index('limit') + 1}: records-limit" in bad.stdout
