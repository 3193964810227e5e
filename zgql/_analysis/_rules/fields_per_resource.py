from __future__ import annotations

from collections.abc import Iterator

from zgql._analysis._facts import OperationFacts
from zgql._analysis._rules._base import CostRule, diagnostic
from zgql._limits import Limits
from zgql._report import Diagnostic


class FieldsPerResourceRule(CostRule):
    """fields-per-resource: one record selection may select at most the configured number of fields.

    A record selection is a root module's ``_data``, a lookup's record, or a child relation's
    rows. Fields are distinct response keys after fragments are expanded; ``__typename`` does
    not count.
    """

    name = "fields-per-resource"
    statement = "one record selection may select at most {fields_per_resource} fields."

    def check(self, facts: OperationFacts, limits: Limits) -> Iterator[Diagnostic]:
        maximum = limits.fields_per_resource
        for selection in facts.selections:
            if selection.field_count > maximum:
                message = (
                    f"{selection.path} selects {selection.field_count} fields of "
                    f"{selection.type_name}; Zoho allows {maximum} per record: drop fields or "
                    "fetch the rest in a second query"
                )
                yield diagnostic(
                    self.name,
                    facts,
                    selection.node,
                    message,
                    path=selection.path,
                    value=selection.field_count,
                    limit=maximum,
                )
