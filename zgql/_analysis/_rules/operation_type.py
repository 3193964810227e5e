from __future__ import annotations

from typing import TYPE_CHECKING

from zgql._analysis._rules._base import Rule, position
from zgql._report import Diagnostic

if TYPE_CHECKING:
    from graphql import OperationDefinitionNode


class OperationTypeRule(Rule):
    """operation-type: Zoho's GraphQL API answers queries only; no mutation, no subscription.

    Judged per operation before validation; an operation it rejects is not analysed further.
    """

    name = "operation-type"
    statement = "Zoho's GraphQL API answers queries only; no mutation, no subscription."

    def check(self, operation: OperationDefinitionNode) -> Diagnostic | None:
        if operation.operation.value == "query":
            return None
        kind = operation.operation.value
        name = operation.name.value if operation.name else None
        line, column = position(operation)
        message = (
            f"{kind} {name or '(anonymous)'}: Zoho CRM's GraphQL API answers queries only; "
            "use the REST API to change records"
        )
        return Diagnostic(rule=self.name, message=message, line=line, column=column, operation=name)
