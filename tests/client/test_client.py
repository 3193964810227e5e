"""zgql.Client and zgql.AsyncClient against the emulator, over real loopback HTTP.

Every failure is triggered for real (an org without GraphQL, an expired token, a fault
injected into the server) and asserted as the typed exception with its message.
"""

from __future__ import annotations

import asyncio
import itertools
import logging
import threading
from typing import Any

import httpx
import pytest
from conftest import mint_tokens

import zgql
from zgql._client._core import ClientCore, Prepared
from zgql.testing import ClientCredentials, Emulator, Org

LEADS = (
    "query Leads { Records { Leads(limit: 10) { _data { id { value } Full_Name { value } } } } }"
)
FAST = zgql.RetryPolicy(attempts=3, base_seconds=0.01, cap_seconds=0.05, total_seconds=5)
_orgs = itertools.count()


def oauth(
    zoho: Emulator, credentials: ClientCredentials | None = None, **options: Any
) -> zgql.ZohoOAuth:
    credentials = credentials or zoho.register_client()
    return zgql.ZohoOAuth(
        credentials.client_id,
        credentials.client_secret,
        credentials.refresh_token,
        accounts_url=zoho.base_url,
        **options,
    )


def client(
    zoho: Emulator, *, auth: httpx.Auth | None = None, in_org: Org | None = None, **options: Any
) -> zgql.Client:
    """A client of ``in_org`` (default: the emulator's default org), with its own slots and
    ledger unless ``org`` names a shared one."""
    if auth is None and "access_token" not in options:
        auth = oauth(zoho, zoho.register_client(in_org))
    options.setdefault("retry", FAST)
    options.setdefault("org", f"test-org-{next(_orgs)}")  # each test its own slots and ledger
    return zgql.Client(auth=auth, api_domain=zoho.base_url, seed=1, **options)


@pytest.fixture
def zoho(zoho_emulator: Emulator) -> Emulator:
    return zoho_emulator


def statuses(zoho: Emulator) -> list[int]:
    return [call.status for call in zoho.calls if call.path == "/crm/graphql"]


# -- results ------------------------------------------------------------------------------------


def test_execute_returns_data_report_and_credits(zoho: Emulator) -> None:
    with client(zoho) as crm:
        result = crm.execute(LEADS)
    assert len(result.data["Records"]["Leads"]["_data"]) == 10
    assert (result.credits, result.operation.complexity, result.credits_remaining) == (1, 100, None)
    assert statuses(zoho) == [200]


def test_credits_remaining_once_half_the_pool_is_used(zoho: Emulator) -> None:
    org = zoho.add_org(daily_credits=4)
    with client(zoho, in_org=org) as crm:
        assert crm.execute(LEADS).credits_remaining is None  # 1 of 4 used
        assert crm.execute(LEADS).credits_remaining == 2  # half used: Zoho starts telling


def test_data_centres_and_environments() -> None:
    token = "1000.abc"
    assert zgql.Client(access_token=token, dc="eu").url == "https://www.zohoapis.eu/crm/graphql"
    assert zgql.Client(access_token=token, dc="ca", environment="sandbox").url == (
        "https://sandbox.zohoapis.ca/crm/graphql"
    )
    with pytest.raises(ValueError, match="unknown data centre 'xx'"):
        zgql.Client(access_token=token, dc="xx")


# -- pre-flight: nothing is sent ---------------------------------------------------------------------


def test_a_query_zoho_would_reject_is_not_sent(zoho: Emulator) -> None:
    deep = "{ Records { Contacts { _data { Account_Name { Parent_Account { Owner { id { value } } } } } } } }"
    with client(zoho) as crm, pytest.raises(zgql.QueryRejected) as caught:
        crm.execute(deep)
    assert "records-depth" in str(caught.value)
    assert [d.rule for d in caught.value.diagnostics] == ["records-depth"]
    assert caught.value.report is not None and caught.value.report.operations[0].records_depth == 4
    assert zoho.calls == []


