"""The language server costs ``zgql check`` nothing: its cold start imports none of it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

LOOKUP = "query Q { Records { Products { _data { Vendor_Name { Vendor_Name { value } } } } } }\n"


def test_check_imports_no_language_server_library(tmp_path: Path) -> None:
    """``zgql check``'s cold start pays nothing for the language server."""
    (tmp_path / "zgql.toml").write_text("")
    (tmp_path / "q.graphql").write_text(LOOKUP)
    code = (
        "import sys; from zgql._cli import main; status = main(['check', 'q.graphql']); "
        "print(status, sorted({m.split('.')[0] for m in sys.modules} "
        "& {'pygls', 'lsprotocol', 'cattrs', 'watchfiles', 'pytest_lsp'}))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])},
    )
    assert out.stdout.strip().splitlines()[-1] == "0 []"


def test_lsp_without_pygls_says_what_to_install(tmp_path: Path) -> None:
    code = (
        "import sys; sys.modules['pygls'] = None; from zgql._cli import main; "
        "sys.exit(main(['lsp']))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=False,
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])},
    )
    assert out.returncode == 2
    assert "pip install 'zgql[lsp]'" in out.stderr
