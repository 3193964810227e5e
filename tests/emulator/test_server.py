"""The emulator over real loopback HTTP: every behaviour from its real trigger."""

from __future__ import annotations

import asyncio
import json
import os
import random
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx
import pytest

import zgql
from zgql.testing import Emulator, random_query

LEADS = "query { Records { Leads { _data { id { value } Full_Name { value } Description { value } } } } }"


def post(
    zoho: Emulator, query: str | None, *, token: str | None = None, **extra: Any
) -> httpx.Response:
    body = {"query": query, **extra} if query is not None else None
    return httpx.post(zoho.graphql_url, headers=zoho.auth_header(token), json=body, timeout=30)


def zoho_error(response: httpx.Response) -> tuple[int, str]:
    body = response.json()
    assert body["status"] == "error"
    assert set(body) == {"code", "details", "message", "status"}
    return response.status_code, body["code"]


# -- answers with data -----------------------------------------------------------------------


def test_a_documented_query_answers_with_data(zoho_emulator: Emulator) -> None:
    response = post(zoho_emulator, LEADS)
    assert response.status_code == 200
    records = response.json()["data"]["Records"]["Leads"]["_data"]
    assert len(records) == 100  # the default page
    assert all(len(r["id"]["value"]) == 18 for r in records)
    (call,) = zoho_emulator.calls
    assert (call.status, call.credits, call.query) == (200, 1, LEADS)
    assert zoho_emulator.credits_used() == 1


@pytest.mark.parametrize(
    "query",
    [
        "query { Records { Products { _data { Vendor_Name { Vendor_Name { value } id { value } } } } } }",
        "query { Records { Leads { _data { id { value } Subform_1__r { _data { id { value } Parent_Id { Email { value } Company { value } } } } } } } }",
        'query { Records { Contacts(where: { and: [{ Last_Name: { like: "D%" } }] }, order_by: { Last_Name: { order: ASC } }) { _data { Last_Name { value } Email { value } id { value } } } } }',
        'query { Meta { Modules(filter: { api_name: "Invoices" }) { _data { api_name child_relationships { _data { display_label api_name id } } parent_module { api_name plural_label } } } } }',
        'query { Meta { KanbanView(filter: { module_api_name: "Leads" }) { id view_name color_scheme } Users(filter: { type: AdminUsers }) { _data { id } } } }',
        "query { Records { Tasks { _data { Subject { value } What_Id { ... on Deals__data { Deal_Name { value } } ... on Accounts__data { Account_Name { value } } } } } } }",
    ],
)
def test_documented_examples(zoho_emulator: Emulator, query: str) -> None:
    response = post(zoho_emulator, query)
    assert response.status_code == 200
    body = response.json()
    assert "errors" not in body, body
    assert body["data"]


