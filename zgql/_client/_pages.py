"""Paging a records query: its one root's ``offset`` bound to a variable, ``_info`` selected.

    { Records { Leads(limit: 100) { _data { id { value } } } } }

becomes

    query ($zgqlOffset: String) { Records { Leads(limit: 100, offset: $zgqlOffset) {
        _data { id { value } } _info { next_offset more_records } } } }

so that the client can walk ``next_offset`` while ``more_records`` says so. Pure: no I/O.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from graphql import (
    ArgumentNode,
    DocumentNode,
    FieldNode,
    GraphQLError,
    NamedTypeNode,
    NameNode,
    OperationDefinitionNode,
    SelectionSetNode,
    VariableDefinitionNode,
    VariableNode,
    parse,
    print_ast,
)

__all__ = ["OFFSET", "Paging", "paging"]

OFFSET = "zgqlOffset"
_INFO = ("next_offset", "more_records")


@dataclass(frozen=True, slots=True)
class Paging:
    """The rewritten query, and where its page sits in the answer's data."""

    query: str
    path: tuple[str, str]  # (the Records response key, the root's response key)

    def page(self, data: dict[str, Any]) -> tuple[list[Any], str | None]:
        """The records of a page and the next offset (None: the last page)."""
        connection = (data.get(self.path[0]) or {}).get(self.path[1]) or {}
        info = connection.get("_info") or {}
        more = bool(info.get("more_records")) and info.get("next_offset") is not None
        return list(connection.get("_data") or []), info.get("next_offset") if more else None


def paging(query: str, operation_name: str | None = None) -> Paging:
    """Rewrite ``query`` for paging. Raises ``ValueError`` saying why when it cannot be paged
    (not one records root); a document that does not parse is returned as it is, for the
    analysis to report."""
    try:
        document = parse(query)
    except GraphQLError:
        return Paging(query, ("Records", ""))
    operation = _operation(document, operation_name)
    records, root = _root(operation)
    new_root = replace(
        root,
        arguments=_with_offset(root.arguments or ()),
        selection_set=_with_info(root.selection_set),
    )
    new_records = replace(records, selection_set=_replaced(records.selection_set, root, new_root))
    variables = tuple(
        v for v in operation.variable_definitions or () if v.variable.name.value != OFFSET
    )
    new_operation = replace(
        operation,
        variable_definitions=(
            *variables,
            VariableDefinitionNode(
                variable=VariableNode(name=NameNode(value=OFFSET)),
                type=NamedTypeNode(name=NameNode(value="String")),
            ),
        ),
        selection_set=_replaced(operation.selection_set, records, new_records),
    )
    definitions = tuple(new_operation if d is operation else d for d in document.definitions)
    rewritten = print_ast(replace(document, definitions=definitions))
    return Paging(rewritten, (_key(records), _key(root)))


def _operation(document: DocumentNode, name: str | None) -> OperationDefinitionNode:
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    chosen = [op for op in operations if name is None or (op.name and op.name.value == name)]
    if len(chosen) != 1:
        msg = (
            "paginate needs one operation: pass operation_name"
            if chosen
            else f"no operation {name}"
        )
        raise ValueError(msg)
    return chosen[0]


def _root(operation: OperationDefinitionNode) -> tuple[FieldNode, FieldNode]:
    fields = [s for s in operation.selection_set.selections if isinstance(s, FieldNode)]
    records = [f for f in fields if f.name.value == "Records"]
    roots = [
        s
        for f in records
        for s in (f.selection_set.selections if f.selection_set else ())
        if isinstance(s, FieldNode) and not s.name.value.startswith("__")
    ]
    if len(records) != 1 or len(roots) != 1 or len(fields) != 1:
        msg = (
            "paginate needs a query with exactly one module under Records (and nothing "
            "beside it), e.g. { Records { Leads(limit: 100) { _data { id { value } } } } }"
        )
        raise ValueError(msg)
    return records[0], roots[0]


def _with_offset(arguments: tuple[ArgumentNode, ...]) -> tuple[ArgumentNode, ...]:
    kept = tuple(a for a in arguments if a.name.value != "offset")
    offset = ArgumentNode(
        name=NameNode(value="offset"), value=VariableNode(name=NameNode(value=OFFSET))
    )
    return (*kept, offset)


def _with_info(selection_set: SelectionSetNode | None) -> SelectionSetNode:
    """The root's selections with ``_info { next_offset more_records }``, merged into the
    user's own ``_info`` when there is one."""
    selections = tuple(selection_set.selections) if selection_set else ()
    mine = next((s for s in selections if isinstance(s, FieldNode) and _key(s) == "_info"), None)
    present = {
        _key(f)
        for f in (mine.selection_set.selections if mine and mine.selection_set else ())
        if isinstance(f, FieldNode)
    }
    added = tuple(FieldNode(name=NameNode(value=name)) for name in _INFO if name not in present)
    if mine is None:
        return SelectionSetNode(
            selections=(
                *selections,
                FieldNode(
                    name=NameNode(value="_info"), selection_set=SelectionSetNode(selections=added)
                ),
            )
        )
    own = tuple(mine.selection_set.selections) if mine.selection_set else ()
    merged = replace(mine, selection_set=SelectionSetNode(selections=(*own, *added)))
    return SelectionSetNode(selections=tuple(merged if s is mine else s for s in selections))


def _replaced(
    selection_set: SelectionSetNode | None, old: FieldNode, new: FieldNode
) -> SelectionSetNode:
    selections = tuple(selection_set.selections) if selection_set else ()
    return SelectionSetNode(selections=tuple(new if s is old else s for s in selections))


def _key(field: FieldNode) -> str:
    return field.alias.value if field.alias else field.name.value
