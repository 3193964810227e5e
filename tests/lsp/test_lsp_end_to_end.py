"""``zgql lsp`` end to end: a real client (pytest-lsp) starts the server as an editor does and
talks to it over stdio — initialise, open, change, hover, code lens, close, shut down."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from lsprotocol import types
from pytest_lsp import LanguageClient

pytestmark = pytest.mark.asyncio

DEEP = "query Deep { Records { Contacts { _data { Account_Name { Parent_Account { Owner { id { value } } } } } } } }\n"
FIXED = "query Deep { Records { Contacts { _data { Account_Name { Parent_Account { id { value } } } } } } }\n"
LOOKUP = "query Q { Records { Products { _data { Vendor_Name { Vendor_Name { value } id { value } } } } } }\n"
LOOKUP_LENS = "complexity 125 · 2 credits (1.25) · records depth 2/3 · metadata depth 0/7"
EMOJI = 'query Q { Records { Calls(where: { Subject: { equals: "😀 call" } }) { _data { Subject { value } Call_Status { value } } } } }\n'


async def open_document(client: LanguageClient, path: Path, text: str) -> list[types.Diagnostic]:
    """Open ``path`` holding ``text`` (unsaved: the file need not hold it) and wait for its
    diagnostics."""
    language = "python" if path.suffix == ".py" else "graphql"
    item = types.TextDocumentItem(uri=path.as_uri(), language_id=language, version=1, text=text)
    client.text_document_did_open(types.DidOpenTextDocumentParams(text_document=item))
    return await diagnostics_of(client, path)


async def change(
    client: LanguageClient, path: Path, version: int, text: str
) -> list[types.Diagnostic]:
    document = types.VersionedTextDocumentIdentifier(uri=path.as_uri(), version=version)
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=document,
            content_changes=[types.TextDocumentContentChangeWholeDocument(text=text)],
        )
    )
    return await diagnostics_of(client, path)


async def diagnostics_of(client: LanguageClient, path: Path) -> list[types.Diagnostic]:
    while True:
        published = await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        if published.uri == path.as_uri():
            return list(published.diagnostics)


async def hover(
    client: LanguageClient, path: Path, line: int, character: int
) -> types.Hover | None:
    return await client.text_document_hover_async(
        types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=path.as_uri()),
            position=types.Position(line=line, character=character),
        )
    )


def hover_text(answer: types.Hover | None) -> str:
    assert answer is not None
    assert isinstance(answer.contents, types.MarkupContent)
    return answer.contents.value


async def lenses(client: LanguageClient, path: Path) -> list[str]:
    found = await client.text_document_code_lens_async(
        types.CodeLensParams(text_document=types.TextDocumentIdentifier(uri=path.as_uri()))
    )
    return [lens.command.title for lens in found or [] if lens.command is not None]


def at(line: int, character: int) -> types.Position:
    return types.Position(line=line, character=character)


async def test_diagnostics_follow_the_buffer(client: LanguageClient, project: Path) -> None:
    path = project / "deep.graphql"
    (found,) = await open_document(client, path, DEEP)
    assert (found.code, found.source, found.severity) == (
        "records-depth",
        "zgql",
        types.DiagnosticSeverity.Error,
    )
    column = DEEP.index("Owner")
    assert (found.range.start, found.range.end) == (at(0, column), at(0, column + len("Owner")))
    assert "limit 3" in found.message or "3" in found.message

    assert await change(client, path, 2, FIXED) == []  # fixed: cleared
    assert [d.code for d in await change(client, path, 3, "query {")] == ["syntax"]
    client.text_document_did_close(
        types.DidCloseTextDocumentParams(
            text_document=types.TextDocumentIdentifier(uri=path.as_uri())
        )
    )
    assert await diagnostics_of(client, path) == []  # closed: cleared


async def test_changes_are_debounced(client: LanguageClient, project: Path) -> None:
    path = project / "q.graphql"
    await open_document(client, path, FIXED)
    for version, text in enumerate(["query {", "query { Rec", "query { Records {"], start=2):
        document = types.VersionedTextDocumentIdentifier(uri=path.as_uri(), version=version)
        client.text_document_did_change(
            types.DidChangeTextDocumentParams(
                text_document=document,
                content_changes=[types.TextDocumentContentChangeWholeDocument(text=text)],
            )
        )
    final = await change(client, path, 5, DEEP)
    assert [d.code for d in final] == ["records-depth"]  # one check, of the last text


async def test_hover_and_code_lens(client: LanguageClient, project: Path) -> None:
    path = project / "q.graphql"
    assert await open_document(client, path, LOOKUP) == []

    lookup = hover_text(await hover(client, path, 0, LOOKUP.index("Vendor_Name") + 3))
    assert "parent lookup" in lookup
    assert "25 points · 0.25 credits" in lookup
    assert "records depth: level 2 of 3" in lookup
    assert "complexity contribution 25 of the operation's 125 (limit 1000)" in lookup

    root = hover_text(await hover(client, path, 0, LOOKUP.index("Products")))
    assert "root resource" in root and "100 points · 1 credit of its own" in root
    assert "records depth: level 1 of 3" in root

    plain = hover_text(await hover(client, path, 0, LOOKUP.index("id {")))
    assert "plain field" in plain and "fields-per-resource" in plain

    answer = await hover(client, path, 0, LOOKUP.index("Vendor_Name"))
    assert answer is not None and answer.range is not None
    start = LOOKUP.index("Vendor_Name")
    assert (answer.range.start, answer.range.end) == (
        at(0, start),
        at(0, start + len("Vendor_Name")),
    )
    assert await hover(client, path, 0, 0) is None  # "query": nothing to say

    assert await lenses(client, path) == [LOOKUP_LENS]


async def test_metadata_hover(client: LanguageClient, project: Path) -> None:
    path = project / "meta.graphql"
    text = "query M { Meta { Modules { _data { api_name fields { _data { api_name } } } } } }\n"
    assert await open_document(client, path, text) == []
    modules = hover_text(await hover(client, path, 0, text.index("Modules")))
    assert "metadata resource" in modules and "metadata depth" in modules
    plain = hover_text(await hover(client, path, 0, text.index("api_name")))
    assert "plain field" in plain and "`metadata-depth`" in plain
    assert "fields-per-resource" not in plain  # a record selection's limit, not metadata's
    assert await lenses(client, path) == [
        "complexity 200 · 2 credits (2) · records depth 0/3 · metadata depth 6/7"
    ]


async def test_utf16_positions_past_an_emoji(client: LanguageClient, project: Path) -> None:
    path = project / "calls.graphql"
    (found,) = await open_document(client, path, EMOJI)
    assert found.code == "unsupported-field"
    # The emoji is one code point but two UTF-16 code units: the squiggle is one unit further.
    character = EMOJI.index("Call_Status") + 1
    assert found.range.start == at(0, character)
    assert found.range.end == at(0, character + len("Call_Status"))
    assert "Call_Status" in hover_text(await hover(client, path, 0, character + 2))


async def test_code_points_when_the_client_asks(
    utf32_client: LanguageClient, project: Path
) -> None:
    path = project / "calls.graphql"
    (found,) = await open_document(utf32_client, path, EMOJI)
    character = EMOJI.index("Call_Status")  # no extra unit for the emoji in utf-32
    assert found.range.start == at(0, character)
    assert "Call_Status" in hover_text(await hover(utf32_client, path, 0, character + 1))


async def test_python_positions_are_exact(client: LanguageClient, project: Path) -> None:
    path = project / "app.py"
    line = 'NOTE = "😀"; CALLS = gql("query Q { Records { Calls { _data { Subject { value } Call_Status { value } } } } }")\n'
    text = "from gql import gql\n\n" + line + "DEEP = gql('''\n" + DEEP + "''')\n"
    found = await open_document(client, path, text)
    assert [(d.code, d.range.start) for d in found] == [
        ("unsupported-field", at(2, line.index("Call_Status") + 1)),
        ("records-depth", at(4, DEEP.index("Owner"))),
    ]
    assert "Call_Status" in hover_text(await hover(client, path, 2, line.index("Call_Status") + 3))
    assert "parent lookup" in hover_text(await hover(client, path, 4, DEEP.index("Account_Name")))
    assert len(await lenses(client, path)) == 2


async def test_fragments_from_other_files(client: LanguageClient, project: Path) -> None:
    (project / "fragments.graphql").write_text(
        "fragment CallCore on Calls__data {\n  Subject { value }\n  Call_Status { value }\n}\n"
    )
    path = project / "calls.graphql"
    text = "query Q { Records { Calls { _data { ...CallCore } } } }\n"
    (found,) = await open_document(client, path, text)
    # Found in the other file, said on the operation that spreads it.
    assert found.code == "unsupported-field"
    assert found.message.startswith("in fragments.graphql:3:3: ")
    assert found.range.start == at(0, 0)
    # The other file fixed and saved: the editor says so, and the document is checked again.
    (project / "fragments.graphql").write_text(
        "fragment CallCore on Calls__data { Subject { value } }\n"
    )
    client.workspace_did_change_watched_files(
        types.DidChangeWatchedFilesParams(
            changes=[
                types.FileEvent(
                    uri=(project / "fragments.graphql").as_uri(), type=types.FileChangeType.Changed
                )
            ]
        )
    )
    assert await diagnostics_of(client, path) == []
    missing = await change(client, path, 2, text.replace("CallCore", "Nowhere"))
    assert [d.code for d in missing] == ["schema"]


async def test_the_server_asks_to_watch_query_files(client: LanguageClient) -> None:
    registrations = client.registrations  # type: ignore[attr-defined]
    for _ in range(100):  # sent once the server is initialised: give it its turn
        if registrations:
            break
        await asyncio.sleep(0.05)
    assert [r.method for r in registrations] == [types.WORKSPACE_DID_CHANGE_WATCHED_FILES]


async def test_the_configuration_counts(client: LanguageClient, project: Path) -> None:
    (project / "zgql.toml").write_text(
        "extend-exclude = ['generated/']\n[limits]\nrecords-depth = 2\n"
    )
    path = project / "q.graphql"
    assert [d.code for d in await open_document(client, path, LOOKUP)] == []
    three = "query T { Records { Contacts { _data { Account_Name { Parent_Account { id { value } } } } } } }\n"
    assert [d.code for d in await change(client, path, 2, three)] == ["records-depth"]
    assert "records depth 3/2" in (await lenses(client, path))[0]
    excluded = project / "generated" / "q.graphql"
    excluded.parent.mkdir()
    excluded.write_text(three)
    assert await open_document(client, excluded, three) == []  # as zgql check passes it


async def test_a_broken_configuration_is_a_diagnostic(
    client: LanguageClient, project: Path
) -> None:
    (project / "zgql.toml").write_text("no-such-key = 1\n")
    (found,) = await open_document(client, project / "q.graphql", LOOKUP)
    assert found.code == "zgql" and "no-such-key" in found.message


async def test_hover_in_a_fragment_spread_twice(client: LanguageClient, project: Path) -> None:
    path = project / "twice.graphql"
    text = (
        "query T { Records { a: Deals { _data { ...D } } b: Deals { _data { ...D } } } }\n"
        "fragment D on Deals__data { Account_Name { id { value } } }\n"
    )
    assert await open_document(client, path, text) == []
    said = hover_text(await hover(client, path, 1, text.splitlines()[1].index("Account_Name")))
    assert "parent lookup" in said and "counted 2 times" in said
