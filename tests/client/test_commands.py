"""``zgql auth``, ``zgql schema pull`` and ``zgql run``, against the emulator."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest
from graphql import build_schema, parse, validate

import zgql
from zgql._cli import main
from zgql._client._commands import metadata_query
from zgql._exceptions import ConfigError
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
    contacts = next(m for m in metadata["modules"] if m["api_name"] == "Contacts")
    deals = next(r for r in contacts["related_lists"] if r["api_name"] == "Deals")
    assert deals["module"] == {"api_name": "Deals"} and deals["href"] == "Contacts/{ENTITYID}/Deals"
    related = "{ Records { Contacts { _data { Deals__r { _data { id { value } } } } } } }"
    assert zgql.analyze(related, pulled).operations[0].complexity == 150
    assert pulled.metadata.field("Contacts", "Deals__r") == bundled.metadata.field(
        "Contacts", "Deals__r"
    )  # priced from the pulled related lists, as the bundled schema prices it


def test_the_pull_query_validates_against_the_bundled_meta_and_fits_its_limits() -> None:
    """What `zgql schema pull` asks an org whose `_Meta` is the bundled one: fields and related
    lists of every module, one call of 3 credits (Modules, Fields, RelatedLists), at most the
    7 levels Zoho allows metadata."""
    bundled = zgql.load_schema()
    query = metadata_query(bundled.graphql_schema)
    assert "related_lists { _data { api_name display_label name type href module" in query
    assert "fields { _data { api_name field_label data_type json_type } }" in query
    report = zgql.analyze(query, bundled)
    assert report.diagnostics == ()
    (operation,) = report.operations
    assert (operation.complexity, operation.credits, operation.metadata_depth) == (300, 3, 7)


def test_the_pull_query_asks_only_what_the_orgs_meta_has() -> None:
    """An org whose `_Meta` has no related lists and a smaller Field type: the pull leaves
    those members out instead of failing on Zoho's validation error."""
    smaller = build_schema(
        "type Query { Meta: _Meta } type _Meta { Modules: Modules } "
        "type Modules { _data: [Module] } type Module { api_name: String fields: Fields } "
        "type Fields { _data: [Field] } type Field { api_name: String data_type: String }"
    )
    query = metadata_query(smaller)
    assert validate(smaller, parse(query)) == []
    assert "related_lists" not in query and "json_type" not in query
    no_fields = build_schema("type Query { Meta: Module } type Module { api_name: String }")
    with pytest.raises(ConfigError, match=r"no Module\.fields"):
        metadata_query(no_fields)


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
