"""The cost rules of docs/cost-model.md §4, one per module, each named after its file.

``syntax``, ``schema``, ``operation-type`` and ``variables`` are judged before the walk, by the
analysis itself; the rules here judge the facts of one operation that validated.
"""

from zgql._analysis._rules._base import Rule
from zgql._analysis._rules._names import (
    BUDGET,
    DOCUMENT_SIZE,
    EMBEDDED_QUERY,
    FRAGMENT_CONFLICT,
    OPERATION_NAME,
    SCHEMA,
    SUPPRESSION,
    SYNTAX,
    VARIABLES,
)
from zgql._analysis._rules.child_not_at_root import ChildNotAtRootRule
from zgql._analysis._rules.complexity import ComplexityRule
from zgql._analysis._rules.credits import CreditsRule
from zgql._analysis._rules.fields_per_resource import FieldsPerResourceRule
from zgql._analysis._rules.filter_criteria import FilterCriteriaRule
from zgql._analysis._rules.lookups_per_resource import LookupsPerResourceRule
from zgql._analysis._rules.metadata_depth import MetadataDepthRule
from zgql._analysis._rules.operation_type import OperationTypeRule
from zgql._analysis._rules.records_depth import RecordsDepthRule
from zgql._analysis._rules.records_limit import RecordsLimitRule
from zgql._analysis._rules.textareas_per_resource import TextareasPerResourceRule
from zgql._analysis._rules.unfilterable_field import UnfilterableFieldRule
from zgql._analysis._rules.unsupported_field import UnsupportedFieldRule

__all__ = ["COST_RULES", "RULE_DESCRIPTIONS", "RULE_NAMES", "WARNING_RULES", "Rule"]

COST_RULES: tuple[Rule, ...] = (
    RecordsDepthRule(),
    MetadataDepthRule(),
    ComplexityRule(),
    CreditsRule(),
    FieldsPerResourceRule(),
    LookupsPerResourceRule(),
    TextareasPerResourceRule(),
    RecordsLimitRule(),
    FilterCriteriaRule(),
    UnsupportedFieldRule(),
    UnfilterableFieldRule(),
    ChildNotAtRootRule(),
)


def _summary(rule: object) -> str:
    """The rule's statement: its docstring's first line, without the leading ``name:``."""
    first = (type(rule).__doc__ or "").strip().splitlines()[0]
    return first.split(": ", 1)[1].replace("``", "`")


# Every rule a diagnostic or a ``zgql check`` finding may carry, with the one-line statement
# that documentation and SARIF show: docs/cost-model.md §4 first, then zgql's own.
RULE_DESCRIPTIONS: dict[str, str] = {
    **{rule.name: _summary(rule) for rule in COST_RULES},
    "operation-type": _summary(OperationTypeRule()),
    SYNTAX: "the document must be GraphQL text that parses.",
    DOCUMENT_SIZE: "a document may not exceed max-document-bytes or max-document-tokens.",
    SCHEMA: "the document must validate against the schema (graphql-core's standard rules).",
    VARIABLES: "supplied variables must fit their declared types; required ones must be given.",
    OPERATION_NAME: "an operation name asked for must name an operation of the document.",
    BUDGET: "an operation may not cost more credits than the budget configured for it.",
    EMBEDDED_QUERY: "a query embedded in Python must be a plain string literal to be analysed.",
    FRAGMENT_CONFLICT: "fragments with one name must be identical wherever they are defined.",
    SUPPRESSION: "an inline '# zgql: ignore[rule]' must name known rules and give a reason.",
}
RULE_NAMES: tuple[str, ...] = tuple(RULE_DESCRIPTIONS)
# The severity each rule reports with: an error (the call would fail, or a budget says no) unless
# named here. An embedded query zgql cannot read is a warning: it may well be fine.
WARNING_RULES: frozenset[str] = frozenset({EMBEDDED_QUERY})
