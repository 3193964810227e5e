"""run_check for a long-lived caller (the language server): a schema already loaded, and the
files to take fragments from named instead of the whole project walked."""

from __future__ import annotations

from pathlib import Path

import pytest

import zgql
from zgql._config import load_config
from zgql._lint import _runner
from zgql._lint._runner import project_fragments, run_check

SPREADS = "query Q { Records { Leads { _data { ...LeadCore } } } }\n"
DEFINES = "fragment LeadCore on Leads__data { id { value } }\n"


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "zgql.toml").write_text("")
    (tmp_path / "fragments.graphql").write_text(DEFINES)
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "other.graphql").write_text(DEFINES.replace("LeadCore", "Other"))
    return tmp_path


def _rules(project: Path, **options: object) -> list[str]:
    path = project / "q.graphql"
    result, _ = run_check(
        [path],
        load_config(),
        use_cache=False,
        sources={path: SPREADS},
        **options,  # type: ignore[arg-type]
    )
    return [f.rule for f in result.findings]


def test_context_names_the_files_to_take_fragments_from(project: Path) -> None:
    assert _rules(project) == []  # the whole project walked
    assert _rules(project, context=[project / "fragments.graphql"]) == []
    assert _rules(project, context=[]) == ["schema"]  # Unknown fragment: no walk
    assert _rules(project, context=[project / "elsewhere"]) == ["schema"]


def test_a_schema_already_loaded_is_not_loaded_again(
    project: Path, monkeypatch: pytest.MonkeyPatch, schema: zgql.Schema
) -> None:
    def refuse(path: object) -> zgql.Schema:
        raise AssertionError(path)

    monkeypatch.setattr(_runner, "load_schema", refuse)
    assert _rules(project, schema=schema) == []


def test_project_fragments_of_some_files(project: Path, schema: zgql.Schema) -> None:
    assert sorted(project_fragments(load_config(), schema)) == ["LeadCore", "Other"]
    some = project_fragments(load_config(), schema, [project / "elsewhere"])
    assert sorted(some) == ["Other"]
