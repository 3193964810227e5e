"""``zgql lsp`` where pygls is not installed: exit 2 and what to install, not a traceback.

(That ``zgql check`` imports none of the server's libraries is held in tests/lint/test_check.py.)"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


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
