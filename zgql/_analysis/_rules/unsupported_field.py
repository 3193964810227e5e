from __future__ import annotations

from collections.abc import Iterator

from zgql._analysis._facts import OperationFacts
from zgql._analysis._rules._base import CostRule, diagnostic
from zgql._limits import Limits
from zgql._report import Diagnostic


class UnsupportedFieldRule(CostRule):
    """unsupported-field: no field whose data type Zoho's GraphQL API cannot return.

    Image and file uploads, rollup summaries, multi-date selects, territories, line items and
    pricing details, Calls' ``Call_Status`` / ``CTI_Entry``, Events' ``Participants``,
    ``Data_Processing_Basis``: the list is data, in ``zoho.toml``.
    """

    name = "unsupported-field"
    statement = "no field whose data type Zoho's GraphQL API cannot return."

    def check(self, facts: OperationFacts, limits: Limits) -> Iterator[Diagnostic]:
        for selection in facts.selections:
            for path, node, reason in selection.unsupported:
                message = f"{path.rsplit('.', 1)[-1]}: {reason}; remove it from the query"
                yield diagnostic(self.name, facts, node, message, path=path)
