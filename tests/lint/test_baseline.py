"""Cost baselines (``--baseline``, ``--update-baseline``) and schema drift (``zgql schema diff``,
``--compare-schema``): golden files for growth, new operations, new findings, removed fields
and price changes; a baseline from the tree read as untrusted input."""

from __future__ import annotations

import json
import os
import shutil
import time
from pathlib import Path

import pytest
from drift import BUNDLED, drifted_schema

from zgql._cli import main

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
GOLDEN = Path(__file__).parent / "golden"
BASELINE = "zgql-baseline.json"


def assert_golden(actual: str, name: str) -> None:
    """``actual`` equals the golden file (``ZGQL_UPDATE_GOLDEN=1`` rewrites it: review the diff)."""
    path = GOLDEN / name
    if os.environ.get("ZGQL_UPDATE_GOLDEN"):
        path.write_text(actual, encoding="utf-8")
    assert path.read_text(encoding="utf-8") == actual


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copytree(EXAMPLES, tmp_path / "project")
    (tmp_path / "project" / "zgql.toml").write_text("")
    monkeypatch.chdir(tmp_path / "project")
    return tmp_path / "project"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    status = main(["check", "--no-cache", *args])
    out, err = capsys.readouterr()
    return status, out, err


def record(capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = run(capsys, "--baseline", BASELINE, "--update-baseline", ".")
    assert status == 0
    assert err == f"zgql: recorded 7 operations and 4 findings in {BASELINE}\n"


def test_a_recorded_baseline_passes(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, ".")[0] == 1  # the examples have findings
    record(capsys)
    assert_golden((project / BASELINE).read_text(), "baseline.json")
    assert run(capsys, "--baseline", BASELINE, ".")[:2] == (0, "All 5 files passed.\n")


def test_moving_queries_does_not_disturb_it(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    record(capsys)
    deals = project / "deals.graphql"
    deals.write_text("# moved down\n\n\n" + deals.read_text())
    assert run(capsys, "--baseline", BASELINE, ".")[0] == 0


def test_growth_new_operations_and_new_findings(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    record(capsys)
    leads = project / "leads.graphql"
    leads.write_text(
        leads.read_text().replace("id { value }", "id { value } Owner { id { value } }")
    )
    (project / "new.graphql").write_text(
        "query Fresh { Records { Vendors { _data { id { value } } } } }\n"
    )
    activities = project / "activities.graphql"
    activities.write_text(
        activities.read_text().replace("Subject { value }", "Subject { value } Nope { value }")
    )
    status, out, _ = run(capsys, "--baseline", BASELINE, ".")
    assert status == 1
    assert_golden(out, "baseline-report.txt")


def test_an_update_of_some_files_keeps_the_others(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    record(capsys)
    before = json.loads((project / BASELINE).read_text())
    (project / "leads.graphql").write_text(
        "query Other { Records { Leads { _data { id { value } } } } }\n"
    )
    assert run(capsys, "--baseline", BASELINE, "--update-baseline", "leads.graphql")[0] == 0
    after = json.loads((project / BASELINE).read_text())
    assert after["operations"]["leads.graphql"] == {
        "Other": {"complexity": 100, "credits": 1, "credits_exact": "1"}
    }
    del before["operations"]["leads.graphql"], after["operations"]["leads.graphql"]
    assert after == before


@pytest.mark.parametrize(
    ("content", "said"),
    [
        (b"not json", "not a zgql baseline (Expecting value: line 1 column 1 (char 0))"),
        (b'{"version": 2}', "not a zgql baseline (version 2, expected 1)"),
        (b"[]", "not a zgql baseline (not a JSON object)"),
        (
            (
                b'{"version": 1, "findings": {}, "operations": {"a": {"Q": '
                b'{"complexity": 1, "credits_exact": "1e999999999"}}}}'
            ),
            "not a zgql baseline (credits_exact '1e999999999' is not a fraction n/d)",
        ),
        (
            (
                b'{"version": 1, "operations": {}, "findings": {"a": [{"rule": 1, '
                b'"operation": "", "path": "", "message": ""}]}}'
            ),
            "not a zgql baseline (a finding's fields must be strings)",
        ),
        (b"\xff\xfe", "not UTF-8 text (byte 0)"),
    ],
)
def test_a_planted_baseline_is_a_clear_error(
    project: Path, capsys: pytest.CaptureFixture[str], content: bytes, said: str
) -> None:
    (project / BASELINE).write_bytes(content)
    started = time.monotonic()
    status, out, err = run(capsys, "--baseline", BASELINE, ".")
    assert time.monotonic() - started < 30  # a planted "1e999999999" would take far longer
    assert (status, out) == (2, "")
    assert err == f"zgql: {BASELINE}: {said}\n"


def test_a_baseline_that_is_a_device_is_not_read(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / BASELINE).symlink_to("/dev/zero")
    status, _, err = run(capsys, "--baseline", BASELINE, ".")
    assert status == 2 and "not a regular file" in err


# -- schema drift --------------------------------------------------------------------------------


def test_schema_diff(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    drifted = drifted_schema(tmp_path / "drifted")
    assert main(["schema", "diff", str(BUNDLED), str(drifted)]) == 1
    assert_golden(capsys.readouterr().out, "schema-diff.txt")
    assert main(["schema", "diff", str(BUNDLED), str(drifted), "--format", "json"]) == 1
    rows = json.loads(capsys.readouterr().out)
    assert {
        "change": "changed",
        "what": "price",
        "where": "Deals__data.Account_Name",
        "detail": "parent-lookup, 25 points → child-relation, 50 points",
    } in rows
    assert main(["schema", "diff", str(BUNDLED), str(BUNDLED)]) == 0
    assert capsys.readouterr().out == "The schemas are the same.\n"


@pytest.mark.usefixtures("project")
def test_what_a_schema_change_does_to_the_queries(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    drifted = drifted_schema(tmp_path / "drifted")
    status, out, _ = run(capsys, "--schema", str(drifted), "--compare-schema", str(BUNDLED), ".")
    assert status == 1
    assert_golden(out, "compare-schema.txt")


def test_anonymous_operations_are_told_apart_by_their_order(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / "two.py").write_text(
        "from gql import gql\n"
        'LEADS = gql("{ Records { Leads { _data { id { value } } } } }")\n'
        'DEALS = gql("{ Records { Deals { _data { id { value } Owner { id { value } } } } } }")\n'
    )
    record_status, _, _ = run(capsys, "--baseline", BASELINE, "--update-baseline", "two.py")
    assert record_status == 0
    recorded = json.loads((project / BASELINE).read_text())["operations"]["two.py"]
    assert {name: figures["complexity"] for name, figures in recorded.items()} == {
        "(anonymous)": 100,
        "(anonymous)#2": 125,
    }
    assert run(capsys, "--baseline", BASELINE, "two.py")[0] == 0
