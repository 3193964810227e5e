"""The lint cache sits in the checked tree: a planted one runs nothing and decides nothing."""

from __future__ import annotations

import dataclasses
import json
import os
import pickle
import subprocess
import sys
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from zgql import _user_cache
from zgql._lint._cache import _PURPOSE, decode_record, encode_record
from zgql._lint._result import OperationFigures
from zgql._report import Diagnostic
from zgql._user_cache import read_signed, write_signed
from zgql._version import __version__

ROOT = Path(__file__).resolve().parents[2]
DEEP = "query Deep { Records { Contacts { _data { Account_Name { Parent_Account { Owner { id { value } } } } } } } }\n"


class _Payload:
    """Unpickling this runs ``touch MARKER``: what a hostile cache file would do."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, tuple[str, ...]]:
        return (os.system, (f"touch {self.marker}",))


def _run_check(project: Path, user_cache: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "zgql", "check", "--format", "json", "."],
        capture_output=True,
        text=True,
        cwd=project,
        env={**os.environ, "PYTHONPATH": str(ROOT), "ZGQL_CACHE_DIR": str(user_cache)},
        timeout=60,
        check=False,
    )


def _rules(result: subprocess.CompletedProcess[str]) -> list[str]:
    return [f["rule"] for f in json.loads(result.stdout)["findings"]]


@pytest.mark.parametrize("configured", [False, True])
def test_a_planted_pickle_runs_nothing(tmp_path: Path, configured: bool) -> None:
    project = tmp_path / "project"
    project.mkdir()
    (project / "q.graphql").write_text(DEEP)
    folder = project / ".zgql_cache"
    if configured:  # the tree's own configuration names where the cache is
        (project / "pyproject.toml").write_text('[tool.zgql]\ncache-dir = "build/lint"\n')
        folder = project / "build/lint"
    else:
        (project / "zgql.toml").write_text("")
    folder.mkdir(parents=True)
    marker = tmp_path / "pwned"
    hostile = pickle.dumps({"facts:x": _Payload(marker)})
    # Under every name a zgql release has read the cache from, with its header.
    (folder / f"lint-{__version__}-2.pickle").write_bytes(b"zgql-lint-cache/2\n" + hostile)
    (folder / f"lint-{__version__}-3.json").write_bytes(hostile)
    result = _run_check(project, tmp_path / "user-cache")
    assert result.returncode == 1, result.stderr
    assert _rules(result) == ["records-depth"]
    assert not marker.exists()


def _forge(project: Path, key_folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Rewrite every cached result of ``project`` as "no findings", signed under the key of
    ``key_folder``: what an attacker can do with their own zgql and their own key."""
    monkeypatch.setenv("ZGQL_CACHE_DIR", str(key_folder))
    monkeypatch.setattr(_user_cache, "_keys", {})
    (path,) = (project / ".zgql_cache").glob("lint-*.json")
    payload = read_signed(path, _PURPOSE, 10**8)
    assert payload is not None
    entries = json.loads(payload)
    forged = {k: ([[], v[1]] if k.startswith("result:") else v) for k, v in entries.items()}
    assert forged != entries
    assert write_signed(path, _PURPOSE, json.dumps(forged).encode())


def test_a_forged_verdict_decides_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project = tmp_path / "project"
    project.mkdir()
    (project / "zgql.toml").write_text("")
    (project / "q.graphql").write_text(DEEP)
    attacker, victim = tmp_path / "attacker-cache", tmp_path / "victim-cache"
    assert _run_check(project, attacker).returncode == 1
    _forge(project, attacker, monkeypatch)
    # The forgery is well made: under the attacker's own key it passes...
    assert _run_check(project, attacker).returncode == 0
    # ...and under anyone else's it is a miss, and the query is judged afresh.
    (path,) = (project / ".zgql_cache").glob("lint-*.json")
    forged = path.read_bytes()
    result = _run_check(project, victim)
    assert (result.returncode, _rules(result)) == (1, ["records-depth"])
    assert path.read_bytes() != forged  # replaced by the victim's own, signed cache


def test_a_cache_dir_outside_the_project_is_refused(tmp_path: Path) -> None:
    project = tmp_path / "project"
    project.mkdir()
    (project / "q.graphql").write_text(DEEP)
    for value in ("/etc/cron.d", "../elsewhere"):
        (project / "zgql.toml").write_text(f"cache-dir = {value!r}\n")
        result = _run_check(project, tmp_path / "user-cache")
        assert result.returncode == 2
        assert "'cache-dir' must be a folder inside" in result.stderr
        assert "Traceback" not in result.stderr
    assert not (tmp_path / "elsewhere").exists()


def test_a_symlinked_cache_folder_is_not_written_through(tmp_path: Path) -> None:
    project = tmp_path / "project"
    project.mkdir()
    (project / "zgql.toml").write_text("")
    (project / "q.graphql").write_text(DEEP)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (project / ".zgql_cache").symlink_to(elsewhere)
    result = _run_check(project, tmp_path / "user-cache")
    assert result.returncode == 1
    assert list(elsewhere.iterdir()) == []


@given(
    diagnostic=st.builds(
        Diagnostic,
        rule=st.text(max_size=5),
        message=st.text(max_size=20),
        severity=st.sampled_from(["error", "warning"]),
        line=st.none() | st.integers(1, 10**6),
        column=st.none() | st.integers(1, 10**6),
        path=st.none() | st.text(max_size=10),
        value=st.none() | st.integers() | st.fractions(),
        limit=st.none() | st.integers() | st.fractions(),
        operation=st.none() | st.text(max_size=10),
        file=st.none() | st.text(max_size=10),
    )
)
def test_a_cached_diagnostic_comes_back_field_for_field(diagnostic: Diagnostic) -> None:
    # Every field by name: a field added to Diagnostic cannot shift another one.
    assert {f.name for f in dataclasses.fields(Diagnostic)} == set(encode_record(diagnostic))
    raw = json.loads(json.dumps(encode_record(diagnostic)))
    assert decode_record(Diagnostic, raw) == diagnostic


def test_cached_figures_come_back_and_another_shape_is_a_miss() -> None:
    figures = OperationFigures("a.graphql", 3, 5, "Q", 250, 3, Fraction(5, 2), 2, 1, budget=4)
    raw = json.loads(json.dumps(encode_record(figures)))
    assert decode_record(OperationFigures, raw) == figures
    assert decode_record(OperationFigures, {**raw, "unknown": 1}) is None
    assert decode_record(OperationFigures, [1, 2]) is None
    assert decode_record(Diagnostic, {"rule": "r"}) is None  # no message
