"""The compiled cost index: every field of the schema, classified once, when the schema loads.

The analysis never asks graphql-core what a field is; it looks the field up here. Each record
field gets its resource kind (from the field metadata's Zoho ``data_type``, else from its type's
shape, as docs/cost-model.md §2 says), its price key, the record types it leads into, and the
facts the rules need (textarea, unsupported). Each ``where`` input gets the fields that cannot be
filtered on. The index is plain data, so that it can be cached with the schema.
"""

from __future__ import annotations

import enum
from dataclasses import astuple, dataclass, field
from typing import Any

__all__ = ["CostIndex", "FieldSpec", "Kind", "index_from_json", "index_to_json"]

RECORDS_FIELD, META_FIELD = "Records", "Meta"  # the two fields of Zoho's Query type
DATA_FIELD = "_data"  # the list of records or metadata items inside a collection
RECORD_SUFFIX, RELATION_SUFFIX = "__data", "__r"
USER_RECORD = "Users__data"


class Kind(enum.Enum):
    """What a field is to the cost model; the value is the name reports use."""

    PLAIN = "plain-field"
    RECORDS = "records"
    META = "meta"
    ROOT = "root-resource"
    DATA = "data"
    PARENT_LOOKUP = "parent-lookup"
    CHILD_RELATION = "child-relation"
    MULTI_MODULE_LOOKUP = "multi-module-lookup"
    META_RESOURCE = "meta-resource"


RELATIONS = frozenset({Kind.PARENT_LOOKUP, Kind.CHILD_RELATION, Kind.MULTI_MODULE_LOOKUP})
SHAPE_PRICE = {
    Kind.PARENT_LOOKUP: "parent-lookup",
    Kind.CHILD_RELATION: "child-relation",
    Kind.MULTI_MODULE_LOOKUP: "multi-module-lookup",
}
PRICE_KIND = {
    "parent-lookup": Kind.PARENT_LOOKUP,
    "user-lookup": Kind.PARENT_LOOKUP,
    "child-relation": Kind.CHILD_RELATION,
    "multi-module-lookup": Kind.MULTI_MODULE_LOOKUP,
}


@dataclass(frozen=True, slots=True)
class FieldSpec:
    """One field of one type, as the cost model sees it."""

    kind: Kind
    type_name: str
    price: str | None = None  # key of the price table: a record kind or a _Meta type name
    record_types: tuple[str, ...] = ()  # the record types a relation or collection leads into
    where_type: str | None = None  # the filter input of a root resource
    data_type: str | None = None
    textarea: bool = False
    unsupported: str | None = None


@dataclass(frozen=True, slots=True)
class CostIndex:
    """Type name → field name → :class:`FieldSpec`, for the records and the metadata side."""

    query_type: str
    records: dict[str, dict[str, FieldSpec]] = field(default_factory=dict)
    meta: dict[str, dict[str, FieldSpec]] = field(default_factory=dict)
    possible_types: dict[str, frozenset[str]] = field(default_factory=dict)
    unfilterable: dict[str, dict[str, str]] = field(default_factory=dict)
    nested_filters: frozenset[str] = frozenset({"and", "or"})


def index_to_json(index: CostIndex) -> dict[str, Any]:
    """The index as plain JSON data, for the schema cache."""

    def specs(table: dict[str, dict[str, FieldSpec]]) -> dict[str, Any]:
        return {
            type_name: {name: [s.kind.value, *astuple(s)[1:]] for name, s in fields.items()}
            for type_name, fields in table.items()
        }

    return {
        "query_type": index.query_type,
        "records": specs(index.records),
        "meta": specs(index.meta),
        "possible_types": {name: sorted(types) for name, types in index.possible_types.items()},
        "unfilterable": index.unfilterable,
        "nested_filters": sorted(index.nested_filters),
    }


def index_from_json(raw: dict[str, Any]) -> CostIndex:
    """:func:`index_to_json` undone. Raises ``KeyError``, ``TypeError`` or ``ValueError`` on
    data of another shape (the cache reader's miss)."""

    def specs(table: dict[str, Any]) -> dict[str, dict[str, FieldSpec]]:
        return {
            type_name: {
                name: FieldSpec(Kind(kind), type_, price, tuple(types), *rest)
                for name, (kind, type_, price, types, *rest) in fields.items()
            }
            for type_name, fields in table.items()
        }

    return CostIndex(
        query_type=str(raw["query_type"]),
        records=specs(raw["records"]),
        meta=specs(raw["meta"]),
        possible_types={k: frozenset(v) for k, v in raw["possible_types"].items()},
        unfilterable=dict(raw["unfilterable"]),
        nested_filters=frozenset(raw["nested_filters"]),
    )