@pytest.mark.parametrize(
    ("variables", "said"),
    [
        ({"w": {1: {"equals": 1}}}, "object keys must be strings"),
        (5, "variables must be a mapping"),
        ("abc", "variables must be a mapping"),
    ],
)
def test_variables_of_the_wrong_shape_are_not_sent(
    zoho: Emulator, variables: Any, said: str
) -> None:
    query = "query Q($w: Leads__Filter) { Records { Leads(where: $w) { _data { id { value } } } } }"
    with client(zoho) as crm, pytest.raises(zgql.QueryRejected) as caught:
        crm.execute(query, variables)
    assert said in str(caught.value)
    assert [d.rule for d in caught.value.diagnostics] == ["variables"]
    assert zoho.calls == []


def test_a_document_over_the_size_bound_is_not_sent(zoho: Emulator) -> None:
    huge = "{ Records { Leads { _data { " + "id { value } " * 800_000 + "} } } }"
    with client(zoho) as crm, pytest.raises(zgql.QueryRejected) as caught:
        crm.execute(huge)
    assert [d.rule for d in caught.value.diagnostics] == ["document-size"]
    assert zoho.calls == []


def test_budgets_refuse_before_sending(zoho: Emulator) -> None:
    with (
        client(zoho, budget_per_call=1) as crm,
        pytest.raises(zgql.QueryRejected, match="budget_per_call allows 1"),
    ):
        crm.execute("{ Records { Deals { _data { Owner { id { value } } } } } }")
    with client(zoho, budget_per_day=2) as crm:
        crm.execute(LEADS)
        crm.execute(LEADS)
        with pytest.raises(zgql.QueryRejected, match="budget of 2 per day"):
            crm.execute(LEADS)
    assert statuses(zoho) == [200, 200]


# -- every failure, from its real trigger ---------------------------------------------------------------


def test_query_validation_error_after_a_schema_change(zoho: Emulator) -> None:
    zoho.inject("schema-change", field="Leads.Full_Name")
    with client(zoho) as crm, pytest.raises(zgql.QueryValidationError) as caught:
        crm.execute(LEADS)
    error = caught.value
    assert (error.status, error.data) == (200, None)
    assert "zgql's analysis accepted" in str(error) and "complexity 100" in str(error)
    assert "zgql schema pull" in str(error)
    assert statuses(zoho) == [200]  # not retried


def test_limit_exceeded_shows_both_figures(zoho: Emulator) -> None:
    # The client's own limits are looser than Zoho's, as a miscalibrated cost model would be.
    limits = zgql.Limits(records_depth=4)
    deep = "{ Records { Contacts { _data { Account_Name { Parent_Account { Owner { id { value } } } } } } } }"
    with client(zoho, limits=limits) as crm, pytest.raises(zgql.LimitExceeded) as caught:
        crm.execute(deep)
    message = str(caught.value)
    assert "records depth 4" in message and "records depth 4 exceeds 3" in message
    assert "recalibrate" in message
    assert caught.value.errors[0]["extensions"]["classification"] == "ExecutionAborted"
    assert statuses(zoho) == [200]


@pytest.mark.parametrize(
    ("setup", "error", "advice"),
    [
        ({"graphql_enabled": False}, zgql.FeatureNotEnabled, "/crm/graphql/actions/enable"),
        ({"edition": "professional"}, zgql.FeatureNotSupported, "Enterprise"),
        ({"denied_modules": ("Leads",)}, zgql.NoPermission, "administrator"),
    ],
)
def test_http_400_and_403(
    zoho: Emulator, setup: dict[str, Any], error: type[zgql.ZohoError], advice: str
) -> None:
    org = zoho.add_org(**setup)
    with client(zoho, in_org=org) as crm, pytest.raises(error) as caught:
        crm.execute(LEADS)
    assert advice in str(caught.value)
    assert caught.value.status in (400, 403)
    assert len(statuses(zoho)) == 1  # never retried


def test_no_permission_lists_what_is_missing(zoho: Emulator) -> None:
    org = zoho.add_org(denied_modules=("Leads",))
    with client(zoho, in_org=org) as crm, pytest.raises(zgql.NoPermission) as caught:
        crm.execute(LEADS)
    assert caught.value.details == {"permissions": ["Crm_Implied_View_Leads"]}