def test_pagination_walks_every_record_once(zoho_emulator: Emulator) -> None:
    seen: list[str] = []
    offset: str | None = "0"
    pages = 0
    while offset is not None:
        query = (
            "query($o: String) { Records { Leads(offset: $o, limit: 70) { _data { id { value } } "
            "_info { next_offset previous_offset more_records } } } }"
        )
        page = post(zoho_emulator, query, variables={"o": offset}).json()["data"]["Records"][
            "Leads"
        ]
        seen.extend(r["id"]["value"] for r in page["_data"])
        assert page["_info"]["more_records"] is (page["_info"]["next_offset"] is not None)
        offset = page["_info"]["next_offset"]
        pages += 1
    assert len(seen) == len(set(seen)) == zoho_emulator.records_per_module
    assert pages == -(-zoho_emulator.records_per_module // 70)


def test_where_and_order_by_are_applied(zoho_emulator: Emulator) -> None:
    query = (
        "query { Records { Deals(where: { Amount: { greater_than: 20000 } }, "
        "order_by: { Amount: { order: DESC } }, limit: 100) { _data { Amount { value } } } } }"
    )
    amounts = [
        r["Amount"]["value"]
        for r in post(zoho_emulator, query).json()["data"]["Records"]["Deals"]["_data"]
    ]
    assert amounts
    assert all(a > 20000 for a in amounts)
    assert amounts == sorted(amounts, reverse=True)


# -- rejected by Zoho's limits, as HTTP 200 with errors ----------------------------------------


def test_over_complexity_is_execution_aborted_with_null_data(zoho_emulator: Emulator) -> None:
    roots = " ".join(f"m{i}: Leads {{ _data {{ id {{ value }} }} }}" for i in range(11))
    response = post(zoho_emulator, f"{{ Records {{ {roots} }} }}")
    assert response.status_code == 200
    body = response.json()
    assert body["data"] is None
    rules = {e["extensions"]["rule"] for e in body["errors"]}
    assert rules == {"complexity", "credits"}
    assert {e["extensions"]["classification"] for e in body["errors"]} == {"ExecutionAborted"}
    assert zoho_emulator.calls[-1].credits == 0
    assert zoho_emulator.credits_used() == 0


def test_depth_is_execution_aborted(zoho_emulator: Emulator) -> None:
    query = "{ Records { Contacts { _data { Account_Name { Parent_Account { Owner { id { value } } } } } } } }"
    (error,) = post(zoho_emulator, query).json()["errors"]
    assert (
        error["extensions"]["rule"],
        error["extensions"]["value"],
        error["extensions"]["limit"],
    ) == ("records-depth", 4, 3)


def test_schema_errors_carry_locations_and_no_data(zoho_emulator: Emulator) -> None:
    body = post(zoho_emulator, "{ Records { Leads { _data { Nope { value } } } } }").json()
    assert "data" not in body
    (error,) = body["errors"]
    assert error["locations"] == [{"line": 1, "column": 29}]
    assert error["extensions"]["classification"] == "ValidationError"
    # Worded as the org would: zgql's hint about its bundled schema is not Zoho's to give.
    assert error["message"] == "Cannot query field 'Nope' on type 'Leads__data'."


def test_enforcement_agrees_with_the_analysis(zoho_emulator: Emulator) -> None:
    schema = zgql.load_schema()
    for seed in range(60):
        rng = random.Random(seed)
        tree = random_query(
            schema.graphql_schema,
            rng,
            fields=rng.randint(3, 40),
            roots=rng.randint(1, 12),
            max_level=4,
        )
        text = tree.render()
        expected_ok = zgql.analyze(text, schema).ok
        body = post(zoho_emulator, text).json()
        assert ("errors" not in body) is expected_ok, (seed, body.get("errors"))


# -- HTTP 400, 401, 404, 429 ----------------------------------------------------------------------


def test_feature_not_enabled_until_enabled(zoho_emulator: Emulator) -> None:
    org = zoho_emulator.add_org(graphql_enabled=False)
    token = zoho_emulator.issue_token(
        org, scopes=("ZohoCRM.GraphQL.READ", "ZohoCRM.GraphQL.UPDATE")
    )
    assert zoho_error(post(zoho_emulator, LEADS, token=token)) == (400, "FEATURE_NOT_ENABLED")
    enable = httpx.post(
        f"{zoho_emulator.graphql_url}/actions/enable", headers=zoho_emulator.auth_header(token)
    )
    assert enable.json()["code"] == "SUCCESS"
    assert post(zoho_emulator, LEADS, token=token).status_code == 200
    again = httpx.post(
        f"{zoho_emulator.graphql_url}/actions/enable", headers=zoho_emulator.auth_header(token)
    )
    assert zoho_error(again) == (400, "ALREADY_ENABLED")


def test_feature_not_supported_by_the_edition(zoho_emulator: Emulator) -> None:
    org = zoho_emulator.add_org(edition="professional")
    assert zoho_error(post(zoho_emulator, LEADS, token=zoho_emulator.issue_token(org))) == (
        400,
        "FEATURE_NOT_SUPPORTED",
    )


def test_mandatory_not_found_for_an_empty_body(zoho_emulator: Emulator) -> None:
    response = httpx.post(
        zoho_emulator.graphql_url, headers=zoho_emulator.auth_header(), content=b""
    )
    assert zoho_error(response) == (400, "MANDATORY_NOT_FOUND")


def test_scope_mismatch(zoho_emulator: Emulator) -> None:
    token = zoho_emulator.issue_token(scopes=("ZohoCRM.modules.ALL",))
    assert zoho_error(post(zoho_emulator, LEADS, token=token)) == (400, "OAUTH_SCOPE_MISMATCH")


def test_invalid_and_expired_tokens(zoho_emulator: Emulator) -> None:
    assert zoho_error(post(zoho_emulator, LEADS, token="1000.nope")) == (401, "INVALID_TOKEN")
    token = zoho_emulator.issue_token(lifetime=60)
    assert post(zoho_emulator, LEADS, token=token).status_code == 200
    zoho_emulator.advance(61)
    assert zoho_error(post(zoho_emulator, LEADS, token=token)) == (401, "INVALID_TOKEN")


def test_token_from_another_data_centre(zoho_emulator: Emulator) -> None:
    token = zoho_emulator.issue_token(dc="eu")
    assert zoho_error(post(zoho_emulator, LEADS, token=token)) == (401, "AUTHENTICATION_FAILED")


def test_unknown_url(zoho_emulator: Emulator) -> None:
    response = httpx.get(
        f"{zoho_emulator.base_url}/crm/v8/Leads", headers=zoho_emulator.auth_header()
    )
    assert zoho_error(response) == (404, "INVALID_URL_PATTERN")


def test_exactly_the_calls_beyond_five_in_flight_are_refused(zoho_emulator: Emulator) -> None:
    zoho_emulator.inject("latency", seconds=1.0, times=None)
    token = zoho_emulator.issue_token()

    async def burst() -> list[int]:
        async with httpx.AsyncClient(timeout=30, limits=httpx.Limits(max_connections=50)) as client:
            calls = [
                client.post(
                    zoho_emulator.graphql_url,
                    json={"query": LEADS},
                    headers=zoho_emulator.auth_header(token),
                )
                for _ in range(20)
            ]
            return [r.status_code for r in await asyncio.gather(*calls)]

    statuses = asyncio.run(burst())
    assert sorted(statuses) == [200] * 5 + [429] * 15
    refused = [c for c in zoho_emulator.calls if c.status == 429]
    assert {c.code for c in refused} == {"TOO_MANY_REQUESTS"}


def test_the_daily_credit_pool(zoho_emulator: Emulator) -> None:
    org = zoho_emulator.add_org(daily_credits=4)
    token = zoho_emulator.issue_token(org)
    first = post(zoho_emulator, LEADS, token=token)
    assert "X-API-CREDITS-REMAINING" not in first.headers  # 1 of 4 used
    second = post(zoho_emulator, LEADS, token=token)
    assert second.headers["X-API-CREDITS-REMAINING"] == "2"  # half used: Zoho starts telling
    post(zoho_emulator, LEADS, token=token)
    post(zoho_emulator, LEADS, token=token)
    assert zoho_error(post(zoho_emulator, LEADS, token=token)) == (429, "TOO_MANY_REQUESTS")
    zoho_emulator.advance(24 * 3600 + 1)  # a rolling day later (and a new token: hours passed)
    assert post(zoho_emulator, LEADS, token=zoho_emulator.issue_token(org)).status_code == 200


# -- the token endpoint -----------------------------------------------------------------------------


def token_call(zoho: Emulator, **params: str) -> dict[str, Any]:
    response = httpx.post(zoho.token_url, data=params)
    assert response.status_code == 200  # Zoho answers errors here with 200 too
    return dict(response.json())


def test_refresh_grants_a_working_token(zoho_emulator: Emulator) -> None:
    client = zoho_emulator.register_client()
    body = token_call(
        zoho_emulator,
        grant_type="refresh_token",
        client_id=client.client_id,
        client_secret=client.client_secret,
        refresh_token=client.refresh_token,
    )
    assert (body["api_domain"], body["token_type"], body["expires_in"]) == (
        zoho_emulator.base_url,
        "Bearer",
        3600,
    )
    assert post(zoho_emulator, LEADS, token=body["access_token"]).status_code == 200


def test_refresh_errors_and_throttle(zoho_emulator: Emulator) -> None:
    client = zoho_emulator.register_client()
    params = {
        "grant_type": "refresh_token",
        "client_id": client.client_id,
        "client_secret": client.client_secret,
        "refresh_token": client.refresh_token,
    }
    assert token_call(zoho_emulator, **{**params, "refresh_token": "1000.bad"}) == {
        "error": "invalid_code"
    }
    assert token_call(zoho_emulator, **{**params, "client_secret": "wrong"}) == {
        "error": "invalid_client"
    }
    for _ in range(10):
        assert "access_token" in token_call(zoho_emulator, **params)
    throttled = token_call(zoho_emulator, **params)
    assert throttled["error"] == "Access Denied"
    assert "too many requests" in throttled["error_description"]
    zoho_emulator.advance(601)
    assert "access_token" in token_call(zoho_emulator, **params)


def test_refresh_parameters_in_the_query_string(zoho_emulator: Emulator) -> None:
    client = zoho_emulator.register_client()
    response = httpx.post(
        zoho_emulator.token_url,
        params={
            "grant_type": "refresh_token",
            "client_id": client.client_id,
            "client_secret": client.client_secret,
            "refresh_token": client.refresh_token,
        },
    )
    assert "access_token" in response.json()


def test_grant_code_exchange_is_single_use(zoho_emulator: Emulator) -> None:
    client = zoho_emulator.register_client()
    code = zoho_emulator.grant_code(client)
    params = {
        "grant_type": "authorization_code",
        "client_id": client.client_id,
        "client_secret": client.client_secret,
        "code": code,
    }
    body = token_call(zoho_emulator, **params)
    assert body["refresh_token"].startswith("1000.")
    assert token_call(zoho_emulator, **params) == {"error": "invalid_code"}


# -- faults ---------------------------------------------------------------------------------------


def test_latency(zoho_emulator: Emulator) -> None:
    zoho_emulator.inject("latency", seconds=0.4)
    started = time.monotonic()
    assert post(zoho_emulator, LEADS).status_code == 200
    assert time.monotonic() - started >= 0.4


def test_server_error_and_html_page(zoho_emulator: Emulator) -> None:
    zoho_emulator.inject("server-error", status=503)
    assert zoho_error(post(zoho_emulator, LEADS)) == (503, "INTERNAL_ERROR")
    zoho_emulator.inject("html")
    response = post(zoho_emulator, LEADS)
    assert response.status_code == 502
    assert response.headers["content-type"].startswith("text/html")
    assert post(zoho_emulator, LEADS).status_code == 200  # each fault was used once


def test_truncated_body(zoho_emulator: Emulator) -> None:
    zoho_emulator.inject("truncated")
    response = post(zoho_emulator, LEADS)
    assert response.status_code == 200
    with pytest.raises(json.JSONDecodeError):
        response.json()


def test_dropped_connection(zoho_emulator: Emulator) -> None:
    zoho_emulator.inject("drop")
    with pytest.raises((httpx.RemoteProtocolError, httpx.ReadError)):
        post(zoho_emulator, LEADS)
    assert zoho_emulator.calls[-1].code == "DROPPED"
    assert post(zoho_emulator, LEADS).status_code == 200


def test_token_expired_mid_run(zoho_emulator: Emulator) -> None:
    token = zoho_emulator.issue_token()
    assert post(zoho_emulator, LEADS, token=token).status_code == 200
    zoho_emulator.inject("expire-token")
    assert zoho_error(post(zoho_emulator, LEADS, token=token)) == (401, "INVALID_TOKEN")


def test_schema_change(zoho_emulator: Emulator) -> None:
    query = "{ Records { Leads { _data { Lead_Source { value } } } } }"
    assert post(zoho_emulator, query).status_code == 200
    zoho_emulator.inject("schema-change", field="Leads.Lead_Source")
    errors = post(zoho_emulator, query).json()["errors"]
    assert errors[0]["extensions"]["classification"] == "ValidationError"
    assert "Lead_Source" in errors[0]["message"]
    assert "errors" not in post(zoho_emulator, LEADS).json()


def test_admin_endpoint_needs_the_secret(zoho_emulator: Emulator) -> None:
    admin = f"{zoho_emulator.base_url}/__zgql__"
    assert httpx.get(f"{admin}/calls").status_code == 404
    headers = {"X-Zgql-Admin": zoho_emulator.admin_secret}
    assert (
        httpx.post(f"{admin}/faults", headers=headers, json={"kind": "server-error"}).status_code
        == 200
    )
    assert post(zoho_emulator, LEADS).status_code == 500
    calls = httpx.get(f"{admin}/calls", headers=headers).json()
    assert [c["status"] for c in calls] == [500]
    assert httpx.post(f"{admin}/faults", headers=headers, json={"kind": "nope"}).status_code == 400


# -- life -------------------------------------------------------------------------------------------


def test_stop_releases_the_port() -> None:
    with Emulator(records_per_module=20) as zoho:
        port = zoho.port
        assert post(zoho, LEADS).status_code == 200
    with pytest.raises(httpx.ConnectError):
        httpx.post(f"http://127.0.0.1:{port}/crm/graphql", timeout=2)


def test_zgql_emulate_serves_until_interrupted(tmp_path: Path) -> None:
    credentials = tmp_path / "creds.json"
    process = subprocess.Popen(
        [sys.executable, "-m", "zgql", "emulate", "--port", "0", "--credentials", str(credentials)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ},
    )
    try:
        assert process.stdout is not None
        first = process.stdout.readline()
        assert "zgql emulator: Zoho CRM GraphQL at http://127.0.0.1:" in first
        url = first.split(" at ")[1].split(" ")[0]
        saved = json.loads(credentials.read_text())
        assert stat.S_IMODE(credentials.stat().st_mode) == 0o600
        response = httpx.post(
            url,
            json={"query": LEADS},
            headers={"Authorization": f"Zoho-oauthtoken {saved['access_token']}"},
        )
        assert response.status_code == 200
        # The offline demo, as the README gives it: the file is zgql credentials as it is.
        query = tmp_path / "leads.graphql"
        query.write_text(LEADS)
        run = subprocess.run(
            [sys.executable, "-m", "zgql", "run", str(query), "--credentials", str(credentials)],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert run.returncode == 0, run.stderr
        assert json.loads(run.stdout)["Records"]["Leads"]["_data"]
        # The admin endpoint, from another process, with the secret the file holds.
        calls = httpx.get(
            url.replace("/crm/graphql", "/__zgql__/calls"),
            headers={"X-Zgql-Admin": saved["admin_secret"]},
        )
        assert calls.status_code == 200
    finally:
        process.send_signal(signal.SIGINT)
        rest, errors = process.communicate(timeout=20)
    assert process.returncode == 0
    printed = first + rest + errors
    for secret in ("client_secret", "refresh_token", "access_token", "grant_code", "admin_secret"):
        assert saved[secret] not in printed
