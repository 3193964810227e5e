"""The client's policy core, with no I/O: retry decisions and the reading of answers."""

from __future__ import annotations

import json
import random

import pytest

import zgql
from zgql._client._core import ClientCore, Prepared

NEVER_RETRIED = [
    zgql.QueryValidationError("x"),
    zgql.LimitExceeded("x"),
    zgql.FeatureNotEnabled("x"),
    zgql.FeatureNotSupported("x"),
    zgql.MandatoryNotFound("x"),
    zgql.ScopeMismatch("x"),
    zgql.InvalidToken("x"),
    zgql.AuthenticationFailed("x"),
    zgql.NoPermission("x"),
    zgql.InvalidUrl("x"),
    zgql.OAuthError("x"),
    ValueError("x"),
]
RETRIED = [
    zgql.RateLimited("x"),
    zgql.ServerError("x"),
    zgql.ProtocolError("x"),
    zgql.ConnectionFailed("x"),
]


@pytest.mark.parametrize("error", NEVER_RETRIED, ids=lambda e: type(e).__name__)
def test_what_cannot_succeed_unchanged_is_not_retried(error: Exception) -> None:
    assert zgql.RetryPolicy().delay(error, 1, 0.0, random.Random(0)) is None


@pytest.mark.parametrize("error", RETRIED, ids=lambda e: type(e).__name__)
def test_full_jitter_within_the_exponential_cap(error: Exception) -> None:
    policy = zgql.RetryPolicy(attempts=10, base_seconds=0.5, cap_seconds=4, total_seconds=1000)
    rng = random.Random(7)
    for attempt, ceiling in [(1, 0.5), (2, 1.0), (3, 2.0), (4, 4.0), (8, 4.0)]:
        delays = [policy.delay(error, attempt, 0.0, rng) for _ in range(200)]
        assert all(d is not None and 0 <= d <= ceiling for d in delays)
        assert max(d for d in delays if d is not None) > ceiling * 0.8  # full jitter spreads


def test_attempts_and_total_time_are_capped() -> None:
    policy = zgql.RetryPolicy(attempts=3, base_seconds=1, cap_seconds=1, total_seconds=10)
    error = zgql.ServerError("x")
    assert policy.delay(error, 2, 0.0, random.Random(0)) is not None
    assert policy.delay(error, 3, 0.0, random.Random(0)) is None  # the third try was the last
    assert policy.delay(error, 1, 10.0, random.Random(0)) is None  # no time left to wait


def test_retry_after_is_honoured() -> None:
    policy = zgql.RetryPolicy(base_seconds=0.01, cap_seconds=0.01, total_seconds=100)
    assert policy.delay(zgql.RateLimited("x", retry_after=7), 1, 0.0, random.Random(0)) == 7
    assert policy.delay(zgql.RateLimited("x", retry_after=700), 1, 0.0, random.Random(0)) is None


def core() -> ClientCore:
    return ClientCore(
        zgql.load_schema(),
        zgql.Limits(),
    )


LEADS = "{ Records { Leads { _data { id { value } } } } }"


def prepared() -> Prepared:
    return core().prepare(LEADS, None, None)


@pytest.mark.parametrize(
    ("status", "headers", "body", "error", "said"),
    [
        (503, {}, b"<html>Service Unavailable</html>", zgql.ServerError, "not Zoho's JSON"),
        (200, {}, b'{"data": {"Records": {"Lea', zgql.ProtocolError, "not Zoho's JSON"),
        (200, {}, b"[]", zgql.ProtocolError, "not Zoho's JSON"),
        (
            401,
            {},
            b'{"code": "INVALID_OAUTHTOKEN", "details": {}, "message": "invalid oauth token", "status": "error"}',
            zgql.InvalidToken,
            "invalid oauth token",
        ),
        (
            429,
            {"Retry-After": "12"},
            b'{"code": "TOO_MANY_REQUESTS", "details": {}, "message": "slow down", "status": "error"}',
            zgql.RateLimited,
            "slow down",
        ),
        (
            400,
            {},
            b'{"code": "INVALID_DATA", "details": {"api_name": "x"}, "message": "bad", "status": "error"}',
            zgql.ZohoError,
            "HTTP 400 INVALID_DATA: bad",
        ),
        (
            200,
            {},
            b'{"errors": [{"message": "maximum query depth exceeded 4 > 3"}], "data": null}',
            zgql.LimitExceeded,
            "maximum query depth exceeded",
        ),
    ],
)
def test_answers_become_typed_errors(
    status: int, headers: dict[str, str], body: bytes, error: type[Exception], said: str
) -> None:
    with pytest.raises(error) as caught:
        core().interpret(status, headers, body, prepared())
    assert said in str(caught.value)
    assert type(caught.value) is error
    if isinstance(caught.value, zgql.RateLimited):
        assert caught.value.retry_after == 12


def test_a_result_says_what_remains() -> None:
    client_core = core()
    result = client_core.interpret(
        200,
        {"X-API-CREDITS-REMAINING": "41"},
        b'{"data": {"a": 1}}',
        client_core.prepare(LEADS, None, None),
    )
    assert (result.data, result.credits, result.credits_remaining) == ({"a": 1}, 1, 41)
    assert client_core.remaining(result.headers) == 41


def test_what_a_call_is_charged() -> None:
    call = prepared()
    assert ClientCore.charged(None, call) == 1  # answered with data
    assert ClientCore.charged(zgql.ZohoError("x", data={"a": 1}), call) == 1  # data beside errors
    assert ClientCore.charged(zgql.RateLimited("x"), call) == 0  # refused
    assert ClientCore.charged(zgql.ConnectionFailed("x"), call) == 0  # never answered


LOCATED = '"locations": [{"line": 1, "column": 13}]'
FETCHING = f'"message": "Exception while fetching data (/Records/Leads) : timed out", {LOCATED}'


@pytest.mark.parametrize(
    "body",
    [
        # An error with a path happened while executing: Zoho ran the query, beside the data.
        f'{{"data": {{"Records": {{"Leads": null}}}}, "errors": [{{{FETCHING}, "path": ["Records", "Leads"]}}]}}',
        f'{{"data": null, "errors": [{{{FETCHING}, "path": ["Records", "Leads"]}}]}}',
        # Data came, so the document was valid and executed, whatever the error lacks.
        f'{{"data": {{"Records": {{"Leads": null}}}}, "errors": [{{{FETCHING}}}]}}',
    ],
    ids=["path-and-data", "path-without-data", "data-without-path"],
)
def test_execution_errors_are_not_schema_drift(body: str) -> None:
    with pytest.raises(zgql.ZohoError) as caught:
        core().interpret(200, {}, body.encode(), prepared())
    assert type(caught.value) is zgql.ZohoError
    assert "zgql schema pull" not in str(caught.value)
    assert ".data" in str(caught.value)
    assert caught.value.data == json.loads(body)["data"]


def test_an_error_with_neither_path_nor_data_is_still_schema_drift() -> None:
    body = f'{{"errors": [{{"message": "Field \'Nickname\' is undefined", {LOCATED}}}]}}'
    with pytest.raises(zgql.QueryValidationError, match="zgql schema pull"):
        core().interpret(200, {}, body.encode(), prepared())


def test_several_operations_say_how_to_choose_one() -> None:
    two = "query A { Records { Leads { _data { id { value } } } } } query B { Records { Deals { _data { id { value } } } } }"
    with pytest.raises(zgql.QueryRejected) as caught:
        core().prepare(two, None, None)
    assert "operation_name=" in str(caught.value) and "--operation NAME" in str(caught.value)