def test_mandatory_not_found(zoho: Emulator) -> None:
    # The client never sends an empty body; the trigger is Zoho's answer to one, which the
    # client's core must read right.
    response = httpx.post(zoho.graphql_url, headers=zoho.auth_header(), content=b"")
    core = ClientCore(
        zgql.load_schema(),
        zgql.Limits(),
    )
    prepared = Prepared(LEADS, None, None, zgql.analyze(LEADS), 1)
    with pytest.raises(zgql.MandatoryNotFound, match="send a JSON body with a 'query'"):
        core.interpret(response.status_code, response.headers, response.content, prepared)


def test_scope_mismatch(zoho: Emulator) -> None:
    credentials = zoho.register_client(scopes=("ZohoCRM.modules.ALL",))
    with (
        client(zoho, auth=oauth(zoho, credentials)) as crm,
        pytest.raises(zgql.ScopeMismatch) as caught,
    ):
        crm.execute(LEADS)
    assert "ZohoCRM.GraphQL.READ" in str(caught.value)


def test_invalid_token_without_a_way_to_refresh(zoho: Emulator) -> None:
    with (
        client(zoho, access_token="1000.not.a.token") as crm,
        pytest.raises(zgql.InvalidToken) as caught,
    ):
        crm.execute(LEADS)
    assert caught.value.code == "INVALID_TOKEN"
    assert "1000.not.a.token" not in str(caught.value) + repr(caught.value)


def test_authentication_failed_for_another_data_centre(zoho: Emulator) -> None:
    credentials = zoho.register_client(dc="eu")
    with (
        client(zoho, auth=oauth(zoho, credentials)) as crm,
        pytest.raises(zgql.AuthenticationFailed) as caught,
    ):
        crm.execute(LEADS)
    assert "api_domain" in str(caught.value)


def test_invalid_url(zoho: Emulator) -> None:
    crm = zgql.Client(access_token=zoho.issue_token(), api_domain=f"{zoho.base_url}/v8", retry=FAST)
    with crm, pytest.raises(zgql.InvalidUrl, match="no version in the path"):
        crm.execute(LEADS)


def test_the_day_spent_is_refused_before_sending(zoho: Emulator) -> None:
    org = zoho.add_org(daily_credits=1)
    with client(zoho, in_org=org) as crm:
        crm.execute(LEADS)  # Zoho says: 0 credits remaining
        with pytest.raises(zgql.CreditsExhausted) as caught:
            crm.execute(LEADS)
    assert isinstance(caught.value, zgql.RateLimited)
    # The first call's credit rolls off the rolling day 24 hours after its minute.
    assert caught.value.retry_after is not None
    assert 86_340 <= caught.value.retry_after <= 86_400
    assert "used up" in str(caught.value)
    assert statuses(zoho) == [200]  # not sent, so not retried either


def test_a_429_when_the_pool_cannot_pay_is_credits_exhausted(zoho: Emulator) -> None:
    org = zoho.add_org(daily_credits=3)
    credentials = zoho.register_client(org)
    with client(zoho, auth=oauth(zoho, credentials), org="another-app") as other:
        for _ in range(3):
            other.execute(LEADS)  # the pool is spent by another app; this client never heard
    with client(zoho, auth=oauth(zoho, credentials), daily_credits=3) as crm:
        with pytest.raises(zgql.CreditsExhausted) as caught:
            crm.execute(LEADS)
        with pytest.raises(zgql.CreditsExhausted):
            crm.execute(LEADS)  # refused before sending: the pool is known spent now
    assert statuses(zoho) == [200, 200, 200, 429]  # one 429, no retry storm
    assert caught.value.retry_after is not None


def test_server_error_is_retried_then_raised(zoho: Emulator) -> None:
    zoho.inject("server-error", status=503, times=None)
    with client(zoho) as crm, pytest.raises(zgql.ServerError) as caught:
        crm.execute(LEADS)
    assert caught.value.status == 503
    assert statuses(zoho) == [503, 503, 503]


@pytest.mark.parametrize("fault", ["truncated", "html"])
def test_protocol_errors(zoho: Emulator, fault: str) -> None:
    zoho.inject(fault, times=None, status=200 if fault == "html" else None)  # type: ignore[arg-type]
    with client(zoho) as crm, pytest.raises(zgql.ProtocolError) as caught:
        crm.execute(LEADS)
    assert "not Zoho's JSON" in str(caught.value)
    assert len(statuses(zoho)) == 3


