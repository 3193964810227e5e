"""``zgql check`` end to end, through ``main(argv)`` in a project folder of its own."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from zgql._cli import main
from zgql._lint._runner import _extracted

GOOD = "query Good { Records { Leads { _data { id { value } } } } }\n"
DEEP = "query Deep { Records { Contacts { _data { Account_Name { Parent_Account { Owner { id { value } } } } } } } }\n"


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "zgql.toml").write_text("")
    return tmp_path


def write(root: Path, name: str, text: str | bytes) -> Path:
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text)
    return path


def check(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    status = main(["check", *args])
    out, err = capsys.readouterr()
    return status, out, err


def findings(capsys: pytest.CaptureFixture[str], *args: str) -> list[tuple[str, int, int, str]]:
    status, out, _ = check(capsys, "--format", "json", *args)
    assert status in (0, 1)
    return [(f["file"], f["line"], f["column"], f["rule"]) for f in json.loads(out)["findings"]]


def test_exit_codes(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(project, "good.graphql", GOOD)
    assert check(capsys, "good.graphql")[0] == 0
    write(project, "deep.graphql", DEEP)
    status, out, _ = check(capsys)
    assert status == 1
    assert "deep.graphql:1:" in out and "records-depth" in out
    assert out.rstrip().endswith("Found 1 error in 2 files.")


@pytest.mark.parametrize(
    ("setup", "said"),
    [
        (
            lambda root: write(
                root, "latin1.graphql", "query { Records }  # caf\xe9\n".encode("latin-1")
            ),
            "latin1.graphql: not UTF-8 text (byte",
        ),
        (lambda _root: None, "missing: no such file or folder"),
        (
            lambda root: (
                write(root, "zgql.toml", "schema = 'broken'\n")
                and write(root, "broken/x.introspection.json", "<html>")
            ),
            "x.introspection.json:1:1: not JSON",
        ),
        (lambda root: write(root, "zgql.toml", "max-credit = 3\n"), "unknown key 'max-credit'"),
    ],
)
def test_bad_inputs_are_one_line_and_exit_2(
    project: Path, capsys: pytest.CaptureFixture[str], setup: object, said: str
) -> None:
    setup(project)  # type: ignore[operator]
    status, _, err = check(capsys, "missing" if "missing" in said else ".")
    assert status == 2
    assert said in err
    assert len(err.strip().splitlines()) == 1
    assert "Traceback" not in err


def test_unreadable_file_does_not_hide_other_findings(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(project, "a.graphql", b"\xff\xfe")
    write(project, "deep.graphql", DEEP)
    status, out, err = check(capsys)
    assert status == 2
    assert "records-depth" in out and "a.graphql: not UTF-8" in err


def test_embedded_python_positions(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = (
        "from gql import gql\n"
        "\n"
        "DEEP = gql('''\n"
        "  query Deep { Records { Contacts { _data {\n"
        "    Account_Name { Parent_Account { Owner { id { value } } } } } } } }\n"
        "''')\n"
        "name = 'x'\n"
        'DYNAMIC = gql(f"query {{ Records {{ {name} }} }}")\n'
    )
    write(project, "app.py", source)
    assert findings(capsys, "app.py") == [
        ("app.py", 5, 37, "records-depth"),
        ("app.py", 8, 15, "embedded-query"),
    ]


def test_fragments_across_files(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(
        project,
        "fragments.graphql",
        "fragment Owner on Users__data {\n  id { value }\n  Nope { value }\n}\n",
    )
    write(project, "q.graphql", "query Q { Records { Leads { _data { Owner { ...Owner } } } } }\n")
    # The error inside the fragment is reported where the fragment is written, once.
    assert findings(capsys) == [("fragments.graphql", 3, 3, "schema")]
    # Checking only the query (as pre-commit does) still finds the fragment in the project.
    assert findings(capsys, "q.graphql") == [("fragments.graphql", 3, 3, "schema")]


def test_conflicting_fragments(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(project, "a.graphql", "fragment F on Leads__data { id { value } }\n")
    write(project, "b.graphql", "fragment F on Leads__data {\n  id { value }\n}\n")  # identical
    assert findings(capsys) == []
    write(project, "c.graphql", "fragment F on Leads__data { Email { value } }\n")
    assert {(file, rule) for file, _, _, rule in findings(capsys)} == {
        ("a.graphql", "fragment-conflict"),
        ("c.graphql", "fragment-conflict"),
    }


def test_budgets(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(project, "zgql.toml", "max-credits = 3\n[budgets]\nCheap = 1\n")
    write(
        project,
        "q.graphql",
        "query Cheap { Records { Deals { _data { Owner { id { value } } } } } }\n"
        "query Fine { Records { Deals { _data { Owner { id { value } } } } } }\n",
    )
    status, out, _ = check(capsys, "--format", "json")
    report = json.loads(out)
    assert status == 1
    assert [(f["rule"], f["operation"], f["value"], f["limit"]) for f in report["findings"]] == [
        ("budget", "Cheap", "5/4", 1)
    ]
    assert [(op["name"], op["credits"], op["budget"]) for op in report["operations"]] == [
        ("Cheap", 2, 1),
        ("Fine", 2, 3),
    ]


def test_suppressions_and_disabled_rules(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(
        project,
        "q.graphql",
        "# zgql: ignore[records-depth] the owner is needed here, reviewed\n" + DEEP,
    )
    assert findings(capsys) == []
    write(project, "q.graphql", "# zgql: ignore[records-depth]\n" + DEEP)
    assert [rule for *_, rule in findings(capsys)] == ["suppression", "records-depth"]
    write(project, "zgql.toml", "disable = ['records-depth', 'suppression']\n")
    assert findings(capsys) == []


def test_cache_follows_schema_and_configuration(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(project, "q.graphql", DEEP)
    assert [rule for *_, rule in findings(capsys)] == ["records-depth"]
    assert list((project / ".zgql_cache").glob("lint-*.json"))
    write(project, "zgql.toml", "[limits]\nrecords-depth = 4\n")
    assert findings(capsys) == []
    write(project, "zgql.toml", "")
    assert [rule for *_, rule in findings(capsys)] == ["records-depth"]


def test_parallel_run_equals_serial(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for index in range(80):
        write(
            project,
            f"q{index}.graphql",
            DEEP.replace("Deep", f"Deep{index}")
            if index % 3
            else GOOD.replace("Good", f"Good{index}"),
        )
    serial = findings(capsys, "--no-cache", "--jobs", "1")
    parallel = findings(capsys, "--no-cache", "--jobs", "2")
    assert serial == parallel
    assert len(serial) == 53


def test_every_format_and_output_file(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(project, "deep.graphql", DEEP)
    for fmt in ("text", "json", "sarif", "github"):
        status, out, _ = check(capsys, "--format", fmt)
        assert status == 1
        assert "records-depth" in out
    status, out, _ = check(capsys, "--format", "sarif", "--output", "report.sarif")
    assert (status, out) == (1, "")
    assert json.loads((project / "report.sarif").read_text())["version"] == "2.1.0"


# What zgql check must never load: the HTTP stack (the client's), the emulator's server, the
# language server's libraries and the file watcher (each imported by its own subcommand only).
NOT_FOR_CHECK = frozenset(
    {"httpx", "httpcore", "gql", "uvicorn", "anyio"}
    | {"pygls", "lsprotocol", "cattrs", "pytest_lsp", "watchfiles"}
)


def test_check_imports_only_what_it_needs(project: Path) -> None:
    write(project, "q.graphql", GOOD)
    code = (
        "import sys; from zgql._cli import main; status = main(['check', 'q.graphql']); "
        f"print(status, sorted({{m.split('.')[0] for m in sys.modules}} & {set(NOT_FOR_CHECK)!r}))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=project,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])},
    )
    assert out.stdout.strip().splitlines()[-1] == "0 []"


def test_a_damaged_cache_is_a_cold_run(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(project, "q.graphql", DEEP)
    write(
        project,
        "app.py",
        "from gql import gql\nQ = gql('query Q { Records { Leads { _data { id { value } } } } }')\n",
    )
    first = findings(capsys)
    (cache,) = (project / ".zgql_cache").glob("lint-*.json")
    cache.write_bytes(cache.read_bytes()[: len(cache.read_bytes()) // 2])
    assert findings(capsys) == first
    cache.write_bytes(b"not a cache at all")
    assert findings(capsys) == first


def test_undecodable_cached_extraction_is_a_miss() -> None:
    assert _extracted(None) == (None, [])
    assert _extracted(("garbage", 1)) == (None, [])


def test_cache_follows_the_schema(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    schema_dir = Path(__file__).resolve().parents[2] / "schema"
    for suffix in (".introspection.json", ".metadata.json"):
        write(
            project, f"org/acme{suffix}", (schema_dir / f"zoho-crm-enterprise{suffix}").read_text()
        )
    write(project, "zgql.toml", "schema = 'org'\n")
    streets = " ".join(f"s{i}: Street {{ value }}" for i in range(6))
    write(project, "q.graphql", f"query Q {{ Records {{ Leads {{ _data {{ {streets} }} }} }} }}\n")
    assert findings(capsys) == []
    metadata = json.loads((project / "org/acme.metadata.json").read_text())
    leads = next(m for m in metadata["modules"] if m["api_name"] == "Leads")
    next(f for f in leads["fields"] if f["api_name"] == "Street")["data_type"] = "textarea"
    write(project, "org/acme.metadata.json", json.dumps(metadata))
    assert [rule for *_, rule in findings(capsys)] == ["textareas-per-resource"]


@pytest.mark.parametrize(
    ("named", "said"),
    [
        ("q.txt", "q.txt: is not a .graphql, .gql or .py file, so zgql does not check it"),
        ("empty", "empty: holds no .graphql, .gql or .py file that the configuration includes"),
    ],
)
def test_a_named_path_with_nothing_to_check_is_an_error(
    project: Path, capsys: pytest.CaptureFixture[str], named: str, said: str
) -> None:
    write(project, "q.txt", GOOD)
    (project / "empty").mkdir()
    write(project, "build/q.graphql", GOOD)
    status, _, err = check(capsys, named)
    assert (status, err) == (2, f"zgql: {said}\n")


def test_no_path_named_and_nothing_to_check_is_fine(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, _ = check(capsys)
    assert (status, out.strip()) == (0, "No files were checked.")
    write(project, "build/q.graphql", GOOD)  # named by pre-commit, excluded: passes in silence
    status, out, err = check(capsys, "build/q.graphql")
    assert (status, out.strip(), err) == (0, "No files were checked.", "")


def test_only_comments_and_query_text_suppress_in_python(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(
        project,
        "app.py",
        '"""How to silence zgql: # zgql: ignore[records-depth] a reason"""\n'
        "from gql import gql\n"
        'HELP = "write # zgql: ignore[complexity] and why"\n'
        "MARKER = '#graphql'\n"
        f"DEEP = gql('{DEEP.strip()}')  # zgql: ignore[records-depth] fetched once a day\n",
    )
    assert findings(capsys) == []  # the comment suppresses; the strings and the marker do not


def test_a_suppression_below_a_form_feed(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(project, "q.graphql", "# \f a form feed\n# zgql: ignore[records-depth] reviewed\n" + DEEP)
    assert findings(capsys) == []
