"""File names from the checked tree reach every output format: none may crash it or forge a line."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DEEP = "{ Records { Contacts { _data { Account_Name { Parent_Account { Owner { id { value } } } } } } } }\n"


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    (tmp_path / "zgql.toml").write_text("")
    with open(os.fsencode(tmp_path) + b"/bad\xff.graphql", "wb") as handle:  # noqa: PTH123 - a name that is not UTF-8 needs bytes
        handle.write(DEEP.encode())
    (tmp_path / "new\nline.graphql").write_text(DEEP)
    (tmp_path / "esc\x1b[2J.graphql").write_text(DEEP)
    return tmp_path


def _check(tree: Path, fmt: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "zgql", "check", "--no-cache", "--format", fmt, "."],
        capture_output=True,
        text=True,
        errors="surrogateescape",
        cwd=tree,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        timeout=60,
        check=False,
    )


@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "github"])
def test_odd_file_names_in_every_format(tree: Path, fmt: str) -> None:
    result = _check(tree, fmt)
    assert (result.returncode, result.stderr) == (1, "")
    if fmt == "text":
        headers = [line for line in result.stdout.splitlines() if "records-depth" in line]
        assert len(headers) == 3  # the newline in a name stays inside its own header line
        assert "\x1b" not in result.stdout
    elif fmt == "github":
        lines = result.stdout.splitlines()
        assert [line[:7] for line in lines] == ["::error"] * 3 + ["Found 3"]  # none forged
    else:
        document = json.loads(result.stdout)
        if fmt == "sarif":
            uris = {
                r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                for r in document["runs"][0]["results"]
            }
            assert uris == {"bad%FF.graphql", "new%0Aline.graphql", "esc%1B%5B2J.graphql"}