def test_dropped_connections_are_retried_then_raised(zoho: Emulator) -> None:
    zoho.inject("drop", times=None)
    with client(zoho) as crm, pytest.raises(zgql.ConnectionFailed, match="no answer from Zoho"):
        crm.execute(LEADS)
    assert [c.code for c in zoho.calls if c.path == "/crm/graphql"] == ["DROPPED"] * 3


@pytest.mark.parametrize("fault", ["server-error", "drop", "truncated", "html"])
def test_one_failure_then_success(zoho: Emulator, fault: str) -> None:
    zoho.inject(fault)  # type: ignore[arg-type]
    with client(zoho) as crm:
        assert crm.execute(LEADS).data
    assert len([c for c in zoho.calls if c.path == "/crm/graphql"]) == 2


def test_a_busy_org_is_retried(zoho: Emulator) -> None:
    org = zoho.add_org(concurrency=1)
    zoho.inject("latency", seconds=0.3)
    token = zoho.issue_token(org)
    blocker = threading.Thread(
        target=lambda: httpx.post(
            zoho.graphql_url, headers=zoho.auth_header(token), json={"query": LEADS}, timeout=10
        )
    )
    blocker.start()
    try:
        policy = zgql.RetryPolicy(attempts=10, base_seconds=0.1, cap_seconds=0.2, total_seconds=10)
        with client(zoho, in_org=org, retry=policy) as crm:
            assert crm.execute(LEADS).data
    finally:
        blocker.join()
    assert 429 in statuses(zoho) and statuses(zoho)[-1] == 200


def test_partial_data_is_kept_on_the_error(zoho: Emulator) -> None:
    zoho.inject("partial")
    with client(zoho) as crm, pytest.raises(zgql.ZohoError) as caught:
        crm.execute(LEADS)
    error = caught.value
    assert type(error) is zgql.ZohoError
    assert len(error.data["Records"]["Leads"]["_data"]) == 10
    assert error.errors[-1]["extensions"]["classification"] == "DataFetchingException"
    assert ".data" in str(error)


def test_oauth_error_for_a_bad_refresh_token(zoho: Emulator) -> None:
    credentials = zoho.register_client()
    bad = ClientCredentials(
        credentials.client_id, credentials.client_secret, "1000.revoked", credentials.org_id
    )
    with client(zoho, auth=oauth(zoho, bad)) as crm, pytest.raises(zgql.OAuthError) as caught:
        crm.execute(LEADS)
    assert caught.value.code == "invalid_code"
    assert "zgql auth" in str(caught.value)
    assert statuses(zoho) == []  # no token, no call


# -- tokens ---------------------------------------------------------------------------------------------


def test_refresh_ahead_of_expiry(zoho: Emulator) -> None:
    now = [1_000_000.0]
    auth = oauth(zoho, clock=lambda: now[0], refresh_ahead=300)
    with client(zoho, auth=auth) as crm:
        crm.execute(LEADS)
        now[0] += 3000  # 600 s of the hour left: fresh enough
        crm.execute(LEADS)
        assert auth.refreshes == 1
        now[0] += 400  # 200 s left, less than refresh_ahead: refreshed before sending
        crm.execute(LEADS)
    assert auth.refreshes == 2
    assert statuses(zoho) == [200, 200, 200]  # the server never saw a stale token


def test_invalid_token_mid_run_refreshes_once_and_resends(zoho: Emulator) -> None:
    auth = oauth(zoho)
    with client(zoho, auth=auth) as crm:
        crm.execute(LEADS)
        zoho.inject("expire-token")
        assert crm.execute(LEADS).data
    assert auth.refreshes == 2
    assert statuses(zoho) == [200, 401, 200]


