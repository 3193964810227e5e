from __future__ import annotations

from zgql._analysis._rules._base import Rule


class BaselineRule(Rule):
    """baseline: with a cost baseline, no operation may cost more than it records.

    An operation whose credits or complexity grew since the baseline is an error; one the
    baseline does not know is a warning (``--update-baseline`` records it). Findings the
    baseline records are not reported again.
    """

    name = "baseline"
    statement = "no operation may cost more credits or complexity than the baseline records."
