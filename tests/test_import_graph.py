"""The import graph runs one way: data → schema → analysis → (configuration, lint and output |
client and coordination | the emulator and zgql.testing) → the command line. A module imports only from its
own layer and the layers before it; the groups of one layer do not import each other."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "zgql"

# Layer, then group within the layer: each top-level module or package of zgql.
LAYERS: dict[str, tuple[int, str]] = {
    **dict.fromkeys(
        (
            "_version",
            "_exceptions",
            "_cost_table",
            "_service",
            "_files",
            "_window",
            "_user_cache",
            "_limits",
            "_report",
        ),
        (0, "data"),
    ),
    "_schema": (1, "schema"),
    "_analysis": (2, "analysis"),
    **dict.fromkeys(("_config", "_lint", "_output"), (3, "lint")),
    **dict.fromkeys(("_client", "_coordination"), (3, "client")),
    **dict.fromkeys(("_emulator", "testing"), (3, "emulator")),
    **dict.fromkeys(("_cli", "__main__", "_pytest_plugin", "__init__", "_lsp"), (4, "face")),
}


def _owner(path: Path) -> str:
    relative = path.relative_to(PACKAGE)
    return relative.parts[0].removesuffix(".py")


def _imported(tree: ast.Module) -> set[str]:
    """The zgql top-level parts a module imports, wherever the import statement stands."""
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("zgql."):
            found.add(node.module.split(".")[1])
        elif isinstance(node, ast.ImportFrom) and node.module == "zgql":
            found.add("__init__")
        elif isinstance(node, ast.Import):
            found.update(a.name.split(".")[1] for a in node.names if a.name.startswith("zgql."))
    return found


def test_every_module_has_a_layer() -> None:
    owners = {_owner(path) for path in PACKAGE.rglob("*.py")}
    assert owners - set(LAYERS) == set()
    assert set(LAYERS) - owners == set()  # no layer for a module that is gone


def test_imports_go_one_way() -> None:
    wrong: list[str] = []
    for path in sorted(PACKAGE.rglob("*.py")):
        owner = _owner(path)
        layer, group = LAYERS[owner]
        for target in sorted(_imported(ast.parse(path.read_text(encoding="utf-8"))) - {owner}):
            their_layer, their_group = LAYERS[target]
            if their_layer > layer or (their_layer == layer and their_group != group):
                wrong.append(f"{path.relative_to(PACKAGE)} imports zgql.{target}")
    assert wrong == []
