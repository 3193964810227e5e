"""``zgql auth``, ``zgql schema pull`` and ``zgql run``, against the emulator."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest

import zgql
from zgql._cli import main
from zgql.testing import ClientCredentials, Emulator

LEADS = (
    "query Leads { Records { Leads(limit: 100) { _data { id { value } Full_Name { value } } } } }\n"
)


def auth(
    zoho: Emulator,
    client: ClientCredentials,
    code: str,
    path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> int:
    """``zgql auth`` for ``client``, its secret and ``code`` given the only way zgql takes them."""
    monkeypatch.setenv("ZGQL_CLIENT_SECRET", client.client_secret)
    monkeypatch.setenv("ZGQL_GRANT_CODE", code)
    return main(
        [
            "auth",
            "--client-id",
            client.client_id,
            "--accounts-url",
            zoho.base_url,
            "--credentials",
            str(path),
        ]
    )


@pytest.fixture
def authorised(
    zoho_emulator: Emulator,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> tuple[Path, ClientCredentials]:
    """``zgql auth`` done: the credentials file of a fresh self client."""
    client = zoho_emulator.register_client()
    path = tmp_path / "credentials.json"
    status = auth(zoho_emulator, client, zoho_emulator.grant_code(client), path, monkeypatch)
    out, err = capsys.readouterr()
    assert status == 0, err
    assert f"credentials saved to {path}" in out
    for secret in (client.client_secret, client.refresh_token):
        assert secret not in out + err
    return path, client


def test_from_grant_code_to_paginated_records_in_three_commands(
    zoho_emulator: Emulator,
    authorised: tuple[Path, ClientCredentials],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    credentials, _ = authorised  # 1. zgql auth
    assert stat.S_IMODE(credentials.stat().st_mode) == 0o600
    saved = json.loads(credentials.read_text())
    assert saved["api_domain"] == zoho_emulator.base_url
    schema_dir = tmp_path / "schema"
    assert (
        main(
            [
                "schema",
                "pull",
                "--out",
                str(schema_dir),
                "--org",
                "acme",  # 2. schema pull
                "--credentials",
                str(credentials),
            ]
        )
        == 0
    )
    assert "Pulled 19 modules" in capsys.readouterr().out
    query = tmp_path / "leads.graphql"
    query.write_text(LEADS)
    assert (
        main(
            [
                "run",
                str(query),
                "--paginate",
                "--schema",
                str(schema_dir),  # 3. zgql run
                "--credentials",
                str(credentials),
            ]
        )
        == 0
    )
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert len({r["id"]["value"] for r in records}) == zoho_emulator.records_per_module
    token_calls = [c for c in zoho_emulator.calls if c.path == "/oauth/v2/token"]
    assert (
        len(token_calls) == 2
    )  # the grant code exchange, then one refresh shared by both commands


def test_the_pulled_schema_is_the_served_one(
    authorised: tuple[Path, ClientCredentials], tmp_path: Path
) -> None:
    credentials, _ = authorised
    assert (
        main(
            [
                "schema",
                "pull",
                "--out",
                str(tmp_path),
                "--name",
                "acme",
                "--credentials",
                str(credentials),
            ]
        )
        == 0
    )
    pulled = zgql.load_schema(tmp_path)
    bundled = zgql.load_schema()
    assert pulled.modules == bundled.modules
    metadata = json.loads((tmp_path / "acme.metadata.json").read_text())
    assert metadata["source"]["kind"] == "pulled" and metadata["source"]["pulled_at"]
    query = "{ Records { Deals { _data { Description { value } Owner { id { value } } What_Id: id { value } } } } }"
    assert zgql.analyze(query, pulled).operations[0].complexity == 125
    streets = " ".join(f"d{i}: Description {{ value }}" for i in range(6))
    assert [
        d.rule
        for d in zgql.analyze(
            f"{{ Records {{ Leads {{ _data {{ {streets} }} }} }} }}", pulled
        ).diagnostics
    ] == ["textareas-per-resource"]  # the pulled metadata knows its textareas


def test_run_prints_data_and_reads_variables(
    authorised: tuple[Path, ClientCredentials], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    credentials, _ = authorised
    query = tmp_path / "q.graphql"
    query.write_text("query Q($n: Int) { Records { Leads(limit: $n) { _data { id { value } } } } }")
    assert main(["run", str(query), "--var", "n=3", "--credentials", str(credentials)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert len(data["Records"]["Leads"]["_data"]) == 3


def test_run_reports_typed_errors_and_sends_nothing_zoho_would_refuse(
    zoho_emulator: Emulator,
    authorised: tuple[Path, ClientCredentials],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    credentials, _ = authorised
    query = tmp_path / "q.graphql"
    query.write_text("{ Records { Leads(limit: 500) { _data { id { value } } } } }")
    before = len(zoho_emulator.calls)
    assert main(["run", str(query), "--credentials", str(credentials)]) == 1
    assert "QueryRejected" in capsys.readouterr().err
    assert len(zoho_emulator.calls) == before
    query.write_text(LEADS)
    zoho_emulator.inject("server-error", times=None)
    assert main(["run", str(query), "--credentials", str(credentials)]) == 1
    assert "ServerError: HTTP 500 INTERNAL_ERROR" in capsys.readouterr().err


def test_without_credentials(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    query = tmp_path / "q.graphql"
    query.write_text(LEADS)
    assert main(["run", str(query), "--credentials", str(tmp_path / "none.json")]) == 2
    assert "run 'zgql auth' first" in capsys.readouterr().err


def test_credentials_readable_by_others_are_refused(
    authorised: tuple[Path, ClientCredentials], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    credentials, _ = authorised
    credentials.chmod(0o644)
    query = tmp_path / "q.graphql"
    query.write_text(LEADS)
    assert main(["run", str(query), "--credentials", str(credentials)]) == 2
    assert "chmod 600" in capsys.readouterr().err


def test_a_bad_grant_code(
    zoho_emulator: Emulator,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    client = zoho_emulator.register_client()
    status = auth(zoho_emulator, client, "1000.used.or.expired", tmp_path / "c.json", monkeypatch)
    err = capsys.readouterr().err
    assert status == 2
    assert "invalid_code" in err and "zgql auth" in err
    assert client.client_secret not in err
    assert not (tmp_path / "c.json").exists()


def test_run_shares_tokens_and_limits_through_redis(
    authorised: tuple[Path, ClientCredentials],
    zoho_emulator: Emulator,
    redis_url: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    credentials, client = authorised
    query = tmp_path / "q.graphql"
    query.write_text(LEADS)
    minted = sum(1 for c in zoho_emulator.calls if c.path == "/oauth/v2/token")  # by zgql auth
    monkeypatch.setenv("ZGQL_REDIS_URL", redis_url)
    assert main(["run", str(query), "--credentials", str(credentials)]) == 0
    monkeypatch.delenv("ZGQL_REDIS_URL")
    assert main(["run", str(query), "--credentials", str(credentials), "--redis", redis_url]) == 0
    capsys.readouterr()
    # One token for both runs, kept in Redis: none in the file beside the credentials.
    assert sum(1 for c in zoho_emulator.calls if c.path == "/oauth/v2/token") == minted + 1
    assert not (credentials.parent / "tokens.json").exists()
    with zgql.RedisCoordinator(redis_url) as shared:  # the org's ledger holds both calls
        assert shared.credits_used(f"{zoho_emulator.base_url}|{client.client_id}") == 2


def test_a_redis_that_does_not_answer(
    authorised: tuple[Path, ClientCredentials], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    credentials, _ = authorised
    query = tmp_path / "q.graphql"
    query.write_text(LEADS)
    url = "redis://:hunter2@127.0.0.1:1/0"  # nothing listens on port 1
    assert main(["run", str(query), "--credentials", str(credentials), "--redis", url]) == 1
    err = capsys.readouterr().err
    assert "CoordinationError" in err and "hunter2" not in err
