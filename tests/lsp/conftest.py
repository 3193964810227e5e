"""A real language client (pytest-lsp, on pygls) driving ``zgql lsp`` in its own process over
standard input and output, as an editor does; the server stops with each test."""

from __future__ import annotations

import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities

REPO = Path(__file__).resolve().parents[2]
# The worktree's zgql, whatever the working folder; a short debounce keeps the tests quick.
START = "import sys; sys.path.insert(0, {!r}); from zgql._cli import main; sys.exit(main({!r}))"
SERVER = [sys.executable, "-c", START.format(str(REPO), ["lsp", "--debounce", "50"])]


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A project with a configuration of its own (so nothing above the folder counts)."""
    (tmp_path / "zgql.toml").write_text("")
    return tmp_path


@pytest_lsp.fixture(config=ClientServerConfig(server_command=SERVER))  # type: ignore[untyped-decorator]
async def client(lsp_client: LanguageClient, project: Path) -> AsyncIterator[None]:
    registrations: list[types.Registration] = []

    @lsp_client.feature(types.CLIENT_REGISTER_CAPABILITY)  # type: ignore[untyped-decorator]
    def register(params: types.RegistrationParams) -> None:  # as an editor accepts a watcher
        registrations.extend(params.registrations)

    lsp_client.registrations = registrations  # type: ignore[attr-defined]
    params = types.InitializeParams(
        capabilities=client_capabilities("visual-studio-code"),
        root_uri=project.as_uri(),
        workspace_folders=[types.WorkspaceFolder(uri=project.as_uri(), name="project")],
    )
    await lsp_client.initialize_session(params)
    yield
    await lsp_client.shutdown_session()


@pytest_lsp.fixture(config=ClientServerConfig(server_command=SERVER))  # type: ignore[untyped-decorator]
async def utf32_client(lsp_client: LanguageClient, project: Path) -> AsyncIterator[None]:
    """A client that counts characters in code points (LSP 3.17's utf-32), as Neovim can."""
    capabilities = client_capabilities("neovim")
    capabilities.general = types.GeneralClientCapabilities(
        position_encodings=[types.PositionEncodingKind.Utf32]
    )
    params = types.InitializeParams(capabilities=capabilities, root_uri=project.as_uri())
    result = await lsp_client.initialize_session(params)
    assert result.capabilities.position_encoding == types.PositionEncodingKind.Utf32
    yield
    await lsp_client.shutdown_session()
