"""``zgql lsp``: the language server, on pygls, over standard input and output.

Diagnostics come from the check of the open buffer as ``zgql check`` would run it, debounced:
published ``debounce`` seconds after the last change (at once when a document opens), one
check per document at a time, the newest text winning. Hover and code lenses read the check
of the document's current version, made on the spot when the debounce has not run it yet.
Everything runs on the server's one event-loop thread: no locks, and a check is milliseconds.

The editor's text is untrusted like any checked file: whatever it holds yields diagnostics; an
unexpected failure is logged to the editor and leaves the server running.
"""

from __future__ import annotations

import asyncio
import gc
import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.uris import to_fs_path

from zgql._limits import Limits
from zgql._lsp._hover import describe, figures_line, target_at
from zgql._lsp._positions import Lines, Place, Span
from zgql._lsp._project import CHECKED_SUFFIXES, Checked, Workspace
from zgql._report import Diagnostic
from zgql._version import __version__

__all__ = ["ZgqlServer", "make_server"]

DEFAULT_DEBOUNCE = 0.2  # seconds: a pause in typing, not a wait after it
_SEVERITY = {"error": types.DiagnosticSeverity.Error, "warning": types.DiagnosticSeverity.Warning}
# What a check reads besides the document: query files (fragments), configurations, schemas.
_WATCHED = (
    "**/*.{graphql,gql,py}",
    "**/{zgql,pyproject}.toml",
    "**/*.{introspection,metadata}.json",
)
_log = logging.getLogger(__name__)


class ZgqlServer(LanguageServer):
    """The server's state: the workspace's projects, each open document's latest check, and
    the debounced checks waiting to run."""

    def __init__(self, debounce: float) -> None:
        # Full text on each change: pygls applies incremental edits by str.splitlines(), which
        # also breaks lines at form feeds and U+2028; the protocol (and zgql) do not.
        super().__init__(
            "zgql", __version__, text_document_sync_kind=types.TextDocumentSyncKind.Full
        )
        self.debounce = debounce
        self.projects = Workspace(Path.cwd())
        self.checks: dict[str, tuple[int | None, Checked]] = {}
        self.pending: dict[str, asyncio.Task[None]] = {}

    # -- checking -------------------------------------------------------------------------------

    def current(self, uri: str) -> Checked | None:
        """The check of the document's current text (made now if the last one is older)."""
        path = _path(uri)
        if path is None:
            return None
        document = self.workspace.get_text_document(uri)
        known = self.checks.get(uri)
        if known is not None and known[0] == document.version:
            return known[1]
        checked = self.projects.check(path, _sound(document.source))
        self.checks[uri] = (document.version, checked)
        return checked

    def schedule(self, uri: str, delay: float) -> None:
        """Publish ``uri``'s diagnostics after ``delay`` seconds, unless it changes again."""
        waiting = self.pending.pop(uri, None)
        if waiting is not None:
            waiting.cancel()
        self.pending[uri] = asyncio.get_running_loop().create_task(self._publish_later(uri, delay))

    async def _publish_later(self, uri: str, delay: float) -> None:
        await asyncio.sleep(delay)
        self.pending.pop(uri, None)
        self.publish(uri)

    def publish(self, uri: str) -> None:
        """Check the document now and publish what was found (nothing: it is clean)."""
        version = self.workspace.get_text_document(uri).version
        try:
            checked = self.current(uri)
            found = [] if checked is None else diagnostics(checked, self.encoding)
        except Exception as exc:  # noqa: BLE001 - a hostile buffer must not stop the server
            _log.exception("zgql: checking %s failed", uri)
            found = [_problem_diagnostic(f"zgql could not check this document: {exc!r}")]
        self.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(uri=uri, diagnostics=found, version=version)
        )

    def forget(self, uri: str) -> None:
        waiting = self.pending.pop(uri, None)
        if waiting is not None:
            waiting.cancel()
        self.checks.pop(uri, None)
        self.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(uri=uri, diagnostics=[])
        )

    def files_changed(self, paths: list[Path]) -> None:
        """Files changed on disk: what the projects keep of them is re-read, and every open
        document checked again (a fragment it spreads may be among them)."""
        self.projects.changed(paths)
        self.checks.clear()
        for uri in list(self.workspace.text_documents):
            self.schedule(uri, self.debounce)

    @property
    def encoding(self) -> str:
        """The position encoding agreed at initialisation: "utf-16", "utf-8" or "utf-32"."""
        agreed = self.workspace.position_encoding or types.PositionEncodingKind.Utf16
        return str(getattr(agreed, "value", agreed))


