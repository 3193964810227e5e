"""``zgql explain`` on the example queries: golden output (the cost tree, the totals against
each limit, the split when over), and what a configured budget adds."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from output_cases import assert_golden

from zgql._config import Config
from zgql._explain import explain_file, split_roots
from zgql._report import CostNode

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def _explain(name: str, config: Config | None = None) -> tuple[int, str]:
    out = io.StringIO()
    status = explain_file(EXAMPLES / name, config or Config(root=EXAMPLES), operation=None, out=out)
    # The label is the path as given: keep the golden files free of this checkout's place.
    return status, out.getvalue().replace(str(EXAMPLES), "examples")


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


def test_one_operation_of_a_python_file() -> None:
    status, text = _explain_operation("crm_sync.py", "CallLog")
    assert status == 1
    assert text.startswith("CallLog  examples/crm_sync.py:21\n")
    assert "RecentDeals" not in text
    assert "  24:57 unsupported-field: Call_Status" in text  # where check reports it


def _explain_operation(name: str, operation: str) -> tuple[int, str]:
    out = io.StringIO()
    status = explain_file(EXAMPLES / name, Config(root=EXAMPLES), operation=operation, out=out)
    return status, out.getvalue().replace(str(EXAMPLES), "examples")


def test_a_budget_is_a_row() -> None:
    config = Config(root=EXAMPLES, max_credits=1)
    status, text = _explain("activities.graphql", config)
    assert status == 0  # explain shows the budget; check is what fails on it
    assert "  budget          2 credits              limit 1      OVER" in text


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
    out = io.StringIO()
    status = explain_file(tmp_path / "q.graphql", Config(root=tmp_path), operation=None, out=out)
    text = out.getvalue()
    assert status == 1
    assert "Unknown fragment" not in text
    assert "complexity      175" in text  # the root and the three lookups of the fragment
    # The finding inside the fragment is placed in the file that defines it, as check places it.
    (line,) = [x for x in text.splitlines() if "records-depth" in x]
    assert line.startswith(f"  {tmp_path / 'fragments.graphql'}:3:")
    monkeypatch.chdir(tmp_path)
    from zgql._cli import main  # noqa: PLC0415

    assert main(["check", "--no-cache", "--format", "github", "q.graphql"]) == 1
    reported = capsys.readouterr().out
    column = line.split(":")[2].split()[0]
    assert f"file=fragments.graphql,line=3,col={column}," in reported
