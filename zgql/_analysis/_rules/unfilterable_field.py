from __future__ import annotations

from collections.abc import Iterator

from zgql._analysis._facts import OperationFacts
from zgql._analysis._rules._base import CostRule, diagnostic
from zgql._limits import Limits
from zgql._report import Diagnostic


class UnfilterableFieldRule(CostRule):
    """unfilterable-field: no ``where`` on a field Zoho cannot filter by.

    Textarea, tax, tag and autonumber fields, encrypted fields, external ids, and the single
    fields Zoho names (Services' ``Status``, ...).
    """

    name = "unfilterable-field"
    statement = "no `where` on a field Zoho cannot filter by."

    def check(self, facts: OperationFacts, limits: Limits) -> Iterator[Diagnostic]:
        for argument in facts.filters:
            for field, reason, node in argument.unfilterable:
                message = (
                    f"where on {field} of {argument.path}: {reason}; filter on another field "
                    "and check this one in your code"
                )
                yield diagnostic(self.name, facts, node, message, path=f"{argument.path}.{field}")
