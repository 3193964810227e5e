"""``zgql check --stdin-filename NAME``: the document on standard input, reported as NAME, read as
the file NAME would be (an editor's unsaved buffer)."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest

from zgql._config import Config
from zgql._lint._command import CheckOptions, check

DEEP = "query Deep { Records { Contacts { _data { Account_Name { Parent_Account { Owner { id { value } } } } } } } }\n"
GOOD = "query Good { Records { Leads { _data { id { value } } } } }\n"


class _Stdin(io.TextIOWrapper):
    """Standard input holding ``data``, as bytes underneath."""

    def __init__(self, data: bytes) -> None:
        super().__init__(io.BytesIO(data), encoding="utf-8")


def _check(project: Path, name: str, data: bytes, **options: Any) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    chosen = CheckOptions(stdin_filename=Path(name), use_cache=False, **options)
    status = check(chosen, Config(root=project), stdin=_Stdin(data), stdout=out, stderr=err)
    return status, out.getvalue(), err.getvalue()


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_the_buffer_is_checked_as_the_file_it_names(project: Path) -> None:
    (project / "q.graphql").write_text(GOOD)  # on disk: fine; in the editor: too deep
    status, out, err = _check(project, "q.graphql", DEEP.encode())
    assert (status, err) == (1, "")
    assert out.startswith("q.graphql:1:75: records-depth ")
    assert "1 | query Deep {" in out  # the excerpt is the buffer's, not the file's


def test_a_file_that_does_not_exist_yet(project: Path) -> None:
    status, out, _ = _check(project, "new/q.graphql", GOOD.encode())
    assert (status, out) == (0, "1 file passed.\n")


def test_python_and_fragments_of_the_project(project: Path) -> None:
    (project / "fragments.graphql").write_text("fragment F on Leads__data { id { value } }\n")
    source = (
        'from gql import gql\nQ = gql("""\n{ Records { Leads { _data { ...F Bogus } } } }\n""")\n'
    )
    status, out, _ = _check(project, "sync.py", source.encode(), format="json")
    assert status == 1
    assert '"file": "sync.py"' in out and '"line": 3' in out
    assert "Unknown fragment" not in out and "Cannot query field 'Bogus'" in out


def test_what_cannot_be_taken(project: Path) -> None:
    status, out, err = _check(project, "q.graphql", b"query { \xff }")
    assert (status, out) == (2, "")
    assert err == "zgql: standard input: not UTF-8 text (byte 8); zgql reads UTF-8 only\n"
    huge = b"#" * (Config(root=project).max_file_bytes + 1)
    status, out, _ = _check(project, "q.graphql", huge)
    assert status == 1
    assert "document-size the file is more than 1048576 bytes" in out


def test_a_buffer_named_through_a_link_is_not_read_again_from_disk(project: Path) -> None:
    (project / "real").mkdir()
    (project / "link").symlink_to("real")
    (project / "other.graphql").write_text("fragment F on Leads__data { id { value } }\n")
    saved = "fragment G on Leads__data { Email { value } }\nquery Q { Records { Leads { _data { ...F ...G } } } }\n"
    (project / "real" / "q.graphql").write_text(saved)
    edited = saved.replace("Email", "Full_Name")  # G differs from the saved copy's
    status, out, _ = _check(project, "link/q.graphql", edited.encode())
    assert (status, out) == (0, "1 file passed.\n")
