"""The cost rules of cost-model.md §4, one per module, each named after its file.

``syntax``, ``schema``, ``operation-type`` and ``variables`` are judged before the walk, by the
analysis itself; the rules here judge the facts of one operation that validated.
"""

from zgql._rules._base import Rule
from zgql._rules.child_not_at_root import ChildNotAtRootRule
from zgql._rules.complexity import ComplexityRule
from zgql._rules.credits import CreditsRule
from zgql._rules.fields_per_resource import FieldsPerResourceRule
from zgql._rules.filter_criteria import FilterCriteriaRule
from zgql._rules.lookups_per_resource import LookupsPerResourceRule
from zgql._rules.metadata_depth import MetadataDepthRule
from zgql._rules.records_depth import RecordsDepthRule
from zgql._rules.records_limit import RecordsLimitRule
from zgql._rules.textareas_per_resource import TextareasPerResourceRule
from zgql._rules.unfilterable_field import UnfilterableFieldRule
from zgql._rules.unsupported_field import UnsupportedFieldRule

__all__ = ["COST_RULES", "RULE_NAMES", "Rule"]

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

# Every rule name a diagnostic may carry, in the order of cost-model.md §4, then zgql's own.
RULE_NAMES: tuple[str, ...] = (
    *(rule.name for rule in COST_RULES),
    "operation-type",
    "syntax",
    "schema",
    "variables",
    "operation-name",
)
