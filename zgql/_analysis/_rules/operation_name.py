from __future__ import annotations

from zgql._analysis._rules._base import Rule
from zgql._analysis._rules._names import OPERATION_NAME


class OperationNameRule(Rule):
    """operation-name: an operation name asked for must name an operation of the document.

    Judged when a caller names the operation to run (``operation_name``, ``--operation``).
    """

    name = OPERATION_NAME
    statement = "an operation name asked for must name an operation of the document."
