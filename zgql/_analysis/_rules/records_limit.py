from __future__ import annotations

from collections.abc import Iterator

from zgql._analysis._facts import OperationFacts
from zgql._analysis._rules._base import CostRule, diagnostic
from zgql._limits import Limits
from zgql._report import Diagnostic


class RecordsLimitRule(CostRule):
    """records-limit: a known ``limit`` must be within the configured bounds.

    A ``limit`` given by a variable with no known value is not checked.
    """

    name = "records-limit"
    statement = (
        "a known `limit` must be 1–{root_records} on a root module, "
        "1–{child_records} on a child relation."
    )

    def check(self, facts: OperationFacts, limits: Limits) -> Iterator[Diagnostic]:
        for argument in facts.limits:
            maximum = limits.root_records if argument.on_root else limits.child_records
            value = argument.value
            if not isinstance(value, int) or 1 <= value <= maximum:
                continue
            where = "a root module" if argument.on_root else "a child relation"
            message = (
                f"limit {value} on {argument.path}: Zoho returns 1 to {maximum} records on "
                f"{where}; use limit ≤ {maximum} and page with offset"
            )
            yield diagnostic(
                self.name,
                facts,
                argument.node,
                message,
                path=argument.path,
                value=value,
                limit=maximum,
            )
