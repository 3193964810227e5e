"""Every rule of the analysis, one per module, each named after its file.

``syntax``, ``document-size``, ``schema``, ``operation-type``, ``variables`` and
``operation-name`` are judged by the analysis itself, before the walk; ``budget`` by whoever holds
a budget (``zgql check``, ``explain``, the client); the cost rules (``COST_RULES``) judge the facts
of one operation that validated. ``ANALYSIS_RULES`` is their catalogue, in docs/cost-model.md §4
order; the linter adds its own (``zgql._lint._rules``).
"""

from zgql._analysis._rules._base import CostRule, Rule
from zgql._analysis._rules.budget import BudgetRule
from zgql._analysis._rules.child_not_at_root import ChildNotAtRootRule
from zgql._analysis._rules.complexity import ComplexityRule
from zgql._analysis._rules.credits import CreditsRule
from zgql._analysis._rules.document_size import DocumentSizeRule
from zgql._analysis._rules.fields_per_resource import FieldsPerResourceRule
from zgql._analysis._rules.filter_criteria import FilterCriteriaRule
from zgql._analysis._rules.lookups_per_resource import LookupsPerResourceRule
from zgql._analysis._rules.metadata_depth import MetadataDepthRule
from zgql._analysis._rules.operation_name import OperationNameRule
from zgql._analysis._rules.operation_type import OperationTypeRule
from zgql._analysis._rules.records_depth import RecordsDepthRule
from zgql._analysis._rules.records_limit import RecordsLimitRule
from zgql._analysis._rules.schema import SchemaRule
from zgql._analysis._rules.syntax import SyntaxRule
from zgql._analysis._rules.textareas_per_resource import TextareasPerResourceRule
from zgql._analysis._rules.unfilterable_field import UnfilterableFieldRule
from zgql._analysis._rules.unsupported_field import UnsupportedFieldRule
from zgql._analysis._rules.variables import VariablesRule

__all__ = ["ANALYSIS_RULES", "COST_RULES", "CostRule", "Rule"]

COST_RULES: tuple[CostRule, ...] = (
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

ANALYSIS_RULES: tuple[Rule, ...] = (
    *COST_RULES,
    OperationTypeRule(),
    SyntaxRule(),
    DocumentSizeRule(),
    SchemaRule(),
    VariablesRule(),
    OperationNameRule(),
    BudgetRule(),
)
