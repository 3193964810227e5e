"""The ``explain`` format — ``zgql explain FILE``, which is ``zgql check FILE --format explain``
— on the example queries: golden output (the cost tree, the totals against each limit, the split
when over), what a configured budget adds, and fragments from other files as check finds them."""

from __future__ import annotations

from pathlib import Path

import pytest
from output_cases import assert_golden

from zgql._cli import main
from zgql._config import Config
from zgql._lint._runner import run_check
from zgql._output import render
from zgql._output._explain import split_roots
from zgql._report import CostNode

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"


@pytest.fixture(autouse=True)
def _in_the_checkout(monkeypatch: pytest.MonkeyPatch) -> None:
    # Paths are shown relative to the working folder: the golden files name examples/....
    monkeypatch.chdir(ROOT)


def _explain(name: str, config: Config | None = None) -> tuple[int, str]:
    result, problems = run_check(
        [Path("examples", name)], config or Config(root=EXAMPLES), use_cache=False, breakdowns=True
    )
    assert problems == []
    return (1 if result.errors else 0), render(result, "explain")


@pytest.mark.parametrize(
    ("name", "status"),
    [
        ("activities.graphql", 0),
        ("deals.graphql", 1),
        ("leads.graphql", 0),
        ("metadata.graphql", 0),
        ("crm_sync.py", 1),  # its queries found as check finds them, positions in the .py file
    ],
)
def test_each_example_matches_golden(name: str, status: int) -> None:
    found, text = _explain(name)
    assert found == status
    assert_golden(text, f"explain-{Path(name).stem}.txt")


def test_one_operation_of_a_python_file(capsys: pytest.CaptureFixture[str]) -> None:
    status = main(["explain", "examples/crm_sync.py", "--operation", "CallLog"])
    text = capsys.readouterr().out
    assert status == 1
    assert text.startswith("CallLog  examples/crm_sync.py:21\n")
    assert "RecentDeals" not in text
    assert "  24:57 unsupported-field: Call_Status" in text  # where check reports it


def test_explain_is_check_in_the_explain_format(capsys: pytest.CaptureFixture[str]) -> None:
    status = main(["explain", "examples/deals.graphql"])
    explained = capsys.readouterr().out
    assert status == main(["check", "--no-cache", "--format", "explain", "examples/deals.graphql"])
    assert capsys.readouterr().out == explained


def test_a_budget_is_a_row_and_a_finding() -> None:
    config = Config(root=EXAMPLES, max_credits=1)
    status, text = _explain("activities.graphql", config)
    assert status == 1  # as check fails on it
    assert "  budget          2 credits              limit 1      OVER" in text
    assert " budget: OpenTasks costs 2 credits; its budget in the configuration allows 1" in text


def _root(name: str, points: int) -> CostNode:
    return CostNode(f"Records.{name}", "root-resource", f"{name}__data", 100, points)


def test_the_split_fits_each_group() -> None:
    roots = [_root(f"M{i}", 100) for i in range(11)] + [_root("Big", 1200)]
    groups = split_roots(roots, 1000)
    assert [sum(r.total_points for r in g) for g in groups] == [1200, 1000, 100]
    assert [r.path for r in groups[0]] == ["Records.Big"]  # too dear alone: a group of its own


def test_fragments_from_other_files_as_check_finds_them(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "zgql.toml").write_text("")
    (tmp_path / "fragments.graphql").write_text(
        "fragment DealCore on Deals__data {\n"
        "  id { value }\n"
        "  Account_Name { Parent_Account { Owner { id { value } } } }\n"
        "}\n"
    )
    (tmp_path / "q.graphql").write_text("query Q { Records { Deals { _data { ...DealCore } } } }\n")
    monkeypatch.chdir(tmp_path)
    assert main(["explain", "q.graphql"]) == 1
    text = capsys.readouterr().out
    assert "Unknown fragment" not in text
    assert "complexity      175" in text  # the root and the three lookups of the fragment
    # The finding inside the fragment is placed in the file that defines it, as check places it.
    (line,) = [x for x in text.splitlines() if "records-depth" in x]
    assert line.startswith("  fragments.graphql:3:")
    assert main(["check", "--no-cache", "--format", "github", "q.graphql"]) == 1
    reported = capsys.readouterr().out
    column = line.split(":")[2].split()[0]
    assert f"file=fragments.graphql,line=3,col={column}," in reported
