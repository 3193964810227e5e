"""The command line's own promises: one line on standard error and exit 2 for every input it
cannot use, never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

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


# -- explain ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "said"),
    [
        ("latin1.graphql", "zgql: latin1.graphql: not UTF-8 text (byte 23)"),
        ("missing.graphql", "zgql: missing.graphql: cannot read: No such file or directory"),
        ("folder", "zgql: folder: is a folder, not a regular file"),
    ],
)
def test_explain_what_cannot_be_read(
    project: Path, capsys: pytest.CaptureFixture[str], name: str, said: str
) -> None:
    (project / "latin1.graphql").write_bytes("query { Records } # caf\xe9\n".encode("latin-1"))
    (project / "folder").mkdir()
    status, out, err = run(capsys, "explain", name)
    assert (status, out) == (2, "")
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
