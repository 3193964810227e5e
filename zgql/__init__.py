"""zgql: Zoho CRM GraphQL queries checked against a cached schema and Zoho's limits.

>>> import zgql
>>> report = zgql.analyze("{ Records { Leads { _data { id { value } } } } }")
>>> report.operations[0].credits
1
"""

from zgql._analysis._analyze import analyze
from zgql._exceptions import ConfigError, SchemaError, ZgqlError
from zgql._limits import Interpretations, Limits
from zgql._report import CostNode, Diagnostic, OperationReport, Report
from zgql._rules import RULE_NAMES
from zgql._schema import Schema, load_schema
from zgql._version import __version__

__all__ = [
    "RULE_NAMES",
    "ConfigError",
    "CostNode",
    "Diagnostic",
    "Interpretations",
    "Limits",
    "OperationReport",
    "Report",
    "Schema",
    "SchemaError",
    "ZgqlError",
    "__version__",
    "analyze",
    "load_schema",
]
