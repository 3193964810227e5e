"""The command line's own promises: one line on standard error and exit 2 for every input or
output it cannot use, never a traceback, and the report's destination checked before the check
runs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import zgql
import zgql._lint._command
from zgql._cli import main

DEEP = "query Deep { Records { Contacts { _data { Account_Name { Parent_Account { Owner { id { value } } } } } } } }\n"


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "zgql.toml").write_text("")
    (tmp_path / "deep.graphql").write_text(DEEP)
    return tmp_path


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    status = main(list(args))
    out, err = capsys.readouterr()
    return status, out, err


def one_line(err: str) -> str:
    assert "Traceback" not in err
    lines = err.splitlines()
    assert len(lines) == 1, err
    return lines[0]


def no_check(*_args: object, **_options: object) -> None:
    raise AssertionError("the check ran before its report's destination was known to be usable")


# -- --output -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("output", "said"),
    [
        ("missing/report.txt", "zgql: missing/report.txt: no such folder: missing"),
        ("folder", "zgql: folder: is a folder, not a file"),
        ("deep.graphql/report.txt", "zgql: deep.graphql/report.txt: no such folder: deep.graphql"),
    ],
)
def test_output_where_no_report_can_go(
    project: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    output: str,
    said: str,
) -> None:
    (project / "folder").mkdir()
    monkeypatch.setattr(zgql._lint._command, "run_check", no_check)
    status, out, err = run(capsys, "check", "--output", output)
    assert (status, out) == (2, "")
    assert one_line(err) == said


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
@pytest.mark.usefixtures("project")
def test_a_failed_write_is_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(capsys, "check", "--output", "/dev/full")
    assert (status, out) == (2, "")
    assert one_line(err) == "zgql: /dev/full: cannot write the report: No space left on device"


def test_output_through_a_link_out_of_the_project_is_refused(
    project: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    """The tree may come with ``report.txt -> ~/.bashrc``: the report (whose file names the
    tree chose) must not be written there."""
    victim = tmp_path_factory.mktemp("outside") / "victim"
    victim.write_text("untouched\n")
    (project / "report.txt").symlink_to(victim)
    (project / "out").symlink_to(victim.parent)
    monkeypatch.setattr(zgql._lint._command, "run_check", no_check)
    for output in ("report.txt", "out/victim", "out/new.txt"):
        status, _, err = run(capsys, "check", "--output", output)
        assert status == 2
        assert one_line(err).startswith(f"zgql: {output}: a symbolic link in the project leads ")
    assert victim.read_text() == "untouched\n"
    assert sorted(p.name for p in victim.parent.iterdir()) == ["victim"]


def test_output_into_the_project(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project / "reports").mkdir()
    (project / "latest").symlink_to("reports")
    (project / "reports" / "old.txt").write_text("old\n")
    (project / "report.txt").symlink_to("reports/old.txt")
    for output in ("latest/new.txt", "report.txt", str(project / "plain.txt")):
        status, out, err = run(capsys, "check", "--format", "json", "--output", output)
        assert (status, out, err) == (1, "", "")
    assert '"records-depth"' in (project / "reports" / "new.txt").read_text()
    assert '"records-depth"' in (project / "reports" / "old.txt").read_text()
    assert '"records-depth"' in (project / "plain.txt").read_text()


# -- explain ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "said"),
    [
        ("latin1.graphql", "zgql: latin1.graphql: not UTF-8 text (byte 23); zgql reads UTF-8 only"),
        ("missing.graphql", "zgql: missing.graphql: no such file or folder"),
        (
            "folder",
            "zgql: folder: holds no .graphql, .gql or .py file that the configuration includes",
        ),
    ],
)
def test_explain_what_cannot_be_read(
    project: Path, capsys: pytest.CaptureFixture[str], name: str, said: str
) -> None:
    (project / "latin1.graphql").write_bytes("query { Records } # caf\xe9\n".encode("latin-1"))
    (project / "folder").mkdir()
    status, out, err = run(capsys, "explain", name)
    assert status == 2
    assert "operation" not in out
    assert one_line(err) == said


def test_explain_reads_no_more_than_a_document(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / "zgql.toml").write_text("[limits]\nmax-document-bytes = 50\n")
    status, out, err = run(capsys, "explain", "deep.graphql")
    assert (status, err) == (1, "")
    assert out.startswith(
        "deep.graphql:1:1: document-size the file is 109 bytes, over the bound of 50 "
        "(max-document-bytes)"
    )


# -- usage errors: one line, exit 2, a suggestion where one helps --------------------------------


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["check", "--jobs", "0"], "argument --jobs: must be a whole number ≥ 1, not '0'"),
        (["check", "--jobs", "-1"], "argument --jobs: must be a whole number ≥ 1, not '-1'"),
        (["emulate", "--port", "99999"], "must be a port number from 0 to 65535, not '99999'"),
        (["check", "--formt", "json"], "unrecognized arguments: --formt (did you mean --format?)"),
    ],
)
def test_usage_errors(capsys: pytest.CaptureFixture[str], args: list[str], said: str) -> None:
    with pytest.raises(SystemExit) as stopped:
        main(args)
    assert stopped.value.code == 2
    err = capsys.readouterr().err
    assert said in err and "Traceback" not in err


def test_explain_of_an_operation_not_there_is_a_usage_error(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / "q.graphql").write_text(
        "query Here { Records { Leads { _data { id { value } } } } }"
    )
    status, out, err = run(capsys, "explain", "q.graphql", "--operation", "Nope")
    assert (status, out) == (2, "")
    assert one_line(err) == "zgql: q.graphql: no operation named Nope (operations: Here)"


def test_force_color(
    project: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    deep = "{ Records { Contacts { _data { Account_Name { Parent_Account { Owner { id { value } } } } } } } }"
    (project / "q.graphql").write_text(deep)
    assert "\x1b[" not in run(capsys, "check", "--no-cache")[1]  # not a terminal
    monkeypatch.setenv("FORCE_COLOR", "1")
    assert "\x1b[" in run(capsys, "check", "--no-cache")[1]
    monkeypatch.setenv("NO_COLOR", "1")
    assert "\x1b[" not in run(capsys, "check", "--no-cache")[1]


def test_rules_lists_the_catalogue_with_the_configured_limits(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / "zgql.toml").write_text("[limits]\nrecords-depth = 2\n")
    status, out, _ = run(capsys, "rules")
    assert status == 0
    lines = out.splitlines()
    assert len(lines) == len(zgql.RULE_NAMES)
    assert lines[0].split() == [
        "records-depth",
        "error",
        *["no", "path", "may", "pass", "through", "more", "than", "2", "record", "resources."],
    ]
    assert any(line.startswith("embedded-query") and " warning " in line for line in lines)
    status, out, _ = run(capsys, "rules", "--format", "json")
    described = json.loads(out)
    assert [rule["name"] for rule in described] == list(zgql.RULE_NAMES)
