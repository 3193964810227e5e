"""Hostile buffers and project files: each yields diagnostics, and the server goes on
answering (the same server, in the same test, after all of them)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from lsprotocol import types
from pytest_lsp import LanguageClient

from .test_lsp_end_to_end import LOOKUP, hover, hover_text, lenses, open_document

pytestmark = pytest.mark.asyncio

HOSTILE = {
    "nested.graphql": "query {" + "{" * 100_000,
    "nested_fields.graphql": "query { Records { Leads { _data { "
    + "a { " * 5000
    + "}" * 5000
    + "} } } }",
    "nested_lists.graphql": "query { Records { Leads(where: "
    + "[" * 20_000
    + "]" * 20_000
    + ") { _data { id { value } } } } }",
    "nested.py": "Q = gql('query { Records }')\n" + "(" * 100_000,
    "nested_query.py": "gql('''" + "{" * 100_000 + "''')",
    "control.graphql": "query \x00 { Records \x1b }",
    "surrogate.graphql": "query Q { Records { Leads { _data { id { value } } } } } # \ud800\n{",
    "huge.graphql": "# " + "x" * 1_100_000 + "\nquery { Records }",
}


async def test_hostile_documents_yield_diagnostics(client: LanguageClient, project: Path) -> None:
    codes = {}
    for name, text in HOSTILE.items():
        found = await open_document(client, project / name, text)
        assert found, name
        assert all(d.source == "zgql" for d in found)
        codes[name] = [d.code for d in found]
        await hover(client, project / name, 0, 10)  # answered (an error would raise here)
        await lenses(client, project / name)
    assert codes["huge.graphql"] == ["document-size"]
    assert codes["nested.py"] == ["embedded-query"]
    good = project / "good.graphql"
    assert await open_document(client, good, LOOKUP) == []
    assert "parent lookup" in hover_text(await hover(client, good, 0, LOOKUP.index("Vendor_Name")))


async def test_hostile_project_files(client: LanguageClient, project: Path) -> None:
    (project / "latin1.graphql").write_bytes(b"fragment F on Leads__data { id { value } } # \xff\n")
    os.mkfifo(project / "fifo.graphql")  # would block a reader that opened it
    (project / "loop.graphql").symlink_to(project / "loop.graphql")
    path = project / "q.graphql"
    found = await open_document(client, path, "query Q { Records { Leads { _data { ...F } } } }\n")
    assert [d.code for d in found] == ["schema"]  # Unknown fragment: its file is not UTF-8
    assert await open_document(client, project / "ok.graphql", LOOKUP) == []


async def test_a_document_outside_the_checked_suffixes(
    client: LanguageClient, project: Path
) -> None:
    path = project / "notes.txt"
    item = types.TextDocumentItem(uri=path.as_uri(), language_id="plaintext", version=1, text="{")
    client.text_document_did_open(types.DidOpenTextDocumentParams(text_document=item))
    assert await hover(client, path, 0, 0) is None
    assert await open_document(client, project / "ok.graphql", LOOKUP) == []
    assert list(client.diagnostics[path.as_uri()]) == []  # nothing to say on it