def diagnostics(checked: Checked, encoding: str) -> list[types.Diagnostic]:
    """A check's findings as the editor's diagnostics, positions in the agreed encoding."""
    if checked.problem is not None:
        return [_problem_diagnostic(f"zgql could not check this file: {checked.problem}")]
    lines = Lines(checked.text, encoding)
    return [_diagnostic(finding, lines) for finding in checked.findings]


def _diagnostic(finding: Diagnostic, lines: Lines) -> types.Diagnostic:
    _, line, column = finding.place
    return types.Diagnostic(
        range=_range(lines.word(line, column)),
        message=finding.message,
        severity=_SEVERITY.get(finding.severity, types.DiagnosticSeverity.Error),
        code=finding.rule,
        source="zgql",
    )


def _problem_diagnostic(message: str) -> types.Diagnostic:
    start = types.Position(line=0, character=0)
    return types.Diagnostic(
        range=types.Range(start=start, end=start),
        message=message,
        severity=types.DiagnosticSeverity.Error,
        code="zgql",
        source="zgql",
    )


def code_lenses(checked: Checked, encoding: str) -> list[types.CodeLens]:
    """One lens per operation, on its first line: its figures against the limits."""
    lines = Lines(checked.text, encoding)
    limits = checked.limits or Limits()
    lenses = []
    for operation in checked.operations:
        start = lines.to_editor(operation.line, operation.column)
        title = figures_line(operation, limits)
        lenses.append(
            types.CodeLens(
                range=_range(Span(start, start)),
                command=types.Command(title=title, command=""),
            )
        )
    return lenses


def hover(checked: Checked, position: types.Position, encoding: str) -> types.Hover | None:
    lines = Lines(checked.text, encoding)
    line, column = lines.from_editor(Place(position.line, position.character))
    target = target_at(checked, line, column)
    text = describe(checked, target) if target is not None else None
    if target is None or text is None:
        return None
    span = Span(
        lines.to_editor(target.line, target.column), lines.to_editor(target.line, target.end_column)
    )
    return types.Hover(
        contents=types.MarkupContent(kind=types.MarkupKind.Markdown, value=text),
        range=_range(span),
    )


def _range(span: Span) -> types.Range:
    return types.Range(
        start=types.Position(line=span.start.line, character=span.start.character),
        end=types.Position(line=span.end.line, character=span.end.character),
    )


def _path(uri: str) -> Path | None:
    """The file a document stands for; None when it is no file zgql checks."""
    if not uri.startswith("file:"):
        return None
    path = to_fs_path(uri)
    return Path(path) if path and Path(path).suffix in CHECKED_SUFFIXES else None


