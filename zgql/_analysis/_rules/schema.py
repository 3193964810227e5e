from __future__ import annotations

from zgql._analysis._rules._base import Rule
from zgql._analysis._rules._names import SCHEMA


class SchemaRule(Rule):
    """schema: the document must validate against the schema (graphql-core's standard rules).

    Each error is attributed to the operations it concerns; an operation that does not validate
    is not analysed further.
    """

    name = SCHEMA
    statement = "the document must validate against the schema (graphql-core's standard rules)."
