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

from collections.abc import Callable

from zgql._lint._result import CheckResult
from zgql._output import _explain, _github, _json, _sarif, _text
from zgql._output._statistics import render_statistics

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
    if format == "text":
        return _text.render(result, color=color, read_lines=read_lines or _text.read_file_lines)
    if format == "json":
        return _json.render(result)
    if format == "sarif":
        return _sarif.render(result)
    if format == "github":
        return _github.render(result)
    if format == "explain":
        return _explain.render(result)
    raise ValueError(f"unknown output format {format!r}; expected one of {', '.join(FORMATS)}")
