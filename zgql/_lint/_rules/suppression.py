from __future__ import annotations

from zgql._analysis._rules._base import Rule


class SuppressionRule(Rule):
    """suppression: an inline ``# zgql: ignore[rule]`` must name known rules and give a reason.

    One that silences nothing is reported too, as a warning, so that suppressions stay few and
    explained.
    """

    name = "suppression"
    statement = "an inline '# zgql: ignore[rule]' must name known rules and give a reason."
