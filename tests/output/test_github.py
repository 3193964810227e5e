"""The ``github`` format: one workflow command per finding, escaped as GitHub reads them."""

from __future__ import annotations

import pytest
from output_cases import EMPTY, ODD, REPORT, assert_golden

from zgql._lint._result import CheckResult
from zgql._output import render
from zgql._report import Diagnostic


def test_report_matches_golden() -> None:
    assert_golden(render(REPORT, "github"), "report.github.txt")


def test_all_passed_matches_golden() -> None:
    assert_golden(render(EMPTY, "github"), "empty.github.txt")


def test_one_command_per_finding_then_the_summary() -> None:
    lines = render(REPORT, "github").splitlines()
    assert len(lines) == len(REPORT.findings) + 1
    commands = [line.split(" ", 1)[0] for line in lines[:-1]]
    assert commands == ["::error"] * 4 + ["::warning", "::error"]
    assert lines[-1] == "Found 5 errors and 1 warning in 7 files."


def test_command_shape() -> None:
    assert render(REPORT, "github").splitlines()[1] == (
        "::error file=examples/deals.graphql,line=13,col=9,title=lookups-per-resource::"
        "Records.Deals._data selects 6 lookups (Account_Name, Contact_Name, Owner, "
        "Campaign_Source, Vendor_Name, Modified_By); Zoho allows 5 per record: "
        "move some into a second query"
    )


def test_escaping() -> None:
    line = next(line for line in render(REPORT, "github").splitlines() if ODD.split(",")[0] in line)
    assert line == (
        "::error file=queries/odd%2C name%3A 100%25.graphql,line=1,col=35,title=syntax::"
        'Syntax Error: Unexpected character: "%25".%0ANames hold letters, digits and "_": no "%25", "," or ":".'
    )


@pytest.mark.parametrize(
    ("message", "escaped"),
    [
        ("100%0A", "100%250A"),  # an escape already in the text is not decoded by GitHub
        ("a\r\nb", "a%0D%0Ab"),
        ("::warning::x", "::warning::x"),  # harmless after the command's own "::"
    ],
)
def test_message_escaping(message: str, escaped: str) -> None:
    result = CheckResult(
        (Diagnostic("r,u:le", message).located("a,b:c.graphql", 1, 2),), (), 1, "bundled"
    )
    assert render(result, "github").splitlines()[0] == (
        f"::error file=a%2Cb%3Ac.graphql,line=1,col=2,title=r%2Cu%3Ale::{escaped}"
    )
