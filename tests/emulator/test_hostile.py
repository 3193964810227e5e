"""The emulator under inputs no client of good faith sends: huge documents, deep JSON, wrong
types, odd bytes. Each gets a clear Zoho-shaped answer, never a bare 500, and the server stays
up and answers everyone else meanwhile."""

from __future__ import annotations

import asyncio
import time
from typing import Any

import httpx
import pytest

from zgql.testing import Emulator

TINY = "{ Records { Leads(limit: 1) { _data { id { value } } } } }"
LEADS = "{ Records { Leads { _data { id { value } } } } }"


def aliased(size: int) -> str:
    """A document of about ``size`` bytes: long aliases of one field, under the token bound."""
    alias = "a" * 100
    count = size // (len(alias) + 22)
    fields = " ".join(f"{alias}{i:06d}: id {{ value }}" for i in range(count))
    return f"{{ Records {{ Leads {{ _data {{ {fields} }} }} }} }}"


def body(query: str) -> bytes:
    return b'{"query": "' + query.encode() + b'"}'


def document_size(response: httpx.Response) -> dict[str, Any]:
    """The one error of a refused oversized document; the answer a syntax error has."""
    assert response.status_code == 200
    answer = response.json()
    assert "data" not in answer
    (error,) = answer["errors"]
    assert error["extensions"]["classification"] == "InvalidSyntax"
    assert error["extensions"]["rule"] == "document-size"
    assert isinstance(error["extensions"]["limit"], int)
    return dict(error)


def zoho_error(response: httpx.Response) -> tuple[int, str, dict[str, Any]]:
    answer = response.json()
    assert set(answer) == {"code", "details", "message", "status"}
    assert answer["status"] == "error"
    return response.status_code, answer["code"], answer["details"]


def still_serving(zoho: Emulator) -> None:
    response = httpx.post(zoho.graphql_url, headers=zoho.auth_header(), json={"query": TINY})
    assert response.status_code == 200
    assert "errors" not in response.json()


# -- big documents ------------------------------------------------------------------------------


def test_a_big_document_holds_up_no_one(zoho_emulator: Emulator) -> None:
    heavy_org = zoho_emulator.add_org()
    heavy_headers = zoho_emulator.auth_header(zoho_emulator.issue_token(heavy_org))
    headers = zoho_emulator.auth_header()
    big = body(aliased(900_000))  # under both bounds: analysed in full, ~0.6 s of work each
    over = body("{ " + "x" * 4_000_000 + " }")  # a body under the cap, a document over the bound
    far_over = body("{ " + "x" * 10_000_000 + " }")  # a body over the cap: never parsed
    assert 850_000 < len(big) < 1_048_576

    async def timed(client: httpx.AsyncClient, content: bytes, **kw: Any) -> tuple[Any, float]:
        started = time.monotonic()
        response = await client.post(zoho_emulator.graphql_url, content=content, **kw)
        return response, time.monotonic() - started

    async def run() -> tuple[list[tuple[Any, float]], list[float]]:
        async with httpx.AsyncClient(timeout=60) as client:
            heavy = [
                asyncio.create_task(timed(client, content, headers=heavy_headers))
                for content in (big, big, big, over, far_over)
            ]
            await asyncio.sleep(0.05)
            small: list[float] = []
            while not all(task.done() for task in heavy) or not small:
                response, seconds = await timed(client, body(TINY), headers=headers)
                assert response.status_code == 200
                assert "errors" not in response.json()
                small.append(seconds)
            return await asyncio.gather(*heavy), small

    heavy, small = asyncio.run(run())
    *bigs, (over_answer, over_s), (far_answer, far_s) = heavy
    assert max(small) < 0.5, small
    for answer, _ in bigs:
        assert answer.status_code == 200  # analysed: too many fields for Zoho, not too big
        assert answer.json()["errors"][0]["extensions"]["rule"] == "fields-per-resource"
    assert document_size(over_answer)["extensions"]["value"] > 4_000_000
    far = document_size(far_answer)["extensions"]
    assert far["value"] == len(far_over)
    assert far["limit"] < len(far_over)
    assert over_s < 2 and far_s < 2, (over_s, far_s)
    calls = {c.code for c in zoho_emulator.calls if c.org_id == heavy_org.id}
    assert calls == {None}  # answered, as GraphQL answers are, without a Zoho code


def test_a_document_over_the_token_bound_is_refused_the_same_way(zoho_emulator: Emulator) -> None:
    query = "{ Records { Leads { _data { " + "id { value } " * 20_000 + "} } } }"
    response = httpx.post(
        zoho_emulator.graphql_url, headers=zoho_emulator.auth_header(), json={"query": query}
    )
    assert document_size(response)["extensions"]["limit"] == 50_000


# -- deep JSON --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "content",
    [
        b"[" * 100_000,
        b"[" * 100_000 + b"]" * 100_000,
        b'{"query": "{ __typename }", "variables": {"a": '
        + b"[" * 100_000
        + b"]" * 100_000
        + b"}}",
        b'{"query": "{ __typename }", "variables": ' + b'{"a": ' * 100_000 + b"1" + b"}" * 100_001,
    ],
    ids=["open", "closed", "variables-list", "variables-object"],
)
def test_deeply_nested_json_is_invalid_data(zoho_emulator: Emulator, content: bytes) -> None:
    response = httpx.post(
        zoho_emulator.graphql_url, headers=zoho_emulator.auth_header(), content=content
    )
    not_json = httpx.post(
        zoho_emulator.graphql_url, headers=zoho_emulator.auth_header(), content=b"{nope"
    )
    assert zoho_error(response) == zoho_error(not_json) == (400, "INVALID_DATA", {})
    assert response.json()["message"] == not_json.json()["message"]
    still_serving(zoho_emulator)
