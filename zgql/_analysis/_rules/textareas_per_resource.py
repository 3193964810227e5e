from __future__ import annotations

from collections.abc import Iterator

from zgql._analysis._facts import OperationFacts
from zgql._analysis._rules._base import CostRule, diagnostic
from zgql._limits import Limits
from zgql._report import Diagnostic


class TextareasPerResourceRule(CostRule):
    """textareas-per-resource: a record selection may hold no more textareas than configured.

    A textarea is a field whose Zoho data type is ``textarea`` (``Description``, ...).
    """

    name = "textareas-per-resource"
    statement = "one record selection may hold at most {textareas_per_resource} textareas."

    def check(self, facts: OperationFacts, limits: Limits) -> Iterator[Diagnostic]:
        maximum = limits.textareas_per_resource
        for selection in facts.selections:
            count = len(selection.textareas)
            if count <= maximum:
                continue
            names = ", ".join(path.rsplit(".", 1)[-1] for path, _ in selection.textareas)
            _, first_over = selection.textareas[maximum]
            message = (
                f"{selection.path} selects {count} textarea fields ({names}); Zoho allows "
                f"{maximum} per record: fetch the others in a second query"
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
