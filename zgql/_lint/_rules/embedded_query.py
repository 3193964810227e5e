from __future__ import annotations

from zgql._analysis._rules._base import Rule


class EmbeddedQueryRule(Rule):
    """embedded-query: a query embedded in Python must be a plain string literal to be analysed.

    A warning, not an error: a query built at run time (an f-string, a concatenation, a call)
    may well be fine; zgql only says that it could not read it.
    """

    name = "embedded-query"
    severity = "warning"
    statement = "a query embedded in Python must be a plain string literal to be analysed."