def _sound(text: str) -> str:
    """The text with any lone surrogate (JSON may carry one) as '?': one code point for one,
    so every position stays where it was, and the text encodes as UTF-8 like a file."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return text.encode("utf-8", "replace").decode("utf-8")
    return text


def make_server(debounce: float = DEFAULT_DEBOUNCE) -> ZgqlServer:
    """The server with its features registered."""
    server = ZgqlServer(debounce)
    for method, handler in _FEATURES.items():
        server.feature(method)(handler)
    return server


def _initialized(ls: ZgqlServer, _params: types.InitializedParams) -> None:
    root = ls.workspace.root_path
    # The fragment index of each project is built on pygls's thread pool (shut down with it).
    ls.projects = Workspace(Path(root).resolve() if root else Path.cwd(), ls.thread_pool)
    _watch(ls)
    _warm(ls)


async def _did_open(ls: ZgqlServer, params: types.DidOpenTextDocumentParams) -> None:
    ls.schedule(params.text_document.uri, 0)


async def _did_change(ls: ZgqlServer, params: types.DidChangeTextDocumentParams) -> None:
    ls.schedule(params.text_document.uri, ls.debounce)


async def _did_save(ls: ZgqlServer, params: types.DidSaveTextDocumentParams) -> None:
    path = _path(params.text_document.uri)
    if path is not None:
        ls.files_changed([path])


async def _did_close(ls: ZgqlServer, params: types.DidCloseTextDocumentParams) -> None:
    ls.forget(params.text_document.uri)


async def _watched(ls: ZgqlServer, params: types.DidChangeWatchedFilesParams) -> None:
    paths = [to_fs_path(change.uri) for change in params.changes]
    ls.files_changed([Path(path) for path in paths if path])


def _hover(ls: ZgqlServer, params: types.HoverParams) -> types.Hover | None:
    try:
        checked = ls.current(params.text_document.uri)
        return None if checked is None else hover(checked, params.position, ls.encoding)
    except Exception:  # noqa: BLE001 - no hover is better than a server that stops
        _log.exception("zgql: hover in %s failed", params.text_document.uri)
        return None


def _code_lens(ls: ZgqlServer, params: types.CodeLensParams) -> list[types.CodeLens]:
    try:
        checked = ls.current(params.text_document.uri)
        return [] if checked is None else code_lenses(checked, ls.encoding)
    except Exception:  # noqa: BLE001 - no lens is better than a server that stops
        _log.exception("zgql: code lens in %s failed", params.text_document.uri)
        return []


_FEATURES: dict[str, Callable[..., Any]] = {
    types.INITIALIZED: _initialized,
    types.TEXT_DOCUMENT_DID_OPEN: _did_open,
    types.TEXT_DOCUMENT_DID_CHANGE: _did_change,
    types.TEXT_DOCUMENT_DID_SAVE: _did_save,
    types.TEXT_DOCUMENT_DID_CLOSE: _did_close,
    types.WORKSPACE_DID_CHANGE_WATCHED_FILES: _watched,
    types.TEXT_DOCUMENT_HOVER: _hover,
    types.TEXT_DOCUMENT_CODE_LENS: _code_lens,
}


def _warm(ls: ZgqlServer) -> None:
    """Load the workspace's schema and build graphql-core's from it now, so that the first
    keystroke is answered as fast as the next (hover needs graphql-core's schema too); then
    set what is loaded aside from the garbage collector, whose full passes over the schema's
    objects otherwise stall an answer now and then by tens of milliseconds."""
    try:
        project = ls.projects.project(ls.projects.root / "warm-up.graphql")
        _ = project.schema.graphql_schema
    except Exception:  # noqa: BLE001 - said again, on the document, at its first check
        _log.warning("zgql: the workspace's configuration or schema does not load")
    gc.freeze()


def _watch(ls: ZgqlServer) -> None:
    """Ask the editor to report changes to query, configuration and schema files, when it can:
    a fragment moved to another file, or a changed schema, changes every open document."""
    capabilities: Any = ls.client_capabilities.workspace
    watched = getattr(capabilities, "did_change_watched_files", None)
    if not getattr(watched, "dynamic_registration", False):
        return
    options = types.DidChangeWatchedFilesRegistrationOptions(
        watchers=[types.FileSystemWatcher(glob_pattern=glob) for glob in _WATCHED]
    )
    registration = types.Registration(
        id="zgql-watched-files",
        method=types.WORKSPACE_DID_CHANGE_WATCHED_FILES,
        register_options=options,
    )
    answer = ls.client_register_capability(types.RegistrationParams(registrations=[registration]))
    # An editor that refuses only loses the watching: saves are still heard (didSave).
    answer.add_done_callback(lambda done: done.exception())
