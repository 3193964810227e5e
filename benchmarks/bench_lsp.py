"""How fast ``zgql lsp`` answers an editor, driven through a real client over stdio.

    python benchmarks/bench_lsp.py [--rounds 200] [--files 2000]

A project of ``--files`` generated files (benchmarks/bench_check.py's tree: fragments defined
in one file and spread in others) plus the examples. The server runs in its own process with
``--debounce 0``, so that what is timed is its work, not the pause it waits for by design (200
ms by default). For each typical document — a ``.graphql`` file of two operations, a Python file
with two embedded queries, a ``.graphql`` file that spreads a fragment defined in another file —
the client times, ``--rounds`` times each:

- diagnostics after a change: ``didChange`` sent until its ``publishDiagnostics`` arrives;
- hover on a lookup field of the checked text;
- hover and code lens right after a change (the check made on the spot, then the answer);
- opening each document after start-up (the one that spreads a fragment waits for the
  project's fragment index, which the server builds in the background from start-up).

Baseline, in the same run and process: the same check through ``zgql check --stdin-filename``
in-process (``zgql._lint._command.check``, text format, no lint cache), which loads the
schema from memory and walks the project for fragments as the command does. Also timed: start-up
(process start to the first document's diagnostics). Prints median and p99 of each, and the
ratio of each median to the baseline's.
"""

from __future__ import annotations

import argparse
import asyncio
import io
import os
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities

from zgql._config import load_config
from zgql._lint._command import CheckOptions, check

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
from _stats import percentile  # noqa: E402 - the benchmarks folder is not a package
from bench_check import make_tree  # noqa: E402

SPREADING = (
    "query Spreading {\n  Records {\n"
    "    Leads(limit: 10) { _data { ...LeadCore Owner { email { value } } } }\n  }\n}\n"
)


def row(label: str, samples: list[float], baseline: float | None = None) -> None:
    ratio = f"   ratio {statistics.median(samples) / baseline:5.2f}" if baseline else ""
    print(
        f"  {label:52} median {statistics.median(samples) * 1e3:7.2f} ms   "
        f"p99 {percentile(samples, 0.99) * 1e3:7.2f} ms{ratio}"
    )


class Session:
    """One client, one server process, the documents it has open."""

    def __init__(self, client: LanguageClient) -> None:
        self.client = client
        self.versions: dict[str, int] = {}

    async def open(self, path: Path, text: str) -> None:
        uri = path.as_uri()
        self.versions[uri] = 1
        language = "python" if path.suffix == ".py" else "graphql"
        item = types.TextDocumentItem(uri=uri, language_id=language, version=1, text=text)
        self.client.text_document_did_open(types.DidOpenTextDocumentParams(text_document=item))
        await self.diagnostics(uri)

    def change(self, path: Path, text: str) -> None:
        uri = path.as_uri()
        self.versions[uri] += 1
        document = types.VersionedTextDocumentIdentifier(uri=uri, version=self.versions[uri])
        change = types.TextDocumentContentChangeWholeDocument(text=text)
        self.client.text_document_did_change(
            types.DidChangeTextDocumentParams(text_document=document, content_changes=[change])
        )

    async def diagnostics(self, uri: str) -> None:
        while True:
            published = await asyncio.wait_for(
                self.client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS), 30
            )
            if published.uri == uri:
                return

    async def after_change(
        self, path: Path, text: str, request: Callable[[], Awaitable[object]]
    ) -> float:
        """Change the document, then time ``request`` (answered from a check made on the spot);
        the diagnostics the change brings are awaited too, listened for before they can come."""
        published = asyncio.ensure_future(self.diagnostics(path.as_uri()))
        await asyncio.sleep(0)  # the listener is in place
        self.change(path, text)
        elapsed = await timed(request)
        await published
        return elapsed

    async def hover(self, path: Path, line: int, character: int) -> object:
        return await self.client.text_document_hover_async(
            types.HoverParams(
                text_document=types.TextDocumentIdentifier(uri=path.as_uri()),
                position=types.Position(line=line, character=character),
            )
        )

    async def lenses(self, path: Path) -> object:
        return await self.client.text_document_code_lens_async(
            types.CodeLensParams(text_document=types.TextDocumentIdentifier(uri=path.as_uri()))
        )


async def timed(action: Callable[[], Awaitable[object]]) -> float:
    start = time.perf_counter()
    await action()
    return time.perf_counter() - start


def edited(text: str, round_: int) -> str:
    """The text with a comment line added (GraphQL and Python alike): a real change, the same
    queries."""
    return f"{text}# edit {round_}\n"


