"""``zgql lsp``'s options, as argparse reads them."""

from __future__ import annotations

import pytest

from zgql._cli import main


def test_a_negative_debounce_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["lsp", "--debounce", "-5"])
    assert exited.value.code == 2
    assert "must be a whole number ≥ 0, not '-5'" in capsys.readouterr().err


def test_the_help_says_what_it_serves(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["lsp", "--help"])
    assert "--debounce MS" in capsys.readouterr().out
