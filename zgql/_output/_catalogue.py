"""``zgql rules``: the rule catalogue as a person or a script reads it.

Each rule with its severity and its statement, which quotes the limits of the configuration in
force — what ``disable`` and ``# zgql: ignore[...]`` name, and what a finding's rule means.
"""

from __future__ import annotations

import json

from zgql._limits import Limits
from zgql._lint._rules import CATALOGUE

__all__ = ["render_catalogue"]


def render_catalogue(limits: Limits, format: str) -> str:  # noqa: A002 - the option's name
    """Every rule, in ``text`` (a line each) or ``json`` (a list of objects)."""
    rules = [(rule.name, rule.severity, rule.describe(limits)) for rule in CATALOGUE]
    if format == "json":
        described = [
            {"name": name, "severity": severity, "description": description}
            for name, severity, description in rules
        ]
        return json.dumps(described, indent=2, ensure_ascii=False) + "\n"
    width = max(len(name) for name, _, _ in rules)
    return "".join(
        f"{name:<{width}}  {severity:<7}  {description}\n" for name, severity, description in rules
    )
