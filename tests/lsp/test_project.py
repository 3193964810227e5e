"""The server's memory of a project between keystrokes: fragments from other files, kept up to
date file by file as the editor reports changes, without walking the project each time."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from zgql._lint._runner import project_fragments
from zgql._lsp._project import Workspace

SPREADS = "query Q { Records { Leads { _data { ...LeadCore } } } }\n"
DEFINES = "fragment LeadCore on Leads__data { id { value } }\n"


def rules(workspace: Workspace, path: Path, text: str) -> list[str]:
    checked = workspace.check(path, text)
    assert checked.problem is None
    return [f.rule for f in checked.findings]


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "zgql.toml").write_text("")
    return tmp_path


def test_fragments_follow_the_files(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (project / "a.graphql").write_text(DEFINES)
    workspace = Workspace(project)
    path = project / "q.graphql"
    assert rules(workspace, path, SPREADS) == []
    walks: list[object] = []
    walk = project_fragments

    def counted(config: object, schema: object, paths: object = None) -> object:
        walks.append(paths)
        return walk(config, schema, paths)  # type: ignore[arg-type]

    monkeypatch.setattr("zgql._lsp._project.project_fragments", counted)
    for _ in range(3):  # keystrokes: no walk
        assert rules(workspace, path, SPREADS + "# typing\n") == []
    assert rules(workspace, path, SPREADS.replace("LeadCore", "Lead")) == ["schema"]
    assert walks == []
    (project / "a.graphql").unlink()
    (project / "b.graphql").write_text(DEFINES)
    workspace.changed([project / "b.graphql"])  # one file read
    assert walks == [[project / "b.graphql"]]
    workspace.changed([project / "a.graphql"])  # gone: indexed again when next needed
    assert rules(workspace, path, SPREADS) == []
    assert walks[-1] is None


def test_the_document_does_not_lend_itself_its_saved_fragments(
    project: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    # Its buffer defines the fragment differently from the saved file: no conflict with itself,
    # even reached through a symbolic link.
    (project / "q.graphql").write_text(SPREADS + DEFINES)
    (project / "other.graphql").write_text("fragment Other on Leads__data { id { value } }\n")
    link = tmp_path_factory.mktemp("elsewhere") / "link"
    link.symlink_to(project)
    workspace = Workspace(link)
    spreads = SPREADS.replace("...LeadCore", "...LeadCore ...Other")  # the project is read
    text = spreads + DEFINES.replace("id { value }", "Email { value }")
    assert rules(workspace, link / "q.graphql", text) == []


def test_a_changed_configuration_is_read_again(project: Path) -> None:
    workspace = Workspace(project)
    deep = "query D { Records { Contacts { _data { Account_Name { Parent_Account { id { value } } } } } } }\n"
    assert rules(workspace, project / "q.graphql", deep) == []
    (project / "zgql.toml").write_text("[limits]\nrecords-depth = 2\n")
    workspace.changed([project / "zgql.toml"])
    assert rules(workspace, project / "q.graphql", deep) == ["records-depth"]


def test_the_index_is_built_on_a_thread(project: Path) -> None:
    (project / "a.graphql").write_text(DEFINES)
    with ThreadPoolExecutor(1) as pool:
        workspace = Workspace(project, pool)
        path = project / "q.graphql"
        workspace.project(path)  # met: the walk starts on the pool's thread
        (project / "a.graphql").write_text(DEFINES.replace("LeadCore", "Renamed"))
        workspace.changed([project / "a.graphql"])  # heard while it may still be walking
        assert rules(workspace, path, SPREADS) == ["schema"]
        assert rules(workspace, path, SPREADS.replace("LeadCore", "Renamed")) == []
