from __future__ import annotations

from collections.abc import Iterator

from zgql._analysis._facts import OperationFacts
from zgql._analysis._rules._base import CostRule, diagnostic
from zgql._limits import Limits
from zgql._report import Diagnostic


class LookupsPerResourceRule(CostRule):
    """lookups-per-resource: a record selection may hold at most the configured number of relations.

    Relations are parent lookups (user lookups included), child relations and multi-module
    lookups. The diagnostic points at the first relation over the limit.
    """

    name = "lookups-per-resource"
    statement = "one record selection may hold at most {lookups_per_resource} relations."

    def check(self, facts: OperationFacts, limits: Limits) -> Iterator[Diagnostic]:
        maximum = limits.lookups_per_resource
        for selection in facts.selections:
            count = len(selection.relations)
            if count <= maximum:
                continue
            names = ", ".join(path.rsplit(".", 1)[-1] for path, _, _ in selection.relations)
            _, first_over, _ = selection.relations[maximum]
            message = (
                f"{selection.path} selects {count} lookups and child relations ({names}); Zoho "
                f"allows {maximum} per record: move some into a second query"
            )
            yield diagnostic(
                self.name,
                facts,
                first_over,
                message,
                path=selection.path,
                value=count,
                limit=maximum,
            )