def baseline(path: Path, text: str, project: Path, rounds: int) -> list[float]:
    """The same check through ``zgql check --stdin-filename`` in this process."""
    config = load_config(start=project)
    options = CheckOptions(stdin_filename=path, use_cache=False, quiet=True)
    samples = []
    for round_ in range(rounds):
        data = io.TextIOWrapper(io.BytesIO(edited(text, round_).encode()), encoding="utf-8")
        start = time.perf_counter()
        check(options, config, stdin=data, stdout=io.StringIO(), stderr=io.StringIO())
        samples.append(time.perf_counter() - start)
    return samples


def documents(project: Path) -> list[tuple[str, Path, str, tuple[int, int]]]:
    """(label, path, text, a position on a lookup field) of each typical document."""
    deals = (project / "deals.graphql").read_text()
    python = (project / "crm_sync.py").read_text()
    (project / "spreading.graphql").write_text(SPREADING)
    return [
        (".graphql, 2 operations", project / "deals.graphql", deals, _on(deals, "Account_Name")),
        (".py, 2 embedded queries", project / "crm_sync.py", python, _on(python, "Deal_Name")),
        (
            ".graphql spreading a fragment of another file",
            project / "spreading.graphql",
            SPREADING,
            _on(SPREADING, "Owner"),
        ),
    ]


def _on(text: str, word: str) -> tuple[int, int]:
    index = text.index(word)
    line = text.count("\n", 0, index)
    return line, index - (text.rfind("\n", 0, index) + 1) + 2


async def measure_document(
    session: Session, label: str, path: Path, text: str, position: tuple[int, int], rounds: int
) -> None:
    line, character = position
    base = baseline(path, text, path.parent, rounds)
    answer = await session.hover(path, line, character)
    assert answer is not None, f"no hover at {line}:{character} of {path.name}"
    after_change, hover, hover_changed, lens_changed = [], [], [], []
    for round_ in range(rounds):
        session.change(path, edited(text, round_))
        after_change.append(await timed(lambda: session.diagnostics(path.as_uri())))
        hover.append(await timed(lambda: session.hover(path, line, character)))
    for round_ in range(rounds):
        changed = edited(text, rounds + round_)
        hover_changed.append(
            await session.after_change(path, changed, lambda: session.hover(path, line, character))
        )
        changed = edited(text, 2 * rounds + round_)
        lens_changed.append(await session.after_change(path, changed, lambda: session.lenses(path)))
    median = statistics.median(base)
    print(f"{label} ({rounds} rounds)")
    row("baseline: zgql check --stdin-filename, in-process", base)
    row("diagnostics after a change", after_change, median)
    row("hover on a field (text already checked)", hover, median)
    row("hover right after a change (check + hover)", hover_changed, median)
    row("code lens right after a change (check + lens)", lens_changed, median)
    print()


async def measure(project: Path, rounds: int) -> None:
    server = [sys.executable, "-m", "zgql", "lsp", "--debounce", "0"]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    started = time.perf_counter()
    client = await ClientServerConfig(server_command=server, server_env=env).start()
    assert isinstance(client, LanguageClient)

    @client.feature(types.CLIENT_REGISTER_CAPABILITY)  # type: ignore[untyped-decorator]
    def register(_params: types.RegistrationParams) -> None:  # an editor accepts the watcher
        return None

    params = types.InitializeParams(
        capabilities=client_capabilities("visual-studio-code"), root_uri=project.as_uri()
    )
    await client.initialize_session(params)
    session = Session(client)
    typical = documents(project)
    await session.open(typical[0][1], typical[0][2])
    print(f"start-up to the first diagnostics: {(time.perf_counter() - started) * 1e3:.0f} ms")
    # The last document spreads another file's fragment: it waits for the project's index,
    # built in the background since start-up. Then every figure is of the steady state.
    for label, path, text, _ in typical[1:]:
        opened = await timed(lambda: session.open(path, text))  # noqa: B023 - awaited here
        print(f"then open {label}: {opened * 1e3:.0f} ms to its diagnostics")
    print()
    for label, path, text, position in typical:
        await measure_document(session, label, path, text, position, rounds)
    await client.shutdown_session()
    await client.stop()  # type: ignore[no-untyped-call]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=200)
    parser.add_argument("--files", type=int, default=2000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        project = Path(scratch) / "project"
        project.mkdir()
        os.environ["ZGQL_CACHE_DIR"] = str(Path(scratch) / "schema-cache")
        (project / "zgql.toml").write_text("")
        for example in (ROOT / "examples").iterdir():
            shutil.copy(example, project)
        (project / "tree").mkdir()
        make_tree(project / "tree", args.files)
        shutil.move(project / "tree" / "fragments.graphql", project / "fragments.graphql")
        os.chdir(project)
        print(f"a project of {args.files} generated files and the examples\n")
        asyncio.run(measure(project, args.rounds))


if __name__ == "__main__":
    main()
