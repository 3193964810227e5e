from __future__ import annotations

from collections.abc import Iterator

from zgql._analysis._facts import OperationFacts
from zgql._analysis._rules._base import CostRule, diagnostic
from zgql._limits import Limits
from zgql._report import Diagnostic
from zgql._schema._index import Kind

_CHILD_KINDS = frozenset({Kind.CHILD_RELATION, Kind.MULTI_MODULE_LOOKUP})


class ChildNotAtRootRule(CostRule):
    """child-not-at-root: child relations and multi-module lookups only in a root's ``_data``.

    Subforms, multi-select and multi-user lookups, related lists and multi-module lookups may
    be selected directly in the root module's records, not inside a lookup or a child row.
    """

    name = "child-not-at-root"
    statement = "child relations and multi-module lookups only in a root's `_data`."

    def check(self, facts: OperationFacts, limits: Limits) -> Iterator[Diagnostic]:
        for selection in facts.selections:
            if selection.at_root:
                continue
            for path, node, spec in selection.relations:
                if spec.kind in _CHILD_KINDS:
                    field = path.rsplit(".", 1)[-1]
                    message = (
                        f"{field} ({spec.kind.value}) is selected inside {selection.path}; Zoho "
                        "allows child fields only in a root module's _data: query "
                        f"{selection.type_name.removesuffix('__data')} at the root to get it"
                    )
                    yield diagnostic(self.name, facts, node, message, path=path)