def test_one_refresh_in_flight_across_threads(zoho: Emulator) -> None:
    auth = oauth(zoho)
    with client(zoho, auth=auth) as crm:
        threads = [threading.Thread(target=crm.execute, args=(LEADS,)) for _ in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert auth.refreshes == 1
    assert len([c for c in zoho.calls if c.path == "/oauth/v2/token"]) == 1


def test_the_token_endpoint_throttle(zoho: Emulator) -> None:
    credentials = zoho.register_client()
    mint_tokens(zoho, credentials)  # another process spent this refresh token's ten tokens
    with (
        client(zoho, auth=oauth(zoho, credentials)) as crm,
        pytest.raises(zgql.RateLimited) as caught,
    ):
        crm.execute(LEADS)
    assert caught.value.code == "Access Denied"


def test_the_client_keeps_to_ten_tokens_per_ten_minutes(zoho: Emulator) -> None:
    auth = oauth(zoho)
    stale: str | None = None
    for _ in range(10):
        stale = auth.access_token(stale=stale)  # each one refused by the server, say
    before = len(zoho.calls)
    with pytest.raises(zgql.RateLimited, match="Zoho's limit") as caught:
        auth.access_token(stale=stale)
    assert caught.value.retry_after is not None and 0 < caught.value.retry_after <= 600
    assert len(zoho.calls) == before  # the eleventh was not even asked for


def test_file_token_store_is_private_and_shared(zoho: Emulator, tmp_path: Any) -> None:
    import stat  # noqa: PLC0415

    path = tmp_path / "tokens.json"
    credentials = zoho.register_client()
    first = oauth(zoho, credentials, store=zgql.FileTokenStore(path))
    with client(zoho, auth=first) as crm:
        crm.execute(LEADS)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    second = oauth(zoho, credentials, store=zgql.FileTokenStore(path))
    with client(zoho, auth=second) as crm:
        crm.execute(LEADS)
    assert (first.refreshes, second.refreshes) == (1, 0)  # the second process reused the token
    assert credentials.refresh_token not in path.read_text()


# -- pagination and concurrency ---------------------------------------------------------------------------


def test_paginate_walks_every_record_once(zoho: Emulator) -> None:
    with client(zoho) as crm:
        records = list(crm.paginate("{ Records { Leads(limit: 100) { _data { id { value } } } } }"))
    ids = [r["id"]["value"] for r in records]
    assert len(ids) == len(set(ids)) == zoho.records_per_module
    assert statuses(zoho) == [200, 200, 200]


def test_each_page_is_checked_before_sending(zoho: Emulator) -> None:
    query = "{ Records { Leads(limit: 500) { _data { id { value } } } } }"
    with client(zoho) as crm, pytest.raises(zgql.QueryRejected, match="records-limit"):
        next(iter(crm.paginate(query)))
    assert zoho.calls == []


def test_paginate_needs_one_module(zoho: Emulator) -> None:
    with client(zoho) as crm, pytest.raises(ValueError, match="exactly one module"):
        next(
            iter(
                crm.paginate(
                    "{ Records { Leads { _data { id { value } } } Deals { _data { id { value } } } } }"
                )
            )
        )


def test_async_client_and_its_pages(zoho: Emulator) -> None:
    async def run() -> tuple[int, int]:
        auth = oauth(zoho)
        async with zgql.AsyncClient(
            auth=auth, api_domain=zoho.base_url, org="async-pages", retry=FAST
        ) as crm:
            result = await crm.execute(LEADS)
            pages = [
                r
                async for r in crm.paginate(
                    "{ Records { Deals(limit: 100) { _data { id { value } } } } }"
                )
            ]
        return len(result.data["Records"]["Leads"]["_data"]), len(pages)

    assert asyncio.run(run()) == (10, zoho.records_per_module)


def test_a_hundred_concurrent_calls_keep_five_in_flight(zoho: Emulator) -> None:
    org = zoho.add_org()
    zoho.inject("latency", seconds=0.05, times=None)

    auth = oauth(zoho, zoho.register_client(org))

    async def run() -> list[zgql.Result]:
        async with zgql.AsyncClient(
            auth=auth,
            api_domain=zoho.base_url,
            org="hundred",
            retry=FAST,
        ) as crm:
            return list(await asyncio.gather(*(crm.execute(LEADS) for _ in range(100))))

    results = asyncio.run(run())
    assert len(results) == 100 and all(r.data for r in results)
    assert org.peak_in_flight == 5
    assert 429 not in statuses(zoho)
    assert auth.refreshes == 1  # one refresh for a hundred tasks


def test_sync_and_async_clients_of_one_org_share_the_slots(zoho: Emulator) -> None:
    org = zoho.add_org()
    zoho.inject("latency", seconds=0.05, times=None)
    credentials = zoho.register_client(org)
    sync_client = client(zoho, auth=oauth(zoho, credentials), org="shared")
    threads = [threading.Thread(target=sync_client.execute, args=(LEADS,)) for _ in range(10)]

    async def run() -> None:
        async with zgql.AsyncClient(
            auth=oauth(zoho, credentials), api_domain=zoho.base_url, org="shared", retry=FAST
        ) as crm:
            await asyncio.gather(*(crm.execute(LEADS) for _ in range(10)))

    for thread in threads:
        thread.start()
    asyncio.run(run())
    for thread in threads:
        thread.join()
    sync_client.close()
    assert org.peak_in_flight <= 5
    assert statuses(zoho).count(200) == 20


# -- secrets --------------------------------------------------------------------------------------------------


def test_secrets_stay_out_of_logs_reprs_and_errors(
    zoho: Emulator, caplog: pytest.LogCaptureFixture
) -> None:
    credentials = zoho.register_client()
    auth = oauth(zoho, credentials)
    caplog.set_level(logging.DEBUG)
    with client(zoho, auth=auth) as crm:
        crm.execute(LEADS)
        zoho.inject("expire-token")
        crm.execute(LEADS)
        zoho.inject("server-error", times=None)
        with pytest.raises(zgql.ServerError) as caught:
            crm.execute(LEADS)
        shown = " ".join(
            [
                caplog.text,
                repr(auth),
                repr(crm),
                str(caught.value),
                repr(caught.value),
                repr(auth.store),
                repr(credentials),
            ]
        )
    access = list(zoho.state.access_tokens)
    for secret in (credentials.client_secret, credentials.refresh_token, *access):
        assert secret not in shown


# -- the org's edition, and what the client tells the logs -----------------------------------------


def test_the_pool_follows_the_edition_and_licences(zoho: Emulator) -> None:
    token = zoho.issue_token()
    enterprise = zgql.Client(
        access_token=token, api_domain=zoho.base_url, edition="enterprise", licences=10
    )
    assert enterprise.core.daily_pool == 60_000  # 50,000 + 1,000 per licence
    assert enterprise.max_in_flight == 5  # GraphQL's limit, in every edition
    given = zgql.Client(access_token=token, api_domain=zoho.base_url, daily_credits=123)
    assert given.core.daily_pool == 123
    with pytest.raises(ValueError, match="unknown edition 'gold'"):
        zgql.Client(access_token=token, api_domain=zoho.base_url, edition="gold")


def test_log_events_carry_their_figures_and_no_secret(
    zoho: Emulator, caplog: pytest.LogCaptureFixture
) -> None:
    credentials = zoho.register_client()
    auth = oauth(zoho, credentials)
    caplog.set_level(logging.DEBUG, logger="zgql")
    with client(zoho, auth=auth, budget_per_day=1) as crm:
        zoho.inject("server-error", status=503, times=1)
        crm.execute(LEADS)
        with pytest.raises(zgql.QueryRejected):
            crm.execute(LEADS)
    events = {r.getMessage().split(" (")[0].split(" after")[0]: r for r in caplog.records}
    refreshed = events["zgql: access token refreshed"]
    assert refreshed.client_id == credentials.client_id  # type: ignore[attr-defined]
    retry = events["zgql: retrying"]
    assert (retry.org, retry.attempt) == (crm.org, 1)  # type: ignore[attr-defined]
    assert retry.wait >= 0  # type: ignore[attr-defined]
    refused = events["zgql: call refused before sending"]
    assert (refused.credits, refused.used) == (1, 1)  # type: ignore[attr-defined]
    logged = " ".join(f"{r.getMessage()} {r.__dict__}" for r in caplog.records)
    stored = auth.store.load(auth.key)
    assert stored is not None
    for secret in (credentials.client_secret, credentials.refresh_token, stored.access_token):
        assert secret not in logged
