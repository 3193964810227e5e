"""The ``text`` format, and what all formats share: ``render``'s dispatch and its light imports."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from output_cases import EMPTY, REPORT, SYNC, assert_golden, fake_read_lines

from zgql._lint._result import CheckResult
from zgql._output import FORMATS, render
from zgql._report import Diagnostic


def _text(result: CheckResult, *, color: bool = False) -> str:
    return render(result, "text", color=color, read_lines=fake_read_lines)


def _one(finding: Diagnostic) -> CheckResult:
    return CheckResult(findings=(finding,), operations=(), files_checked=1, schema_origin="bundled")


def test_report_matches_golden() -> None:
    assert_golden(_text(REPORT), "report.txt")


def test_colored_report_matches_golden() -> None:
    assert_golden(_text(REPORT, color=True), "report.color.txt")


def test_all_passed_matches_golden() -> None:
    assert_golden(_text(EMPTY), "empty.txt")


def test_no_colour_unless_asked() -> None:
    assert "\x1b" not in _text(REPORT)
    assert "\x1b[1;33membedded-query (warning)\x1b[0m" in _text(REPORT, color=True)


def test_caret_keeps_the_tabs_of_the_line() -> None:
    block = _text(REPORT).split("\n\n")[4].splitlines()
    assert block == [
        f"{SYNC}:5:11: embedded-query (warning) the query is built by a call, not written as a string literal: zgql cannot analyse it",
        "  |",
        "5 | \t\tquery = build_query(module)",
        "  | \t\t        ^",
    ]


@pytest.mark.parametrize(
    ("source", "column", "caret_line"),
    [
        ("日本 = x", 6, "  |        ^"),  # two wide characters take two cells each
        ("e\u0301t\u00e9 = x", 8, "  |       ^"),  # a combining accent takes none
        ("a\x1bb = x", 3, "  |   ^"),  # a control character is quoted as one U+FFFD
        ("end", 5, "  |     ^"),  # a column past the line's end, as at the end of a file
    ],
)
def test_caret_lines_up_on_screen(source: str, column: int, caret_line: str) -> None:
    result = _one(Diagnostic(file="a.graphql", line=1, column=column, rule="syntax", message="m"))
    rendered = render(result, "text", read_lines=lambda _: [source])
    assert rendered.splitlines()[3] == caret_line
    assert "\x1b" not in rendered


@pytest.mark.parametrize(
    ("errors", "warnings", "files", "summary"),
    [
        (2, 0, 4, "Found 2 errors in 4 files."),
        (1, 1, 3, "Found 1 error and 1 warning in 3 files."),
        (0, 2, 1, "Found 2 warnings in 1 file."),
        (0, 0, 4, "All 4 files passed."),
        (0, 0, 1, "1 file passed."),
        (0, 0, 0, "No files were checked."),
    ],
)
def test_summary_counts_in_words(errors: int, warnings: int, files: int, summary: str) -> None:
    findings = [Diagnostic("syntax", "m").located("a.graphql", 1, 1)] * errors
    findings += [
        Diagnostic("embedded-query", "m", severity="warning").located("a.graphql", 1, 1)
    ] * warnings
    result = CheckResult(tuple(findings), (), files, "bundled")
    assert render(result, "text", read_lines=lambda _: None).splitlines()[-1] == summary


def test_files_are_read_from_disk_by_default(tmp_path: Path) -> None:
    # \r\n and a lone \r end lines, as in GraphQL and Python; a form feed does not.
    path = tmp_path / "q.graphql"
    path.write_bytes("# é\r\n\x0c{ a }\r{ Records }\n".encode())
    result = _one(Diagnostic(file=str(path), line=3, column=3, rule="schema", message="m"))
    assert render(result, "text").splitlines()[1:4] == ["  |", "3 | { Records }", "  |   ^"]


@pytest.mark.parametrize("content", [None, b"\xff\xfe not UTF-8\n", b"one line only\n"])
def test_no_excerpt_when_the_line_cannot_be_had(tmp_path: Path, content: bytes | None) -> None:
    path = tmp_path / "q.graphql"
    if content is not None:
        path.write_bytes(content)
    result = _one(Diagnostic(file=str(path), line=5, column=1, rule="schema", message="m"))
    assert render(result, "text") == f"{path}:5:1: schema m\n\nFound 1 error in 1 file.\n"


def test_each_file_is_read_once() -> None:
    reads: list[str] = []

    def read_lines(file: str) -> list[str] | None:
        reads.append(file)
        return fake_read_lines(file)

    render(REPORT, "text", read_lines=read_lines)
    assert sorted(reads) == sorted({finding.place[0] for finding in REPORT.findings})


def test_formats_and_unknown_format() -> None:
    assert FORMATS == ("text", "json", "sarif", "github", "explain")
    for name in FORMATS:
        assert render(EMPTY, name).endswith("\n")
    with pytest.raises(ValueError, match="unknown output format 'xml'"):
        render(EMPTY, "xml")


def test_importing_the_formats_imports_no_heavy_library() -> None:
    # The package is set up by hand, without zgql/__init__.py: what is measured is what
    # zgql._output imports on its own — the rule catalogue included, and so the analysis's
    # rule modules, which load no graphql-core since the fast path.
    script = textwrap.dedent(
        f"""
        import sys, types
        package = types.ModuleType("zgql")
        package.__path__ = [{str(Path(__file__).parents[2] / "zgql")!r}]
        sys.modules["zgql"] = package
        import zgql._output
        heavy = sorted(m for m in sys.modules if m.split(".")[0] in ("graphql", "httpx", "jsonschema"))
        print(heavy)
        """
    )
    completed = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert completed.stdout.strip() == "[]"
