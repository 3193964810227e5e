"""What the output-format tests share: one hand-built result, the files it quotes, golden files.

``REPORT`` holds every case a format must get right — several files, errors and a warning, an
excerpt under tabs and one under wide characters, a fractional figure, a budget, a message and a
file name full of characters that need escaping, a file that cannot be read. ``EMPTY`` is a run
where everything passed.

Golden files (``tests/output/golden/``) hold the exact expected output. After an intended change
of a format, regenerate them and review the difference before committing::

    ZGQL_UPDATE_GOLDEN=1 python -m pytest tests/output
    git diff tests/output/golden
"""

from __future__ import annotations

import os
from fractions import Fraction
from pathlib import Path

from zgql._lint._result import CheckResult, OperationFigures
from zgql._report import Diagnostic

HERE = Path(__file__).parent
GOLDEN = HERE / "golden"

DEALS = "examples/deals.graphql"
LEADS = "examples/leads.graphql"
ODD = "queries/odd, name: 100%.graphql"  # ",", ":" and "%" must be escaped in file= and URIs
SYNC = "scripts/sync.py"
FRAGMENTS = "shared/fragments.graphql"  # not among SOURCES: it cannot be read, so no excerpt

SOURCES: dict[str, list[str]] = {
    DEALS: [
        "# Deals with their people, for the weekly report.",
        "query DealsReport {",
        "  Records {",
        "    Deals(limit: 100) {",
        "      _data {",
        "        Deal_Name { value }",
        "        Account_Name { Account_Name { value } }",
        "        Contact_Name { Full_Name { value } }",
        "        Owner { email { value } }",
        "        Amount { value }",
        "        Campaign_Source { Campaign_Name { value } }",
        "        Vendor_Name { Vendor_Name { value } }",
        "        Modified_By { email { value } }",
        "      }",
        "    }",
        "  }",
        "}",
    ],
    LEADS: [
        "query RecentLeads {",
        '  Records { Leads(where: {City: {equals: "Zürich—東京"}}, limit: 500) {',
        "    _data { Last_Name { value } }",
        "  } }",
        "}",
    ],
    ODD: ["{ Records { Deals { _data { Amount% { value } } } } }"],
    SYNC: [
        "from crm import client, build_query",
        "",
        "def sync(modules):",
        "\tfor module in modules:",
        "\t\tquery = build_query(module)",
        "\t\tclient.execute(query)",
    ],
}

REPORT = CheckResult(
    findings=(
        Diagnostic(
            file=DEALS,
            line=2,
            column=1,
            rule="budget",
            message="DealsReport costs 5/4 credits (2 charged); its budget is 1 credit",
            value=Fraction(5, 4),
            limit=1,
            operation="DealsReport",
        ),
        Diagnostic(
            file=DEALS,
            line=13,
            column=9,
            rule="lookups-per-resource",
            message=(
                "Records.Deals._data selects 6 lookups (Account_Name, Contact_Name, Owner, "
                "Campaign_Source, Vendor_Name, Modified_By); Zoho allows 5 per record: "
                "move some into a second query"
            ),
            path="Records.Deals._data",
            value=6,
            limit=5,
            operation="DealsReport",
        ),
        Diagnostic(
            file=LEADS,
            line=2,
            column=SOURCES[LEADS][1].index("limit") + 1,
            rule="records-limit",
            message="Records.Leads asks for limit 500; Zoho allows 1–100 on a root module",
            path="Records.Leads",
            value=500,
            limit=100,
            operation="RecentLeads",
        ),
        Diagnostic(
            file=ODD,
            line=1,
            column=SOURCES[ODD][0].index("%") + 1,
            rule="syntax",
            message='Syntax Error: Unexpected character: "%".\nNames hold letters, digits and "_": no "%", "," or ":".',
        ),
        Diagnostic(
            file=SYNC,
            line=5,
            column=11,
            rule="embedded-query",
            severity="warning",
            message="the query is built by a call, not written as a string literal: zgql cannot analyse it",
        ),
        Diagnostic(
            file=FRAGMENTS,
            line=3,
            column=1,
            rule="fragment-conflict",
            message='fragment "DealFields" is defined differently in examples/deals.graphql',
        ),
    ),
    operations=(
        OperationFigures(
            file=DEALS,
            line=2,
            column=1,
            name="DealsReport",
            complexity=125,
            credits=2,
            credits_exact=Fraction(5, 4),
            records_depth=2,
            metadata_depth=0,
            budget=1,
        ),
        OperationFigures(
            file="examples/meta.graphql",
            line=1,
            column=1,
            name=None,
            complexity=50,
            credits=1,
            credits_exact=Fraction(1, 2),
            records_depth=0,
            metadata_depth=4,
        ),
        OperationFigures(
            file=LEADS,
            line=1,
            column=1,
            name="RecentLeads",
            complexity=100,
            credits=1,
            credits_exact=Fraction(1),
            records_depth=1,
            metadata_depth=0,
        ),
    ),
    files_checked=7,
    schema_origin="bundled",
)

EMPTY = CheckResult(findings=(), operations=(), files_checked=4, schema_origin="bundled")


def fake_read_lines(file: str) -> list[str] | None:
    """The lines of the files ``REPORT`` quotes, without touching the disk."""
    return SOURCES.get(file)


def assert_golden(actual: str, name: str) -> None:
    """``actual`` is exactly ``golden/<name>``; with ``ZGQL_UPDATE_GOLDEN=1``, write it there."""
    path = GOLDEN / name
    # Bytes, not text mode: newline translation would hide a "\r" or a missing final newline.
    if os.environ.get("ZGQL_UPDATE_GOLDEN") == "1":
        path.write_bytes(actual.encode("utf-8"))
    assert path.read_bytes().decode("utf-8") == actual
