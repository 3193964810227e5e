from __future__ import annotations

from zgql._analysis._rules._base import Rule
from zgql._analysis._rules._names import SYNTAX


class SyntaxRule(Rule):
    """syntax: the document must be GraphQL text that parses.

    Judged first, by the parser; a document that does not parse has no other finding.
    """

    name = SYNTAX
    statement = "the document must be GraphQL text that parses."
