from __future__ import annotations

from zgql._analysis._rules._base import Rule
from zgql._analysis._rules._names import VARIABLES


class VariablesRule(Rule):
    """variables: supplied variables must fit their declared types; required ones must be given.

    Judged only when the values are known (the client's pre-flight, ``zgql run``), per variable,
    with the schema's scalars: a value Zoho would refuse is caught before sending.
    """

    name = VARIABLES
    statement = "supplied variables must fit their declared types; required ones must be given."
