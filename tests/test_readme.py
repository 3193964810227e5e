"""The README's examples run as written: the library example and what its comments say, and
every configuration it shows is one zgql accepts."""

from __future__ import annotations

import functools
import re
import shlex
import shutil
import sys
import types
from fractions import Fraction
from pathlib import Path

import pytest

import zgql
from zgql._cli import main
from zgql._config import load_config
from zgql.testing import Emulator

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
BLOCK = re.compile(r"```(?P<language>\w+)\n(?P<body>.*?)```", re.DOTALL)


def _blocks(language: str) -> list[str]:
    return [m["body"] for m in BLOCK.finditer(README) if m["language"] == language]


def test_the_library_example_says_what_it_computes() -> None:
    example = _blocks("python")[0]
    namespace: dict[str, object] = {}
    lines = example.splitlines()
    exec("\n".join(lines), namespace)  # noqa: S102 - the README's own example
    said = 0
    for line in lines:
        expression, _, comment = line.partition("  # ")
        stated = re.match(r"(-?\d+|True|False|Fraction\(\d+, \d+\))(?!\w)", comment)
        if stated and expression.strip():
            value = eval(expression, namespace)  # noqa: S307 - the README's own expressions
            assert value == eval(stated[1], {"Fraction": Fraction}), line  # noqa: S307
            said += 1
    assert said == 5


@pytest.mark.parametrize("block", [b for b in _blocks("toml") if "[tool.zgql" in b])
def test_every_configuration_shown_is_accepted(block: str, tmp_path: Path) -> None:
    tomllib.loads(block)
    (tmp_path / "pyproject.toml").write_text(block)
    config = load_config(tmp_path / "pyproject.toml")
    assert isinstance(config.limits, zgql.Limits)


# -- the client examples, run as written against the emulator -----------------------------------
# What changes: the names the README leaves to the reader (client_id, ...), the servers (the
# emulator's, not Zoho's), where "~" is, and what "schema/acme" holds (the bundled schema).


def _block(*marks: str) -> str:
    return next(b for b in _blocks("python") if all(mark in b for mark in marks))


def _against(emulator: Emulator) -> types.SimpleNamespace:
    """``zgql`` as the README uses it, with the client's servers those of ``emulator``."""
    bound = types.SimpleNamespace(**{name: getattr(zgql, name) for name in zgql.__all__})
    bound.ZohoOAuth = functools.partial(zgql.ZohoOAuth, accounts_url=emulator.base_url)
    bound.Client = functools.partial(zgql.Client, api_domain=emulator.base_url)
    return bound


@pytest.fixture
def acme(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    bundled = Path(__file__).resolve().parents[1] / "schema"
    (tmp_path / "schema" / "acme").mkdir(parents=True)
    for part in ("introspection", "metadata"):
        source = bundled / f"zoho-crm-enterprise.{part}.json"
        shutil.copy(source, tmp_path / "schema" / "acme" / f"acme.{part}.json")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("HOME", str(tmp_path))
    return tmp_path


def test_the_client_example_runs(zoho_emulator: Emulator, acme: Path) -> None:
    credentials = zoho_emulator.register_client()  # the emulator stands for one data centre
    namespace: dict[str, object] = {
        "client_id": credentials.client_id,
        "client_secret": credentials.client_secret,
        "refresh_token": credentials.refresh_token,
    }
    example = _block("zgql.ZohoOAuth(", "crm.paginate(")
    exec(example.replace("import zgql\n", ""), {**namespace, "zgql": _against(zoho_emulator)})  # noqa: S102
    calls = [call for call in zoho_emulator.calls if call.path == "/crm/graphql"]
    assert [call.status for call in calls] == [200] * len(calls) and len(calls) >= 4
    # The token store the example names, written where "~" is, private.
    store = acme / ".cache" / "myapp" / "tokens.json"
    assert store.stat().st_mode & 0o077 == 0


@pytest.mark.usefixtures("acme")
def test_the_many_workers_example_runs(zoho_emulator: Emulator, redis_url: str) -> None:
    example = _block("zgql.RedisCoordinator(")
    example = example.replace("redis://redis.internal:6379/0", redis_url)
    credentials = zoho_emulator.register_client()
    namespace: dict[str, object] = {
        "zgql": _against(zoho_emulator),
        "client_id": credentials.client_id,
        "client_secret": credentials.client_secret,
        "refresh_token": credentials.refresh_token,
    }
    exec(example, namespace)  # noqa: S102
    crm = namespace["crm"]
    assert isinstance(crm, zgql.Client)
    with crm:
        assert crm.execute("{ Records { Leads(limit: 1) { _data { id { value } } } } }").data


def test_the_limits_example_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    configuration = next(b for b in _blocks("toml") if b.startswith("[tool.zgql.limits]"))
    (tmp_path / "pyproject.toml").write_text(configuration)
    monkeypatch.chdir(tmp_path)
    query = "{ Records { Leads { _data { Owner { id { value } } } } } }"
    namespace: dict[str, object] = {"zgql": zgql, "query": query}
    example = _block("zgql.Limits.from_file(")
    exec(example.replace("zgql.analyze(query", "report = zgql.analyze(query"), namespace)  # noqa: S102
    limits = namespace["limits"]
    assert isinstance(limits, zgql.Limits) and limits.credits == 5
    assert limits.interpretations.user_lookup_points == 50
    report = namespace["report"]
    assert isinstance(report, zgql.Report) and report.operations[0].complexity == 150


def test_the_fixture_example_runs(pytester: pytest.Pytester) -> None:
    example = _block("def test_lists_leads(zoho_emulator)")
    # my_sync_job is the reader's own code: here, one call that retries a 503 once.
    job = """
def my_sync_job(api_domain, token):
    for _ in range(2):
        answer = httpx.post(
            api_domain + "/crm/graphql",
            headers={"Authorization": f"Zoho-oauthtoken {token}"},
            json={"query": "{ Records { Leads(limit: 1) { _data { id { value } } } } }"},
        )
        if answer.status_code != 503:
            return answer
"""
    pytester.makepyfile(test_example=example + job)
    pytester.runpytest_subprocess("-p", "no:cacheprovider").assert_outcomes(passed=2)


@pytest.mark.parametrize(
    "block", [b for b in _blocks("console") if b.startswith("$ zgql ")], ids=lambda b: b[2:40]
)
def test_every_console_example_prints_what_it_shows(
    block: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    command, *shown = block.splitlines()
    monkeypatch.chdir(Path(__file__).resolve().parents[1])
    main(shlex.split(command)[2:] + ["--no-cache"] * command.startswith("$ zgql check"))
    printed = capsys.readouterr().out.splitlines()
    if "..." in shown:  # an excerpt: its beginning and its end
        cut = shown.index("...")
        assert printed[:cut] == shown[:cut]
        assert printed[len(printed) - (len(shown) - cut - 1) :] == shown[cut + 1 :]
    else:
        assert printed == shown
