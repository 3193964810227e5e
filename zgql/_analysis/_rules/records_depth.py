from __future__ import annotations

from collections.abc import Iterator

from zgql._analysis._facts import OperationFacts, Resource
from zgql._analysis._rules._base import CostRule, diagnostic
from zgql._limits import Limits
from zgql._report import Diagnostic
from zgql._schema._index import Kind


class RecordsDepthRule(CostRule):
    """records-depth: no path may pass through more record resources than the configured limit.

    The root module is record level 1; each parent lookup, child relation or multi-module
    lookup entered adds one; wrappers (``Records``, ``_data``, ``value``) add nothing. One
    diagnostic for each resource that first crosses the limit.
    """

    name = "records-depth"
    statement = "no path may pass through more than {records_depth} record resources."

    def check(self, facts: OperationFacts, limits: Limits) -> Iterator[Diagnostic]:
        if facts.records_depth <= limits.records_depth:
            return
        stack = [r for r in facts.resources if r.kind is Kind.ROOT]
        while stack:
            resource = stack.pop()
            if resource.level > limits.records_depth:
                yield self._crossing(facts, resource, limits.records_depth)
            elif resource.depth > limits.records_depth:
                stack.extend(reversed(resource.children))

    def _crossing(self, facts: OperationFacts, resource: Resource, limit: int) -> Diagnostic:
        message = (
            f"records depth {resource.depth} exceeds {limit}: {resource.path} is record level "
            f"{resource.level} (the root module is 1, each lookup or child relation adds 1); "
            f"fetch {resource.path.rsplit('.', 1)[-1]} in a second query on its own module, "
            "using the ids this query returns"
        )
        return diagnostic(
            self.name,
            facts,
            resource.node,
            message,
            path=resource.path,
            value=resource.depth,
            limit=limit,
        )
