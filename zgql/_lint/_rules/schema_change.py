from __future__ import annotations

from zgql._analysis._rules._base import Rule


class SchemaChangeRule(Rule):
    """schema-change: an operation fine under the old schema must stay fine under the new one.

    Judged by ``zgql check --compare-schema OLD``: an operation that breaks under the new schema
    is an error; one that costs more under it is a warning.
    """

    name = "schema-change"
    statement = "an operation fine under the old schema must not break under the new one."
