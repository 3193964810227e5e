"""The README's editor section says what the server does: its settings start ``zgql lsp``, and
its code lens example is the lens the server draws (asserted end to end)."""

from __future__ import annotations

import json
import re
from pathlib import Path

from .test_lsp_end_to_end import LOOKUP_LENS

README = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
SECTION = README[
    README.index("## In the editor: `zgql lsp`") : README.index("## Use it as a client")
]


def _block(language: str) -> str:
    found = re.search(rf"```{language}\n(.*?)```", SECTION, re.DOTALL)
    assert found is not None
    return found[1]


def test_the_vs_code_settings_start_the_server() -> None:
    settings = json.loads(_block("json"))
    assert [settings["glspc.server.command"], *settings["glspc.server.commandArguments"]] == [
        "zgql",
        "lsp",
    ]
    assert set(settings["glspc.server.languageId"]) == {"graphql", "python"}


def test_the_neovim_configuration_starts_the_server() -> None:
    assert 'cmd = { "zgql", "lsp" }' in _block("lua")


def test_the_code_lens_shown_is_the_servers() -> None:
    assert f"`{LOOKUP_LENS}`" in SECTION
