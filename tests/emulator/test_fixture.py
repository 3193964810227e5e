"""The fixture zgql ships, used as the README shows it."""

from __future__ import annotations

import httpx

from zgql.testing import Emulator


def test_lists_leads(zoho_emulator: Emulator) -> None:  # the README's example, as written
    token = zoho_emulator.issue_token()
    response = httpx.post(
        zoho_emulator.graphql_url,
        headers={"Authorization": f"Zoho-oauthtoken {token}"},
        json={"query": "{ Records { Leads(limit: 5) { _data { Full_Name { value } } } } }"},
    )
    assert len(response.json()["data"]["Records"]["Leads"]["_data"]) == 5


def test_each_test_gets_it_reset(zoho_emulator: Emulator) -> None:
    assert zoho_emulator.calls == []
    zoho_emulator.inject("server-error", times=None)
    zoho_emulator.advance(10_000)


def test_and_the_next_one_too(zoho_emulator: Emulator) -> None:
    assert zoho_emulator.calls == []
    token = zoho_emulator.issue_token()
    response = httpx.post(
        zoho_emulator.graphql_url,
        headers={"Authorization": f"Zoho-oauthtoken {token}"},
        json={"query": "{ Records { Leads(limit: 1) { _data { id { value } } } } }"},
    )
    assert response.status_code == 200
