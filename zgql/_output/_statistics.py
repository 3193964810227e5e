"""``zgql check --statistics``: how many findings each rule has, instead of the findings.

Text is a line a rule, the most frequent first, then the summary of the ``text`` format::

       3  records-depth
       1  embedded-query (warning)
    Found 3 errors and 1 warning in 5 files.

JSON is a list of ``{"rule", "severity", "count"}`` objects in the same order.
"""

from __future__ import annotations

import json
from collections import Counter

from zgql._lint._result import CheckResult
from zgql._output._text import summary

__all__ = ["render_statistics"]


def render_statistics(result: CheckResult, format: str) -> str:  # noqa: A002 - the option's name
    """The counts of ``result``'s findings per rule and severity, as ``text`` or ``json``."""
    counts = Counter((finding.rule, finding.severity) for finding in result.findings)
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    if format == "json":
        rows = [{"rule": rule, "severity": severity, "count": n} for (rule, severity), n in ranked]
        return json.dumps(rows, indent=2) + "\n"
    width = len(str(ranked[0][1])) if ranked else 1
    lines = [
        f"{n:>{width + 3}}  {rule}{' (warning)' if severity == 'warning' else ''}"
        for (rule, severity), n in ranked
    ]
    return "".join(line + "\n" for line in lines) + summary(result) + "\n"
