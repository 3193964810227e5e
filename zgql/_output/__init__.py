"""The output formats of ``zgql check``: one ``CheckResult`` in, one string out.

``text`` is for people at a terminal, ``json`` for scripts, ``sarif`` for code-scanning services,
``github`` for annotations in a GitHub Actions log, and ``explain`` for where each operation's
cost comes from (it needs the cost trees: ``run_check(..., breakdowns=True)``). Each format
lives in its own module and reads nothing but the ``CheckResult`` (and, for ``text``, the lines
of the files it quotes).

The formats read rules from the catalogue (``zgql._lint._rules``): the JSON and SARIF reports
describe each rule of their findings with its statement, quoting the limits the run judged by.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable

from zgql._lint._result import CheckResult

__all__ = ["FORMATS", "render", "render_statistics"]

FORMATS: tuple[str, ...] = ("text", "json", "sarif", "github", "explain")


def render(
    result: CheckResult,
    format: str,  # noqa: A002 -- the name the command-line option and its callers use
    *,
    color: bool = False,
    read_lines: Callable[[str], list[str] | None] | None = None,
) -> str:
    """``result`` in ``format``, one of ``FORMATS``; ends with a newline.

    ``color`` and ``read_lines`` concern ``text`` only: ANSI colours, and how to get a file's
    lines for the source excerpts (by default, read it from disk as UTF-8; ``None`` when it
    cannot be read, and then no excerpt is shown).
    """
    if format not in FORMATS:
        raise ValueError(f"unknown output format {format!r}; expected one of {', '.join(FORMATS)}")
    # Only the format asked for is imported: a cold ``zgql check`` pays for one, not five.
    module = importlib.import_module(f"zgql._output._{format}")
    if format == "text":
        lines = read_lines or module.read_file_lines
        return str(module.render(result, color=color, read_lines=lines))
    return str(module.render(result))


def render_statistics(result: CheckResult, format: str) -> str:  # noqa: A002 - the option's name
    """The number of findings per rule (``zgql check --statistics``), as ``text`` or ``json``."""
    from zgql._output._statistics import render_statistics as statistics  # noqa: PLC0415

    return statistics(result, format)
