"""The output formats of ``zgql check``: one ``CheckResult`` in, one string out.

``text`` is for people at a terminal, ``json`` for scripts, ``sarif`` for code-scanning services
and ``github`` for annotations in a GitHub Actions log. Each format lives in its own module and
reads nothing but the ``CheckResult`` (and, for ``text``, the lines of the files it quotes).

Importing this package stays light on purpose: it imports no GraphQL, HTTP or JSON-Schema
library of its own (the SARIF format reads the rule descriptions, which need graphql-core, only
when it renders), so the formats do not tie the linter's front end to the analysis.
"""

from __future__ import annotations

from collections.abc import Callable

from zgql._lint._result import CheckResult
from zgql._output import _github, _json, _sarif, _text

__all__ = ["FORMATS", "render"]

FORMATS: tuple[str, ...] = ("text", "json", "sarif", "github")


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
    raise ValueError(f"unknown output format {format!r}; expected one of {', '.join(FORMATS)}")
