from __future__ import annotations

from collections.abc import Iterator

from zgql._analysis._facts import OperationFacts
from zgql._analysis._rules._base import CostRule, diagnostic
from zgql._limits import Limits
from zgql._report import Diagnostic


class MetadataDepthRule(CostRule):
    """metadata-depth: the metadata part may not nest deeper than the configured limit.

    By default (Model M1) depth is GraphQL field nesting with ``Meta`` at 1 and leaf fields
    counted; with the ``resources`` interpretation (Model M2) it is the priced ``_Meta``
    resources on the deepest path. The diagnostic points at the deepest field.
    """

    name = "metadata-depth"
    statement = "the metadata part may not nest deeper than {metadata_depth}."

    def check(self, facts: OperationFacts, limits: Limits) -> Iterator[Diagnostic]:
        if facts.metadata_depth <= limits.metadata_depth or facts.deepest_meta is None:
            return
        path, node = facts.deepest_meta
        message = (
            f"metadata depth {facts.metadata_depth} exceeds {limits.metadata_depth} at {path}; "
            "select fewer nested levels, or query the nested resource on its own with a filter"
        )
        yield diagnostic(
            self.name,
            facts,
            node,
            message,
            path=path,
            value=facts.metadata_depth,
            limit=limits.metadata_depth,
        )
