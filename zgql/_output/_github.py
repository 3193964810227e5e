"""The ``github`` format: GitHub Actions workflow commands, one per finding.

GitHub turns each ``::error``/``::warning`` line of a step's log into an annotation on the file
and line it names, in the pull request's diff and the run's summary::

    ::error file=examples/deals.graphql,line=13,col=9,title=lookups-per-resource::Records...

A last plain line sums the run up, as the ``text`` format does. Values are escaped as GitHub's
own toolkit (``@actions/core``) escapes them, so that a newline in a message cannot end the
command early nor a ``,`` or ``:`` in a file name end a property.
"""

from __future__ import annotations

from zgql._lint._result import CheckResult
from zgql._output._text import summary
from zgql._report import Diagnostic

__all__ = ["render"]


def render(result: CheckResult) -> str:
    return "".join(_command(finding) + "\n" for finding in result.findings) + summary(result) + "\n"


def _command(finding: Diagnostic) -> str:
    file, line, column = finding.place
    properties = {
        "file": file,
        "line": str(line),
        "col": str(column),
        "title": finding.rule,
    }
    listed = ",".join(f"{key}={_escape_property(value)}" for key, value in properties.items())
    return f"::{finding.severity} {listed}::{_escape_data(finding.message)}"


def _escape_data(text: str) -> str:
    # "%" first, or the "%" of the other escapes would be escaped again.
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")
