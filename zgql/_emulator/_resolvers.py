"""The emulator's executable schema: a Zoho CRM schema whose fields resolve from a DataSet.

The schema a :class:`zgql.Schema` holds is shared (memoised, pickled into a cache), so the
resolvers go onto a private copy rebuilt from its introspection; the input is never touched.
Everything a resolver reads (the data set, the ``_Meta`` object graph) is built before the first
execution and never changed after, so one executable schema serves any number of executions
from any number of threads.

``Records`` behaves as Zoho documents it: ``offset`` (a string) and ``limit`` page a module's
records, ``where`` filters them, ``order_by`` sorts them; lookups resolve to the linked record,
subforms and multi-user lookups page the linked rows. ``Meta`` answers from the schema's field
metadata, with a few plausible users, roles, profiles and widgets around it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import datetime, timezone
from typing import Any, TypeAlias

from graphql import (
    GraphQLObjectType,
    GraphQLResolveInfo,
    GraphQLSchema,
    GraphQLUnionType,
    ObjectValueNode,
    build_client_schema,
    introspection_from_schema,
)

from zgql._cost_table import cost_table
from zgql._emulator._data import RECORD_SUFFIX, USERS, DataSet, FieldPlan, Record

__all__ = ["CHILD_LIMIT", "ROOT_LIMIT", "executable_schema"]

# A page when the query gives no limit: as large as Zoho allows (the limits' records-limit).
ROOT_LIMIT = int(cost_table().limits["root_records"])  # records per page under Records
CHILD_LIMIT = int(cost_table().limits["child_records"])  # rows of a subform, multi-user lookup
META_USERS_LIMIT = 200
_MAX_OFFSET_DIGITS = 18  # a longer offset is past any data set (and past int()'s digit limit)

Resolver = Callable[..., Any]
Info: TypeAlias = "GraphQLResolveInfo[Any]"
_ROOT = object()  # what Query.Records and Query.Meta resolve to; their fields ignore it


def executable_schema(data: DataSet) -> GraphQLSchema:
    """A copy of data's schema whose fields resolve from the data set; never mutates the input."""
    schema = build_client_schema(introspection_from_schema(data.schema.graphql_schema))
    query = schema.query_type
    if query is None:
        return schema
    for name, field in query.fields.items():
        field.resolve = _constant(_ROOT) if name in ("Records", "Meta") else _constant(None)
    records = query.fields.get("Records")
    if records is not None and isinstance(records.type, GraphQLObjectType):
        _bind_roots(records.type, data)
    for module in data.plans:
        record_type = schema.type_map.get(module + RECORD_SUFFIX)
        if isinstance(record_type, GraphQLObjectType):
            _bind_record(record_type, data, module)
    for type_ in schema.type_map.values():
        if isinstance(type_, GraphQLUnionType):
            type_.resolve_type = _union_member(data)
    _MetaGraph(data).bind(schema)
    return schema


def _constant(value: Any) -> Resolver:
    def resolve(_source: Any, _info: Info, **_args: Any) -> Any:
        return value

    return resolve


# -- Records: roots, pages, filters, order ---------------------------------------------------


def _bind_roots(records_type: GraphQLObjectType, data: DataSet) -> None:
    for module, field in records_type.fields.items():
        if module in data.plans:
            field.resolve = _root(data, module, _comparison_kinds(data.plans[module]))


def _root(data: DataSet, module: str, kinds: Mapping[str, str]) -> Resolver:
    def resolve(
        _source: Any,
        info: Info,
        offset: str | None = None,
        limit: int | None = None,
        order_by: Mapping[str, Any] | None = None,
        where: Mapping[str, Any] | None = None,
    ) -> dict[str, Any]:
        prepared = _prepared(where, kinds)
        found = [r for r in data.records(module) if _matches(r, prepared, kinds)]
        ordered = _ordered(found, _order_keys(order_by, info), kinds)
        return _page(ordered, offset, limit, ROOT_LIMIT)

    return resolve


def _comparison_kinds(plans: Iterable[FieldPlan]) -> dict[str, str]:
    """Field → how its values compare: "digits" (ids, lookups, Long), "date", "datetime"..."""
    kinds = {}
    for plan in plans:
        if plan.kind in ("id", "lookup", "union") or plan.scalar == "Long":
            kinds[plan.name] = "digits"
        elif plan.data_type in ("date", "datetime"):
            kinds[plan.name] = plan.data_type
        else:
            kinds[plan.name] = "plain"
    return kinds


def _page(items: list[Any], offset: str | None, limit: int | None, default: int) -> dict[str, Any]:
    start = _offset(offset)
    size = default if limit is None else max(0, limit)
    end = start + size
    more = end < len(items)
    info = {
        "next_offset": str(end) if more else None,
        "previous_offset": str(max(0, start - size)) if start > 0 else None,
        "more_records": more,
    }
    return {"_data": items[start:end], "_info": info}


def _offset(text: str | None) -> int:
    """A page's first index: a non-negative integer in a string; anything else means 0."""
    digits = (text or "").strip()
    if not (digits.isascii() and digits.isdigit()):
        return 0
    return int(digits) if len(digits) <= _MAX_OFFSET_DIGITS else 10**_MAX_OFFSET_DIGITS


def _like(pattern: Any, value: Any) -> bool:
    """``%`` matches any run of characters; everything else literally, ignoring case.

    Matched piece by piece, each at its first place (with ``%`` the only wildcard, that is
    enough): in time at most the product of the two lengths, where a regular expression of
    ``%%%…x`` backtracks for ages, holding the interpreter lock (every thread) all along.
    """
    first, *pieces = str(pattern).casefold().split("%")
    text = str(value).casefold()
    if not pieces:
        return text == first
    *middle, last = pieces
    start, end = len(first), len(text) - len(last)
    if end < start or not (text.startswith(first) and text.endswith(last)):
        return False
    for piece in middle:
        found = text.find(piece, start, end)
        if found < 0:
            return False
        start = found + len(piece)
    return True


# A `where` is {Field: {operator: operand}, and: [...], or: [...]}; the keys of one object are
# AND-ed. A negated operator holds exactly when its positive one does not, also for nulls.
_TESTS: dict[str, Callable[[Any, Any], bool]] = {
    "equals": lambda value, operand: bool(value == operand),
    "greater_than": lambda value, operand: bool(value > operand),
    "greater_equal": lambda value, operand: bool(value >= operand),
    "less_than": lambda value, operand: bool(value < operand),
    "less_equal": lambda value, operand: bool(value <= operand),
    "like": lambda value, operand: value is not None and _like(operand, value),
    "in": lambda value, operand: value in operand,
}
_NEGATED = {"not_equals": "equals", "not_like": "like", "not_in": "in"}


def _prepared(where: Any, kinds: Mapping[str, str]) -> Any:
    """``where`` with each operand in the form its field's values compare in, and each ``in``
    list a set where it can be: done once per call, not once per record (an ``in`` list of a
    few hundred thousand names took seconds per record)."""
    if not isinstance(where, Mapping):
        return where
    prepared: dict[str, Any] = {}
    for key, condition in where.items():
        if condition is None:
            continue  # an explicit null says nothing
        if key in ("and", "or"):
            prepared[key] = [_prepared(term, kinds) for term in _terms(condition)]
        elif isinstance(condition, Mapping):
            kind = kinds.get(key, "plain")
            prepared[key] = {
                operator: _operand(operand, kind, members=operator in ("in", "not_in"))
                for operator, operand in condition.items()
            }
        else:
            prepared[key] = condition
    return prepared


def _operand(operand: Any, kind: str, *, members: bool) -> Any:
    if not isinstance(operand, list):
        return _normal(operand, kind)
    items = [_normal(item, kind) for item in operand]
    if members:
        try:
            return frozenset(items)  # the same `in` as the list's (hash, then ==), at once
        except TypeError:
            pass
    return items


def _matches(record: Record, where: Mapping[str, Any] | None, kinds: Mapping[str, str]) -> bool:
    """Whether ``record`` satisfies a :func:`_prepared` ``where``."""
    for key, condition in (where or {}).items():
        if condition is None:
            continue  # an explicit null says nothing
        if key == "and":
            if not all(_matches(record, term, kinds) for term in _terms(condition)):
                return False
        elif key == "or":
            terms = _terms(condition)
            if terms and not any(_matches(record, term, kinds) for term in terms):
                return False
        elif not _field_matches(record.get(key), condition, kinds.get(key, "plain")):
            return False
    return True


def _terms(condition: Any) -> list[Mapping[str, Any]]:
    """An and/or operand: a list, or one object where a list is expected."""
    items = [condition] if isinstance(condition, Mapping) else condition
    return [item for item in items if isinstance(item, Mapping)]


def _field_matches(raw: Any, operators: Any, kind: str) -> bool:
    if not isinstance(operators, Mapping):
        return True
    value = [_normal(v, kind) for v in raw] if isinstance(raw, list) else _normal(raw, kind)
    for operator, operand in operators.items():
        positive = _NEGATED.get(str(operator), str(operator))
        test = _TESTS.get(positive)
        if test is None:
            continue
        if _holds(test, value, operand) == (operator in _NEGATED):
            return False
    return True


def _holds(test: Callable[[Any, Any], bool], value: Any, operand: Any) -> bool:
    """The test on a value; on a list (multi-select), on any of its items."""
    items = value if isinstance(value, list) else [value]
    return any(_safely(test, item, operand) for item in items)


def _safely(test: Callable[[Any, Any], bool], value: Any, operand: Any) -> bool:
    try:
        return test(value, operand)
    except TypeError:  # null against an order, text against a number: no match
        return False


def _normal(value: Any, kind: str) -> Any:
    """A stored or filter value in the form values of its kind compare in."""
    if isinstance(value, bool) or value is None:
        return value
    digits = isinstance(value, int) or (
        isinstance(value, str) and value.isascii() and value.isdigit()
    )
    if kind == "digits":
        return int(value) if digits else value
    if kind in ("date", "datetime"):
        if digits:
            return _from_epoch_ms(int(value), kind) or str(value)
        return _utc_iso(value, kind) if isinstance(value, str) else value
    return value


def _utc_iso(text: str, kind: str) -> str:
    """ISO text in the stored form: a date, or a date-time in UTC (a bare one taken as UTC)."""
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))  # 3.10 reads no "Z"
    except ValueError:
        return text
    if kind == "date":
        return moment.date().isoformat()
    aware = moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)
    return aware.astimezone(timezone.utc).isoformat()


def _from_epoch_ms(milliseconds: int, kind: str) -> str | None:
    """Epoch milliseconds as the ISO text dates and date-times are stored in (UTC)."""
    try:
        moment = datetime.fromtimestamp(milliseconds / 1000, tz=timezone.utc)
    except (OverflowError, ValueError, OSError):
        return None
    return moment.date().isoformat() if kind == "date" else moment.isoformat()


def _order_keys(order_by: Mapping[str, Any] | None, info: Info) -> list[tuple[str, bool]]:
    """(field, descending) in the order the query wrote them.

    Coerced input objects follow the schema's field order, so the written order is read from
    the literal in the document; an ``order_by`` passed whole as a variable keeps schema order.
    """
    if not order_by:
        return []
    written = _written_order(info)
    names = sorted(order_by, key=lambda n: written.index(n) if n in written else len(written))
    return [(name, _descending(order_by[name])) for name in names if order_by[name] is not None]


def _written_order(info: Info) -> list[str]:
    for argument in info.field_nodes[0].arguments or () if info.field_nodes else ():
        if argument.name.value == "order_by" and isinstance(argument.value, ObjectValueNode):
            return [field.name.value for field in argument.value.fields]
    return []


def _descending(clause: Any) -> bool:
    order = clause.get("order") if isinstance(clause, Mapping) else None
    return str(getattr(order, "name", order)) == "DESC"


def _ordered(
    records: list[Record], keys: list[tuple[str, bool]], kinds: Mapping[str, str]
) -> list[Record]:
    """Stable sorts from the last key to the first; nulls last in either direction."""
    result = records
    for name, descending in reversed(keys):
        kind = kinds.get(name, "plain")
        present = [r for r in result if r.get(name) is not None]
        missing = [r for r in result if r.get(name) is None]
        try:
            present = sorted(
                present, key=lambda r: _sort_key(r.get(name), kind), reverse=descending
            )
        except TypeError:  # values of mixed types: order them as text
            present = sorted(present, key=lambda r: str(r.get(name)), reverse=descending)
        result = present + missing
    return result


def _sort_key(value: Any, kind: str) -> Any:
    return tuple(value) if isinstance(value, list) else _normal(value, kind)


# -- record fields ---------------------------------------------------------------------------


def _bind_record(record_type: GraphQLObjectType, data: DataSet, module: str) -> None:
    plans = {plan.name: plan for plan in data.plans[module]}
    for name, field in record_type.fields.items():
        plan = plans.get(name)
        field.resolve = _constant(None) if plan is None else _field_resolver(plan, data)


def _field_resolver(plan: FieldPlan, data: DataSet) -> Resolver:
    name = plan.name
    if plan.kind in ("id", "value"):
        return lambda record, _info: {"value": record.get(name)}
    if plan.kind == "lookup":
        target = plan.targets[0]
        return lambda record, _info: data.record(target, record.get(name))
    if plan.kind == "union":
        return lambda record, _info: _linked(data, record.get(name))
    if plan.kind == "related":
        return _related(data, plan)
    return _connection(data, name, plan.targets[0])


def _linked(data: DataSet, record_id: Any) -> Record | None:
    module = data.module_of(record_id)
    return data.record(module, record_id) if module else None


def _connection(data: DataSet, name: str, target: str) -> Resolver:
    def resolve(
        record: Record,
        _info: Info,
        offset: str | None = None,
        limit: int | None = None,
    ) -> dict[str, Any]:
        rows = [data.record(target, row_id) for row_id in record.get(name) or ()]
        return _page([row for row in rows if row is not None], offset, limit, CHILD_LIMIT)

    return resolve


def _related(data: DataSet, plan: FieldPlan) -> Resolver:
    """A related list's rows, paged like a subform's (at most 10 a page)."""

    def resolve(
        record: Record,
        _info: Info,
        offset: str | None = None,
        limit: int | None = None,
    ) -> dict[str, Any]:
        return _page(data.related(plan, record["id"]), offset, limit, CHILD_LIMIT)

    return resolve


def _union_member(data: DataSet) -> Callable[..., str | None]:
    def resolve_type(value: Any, _info: Info, _union: Any) -> str | None:
        module = data.module_of(value.get("id")) if isinstance(value, Mapping) else None
        return module + RECORD_SUFFIX if module else None

    return resolve_type


# -- Meta ------------------------------------------------------------------------------------

_META_CODES = {  # ids of metadata items: 111111 + a code of their own + a serial
    "module": 901, "field": 902, "pick": 903, "layout": 904, "view": 905, "related": 906,
    "child": 907, "role": 908, "profile": 909, "permission": 910, "widget": 911, "kanban": 912,
}  # fmt: skip
_SETUP_TIME = "2023-01-02T09:00:00+00:00"
_JSON_TYPES = {
    "boolean": "boolean", "integer": "integer", "bigint": "string", "double": "double",
    "currency": "double", "decimal": "double", "percent": "double", "lookup": "jsonobject",
    "ownerlookup": "jsonobject", "userlookup": "jsonobject", "multi_module_lookup": "jsonobject",
    "subform": "jsonarray", "multiselectpicklist": "jsonarray", "multiuserlookup": "jsonarray",
}  # fmt: skip
_LOOKUPS = frozenset({"lookup", "ownerlookup", "userlookup"})
_READ_ONLY = frozenset({"id", "Created_By", "Modified_By", "Created_Time", "Modified_Time"})
_ACTIONS = ("View", "Create", "Edit", "Delete")
_KANBAN_CATEGORIES = ("Stage", "Lead_Status", "Status")


def _cursor(count: int) -> dict[str, Any]:
    return {"next_offset": None, "previous_offset": None, "more_records": False, "count": count}


def _collection(items: list[Any]) -> dict[str, Any]:
    return {"_data": items, "_info": _cursor(len(items))}


class _MetaGraph:
    """The ``_Meta`` answers as one graph of plain dicts, built once; resolvers only read it."""

    def __init__(self, data: DataSet) -> None:
        self.data = data
        self._serials = dict.fromkeys(_META_CODES, 0)
        self.modules_raw = [m for m in data.metadata_json.get("modules", []) if isinstance(m, dict)]
        self.refs = {
            str(m.get("api_name")): self._ref(str(m.get("api_name"))) for m in self.modules_raw
        }
        self.roles = self._roles()
        self.profiles = [
            self._profile("Administrator", "Full access"),
            self._profile("Standard", ""),
        ]
        self.users = self._users()
        self.admin = self.users[0] if self.users else None
        for profile in self.profiles:
            profile["created_by"] = profile["modified_by"] = self.admin
        self.modules = [self._module(raw, index) for index, raw in enumerate(self.modules_raw)]
        self._link_parents()
        self.widgets = self._widgets()

    def _id(self, kind: str) -> str:
        self._serials[kind] += 1
        return f"111111{_META_CODES[kind]}{self._serials[kind]:09d}"

    def _ref(self, api_name: str) -> dict[str, Any]:
        return {"id": self._id("module"), "api_name": api_name}

    # -- users, roles, profiles ---------------------------------------------------------------

    def _roles(self) -> list[dict[str, Any]]:
        roles: list[dict[str, Any]] = []
        for name, description in (
            ("CEO", "The head of the organisation"),
            ("Manager", "Leads a sales team"),
            ("Sales Representative", "Sells to customers"),
        ):
            roles.append({
                "id": self._id("role"), "api_name": name.replace(" ", "_"), "name": name,
                "display_label": name,
                "description": description, "share_with_peers": name != "CEO",
                "reporting_to": roles[-1] if roles else None,
            })  # fmt: skip
        return roles

    def _profile(self, name: str, description: str) -> dict[str, Any]:
        allowed = _ACTIONS if name == "Administrator" else _ACTIONS[:3]
        roots = self.data.modules()
        return {
            "id": self._id("profile"), "name": name, "display_label": name,
            "description": description or None, "custom": False,
            "created_time": _SETUP_TIME, "modified_time": _SETUP_TIME,
            "created_by": None, "modified_by": None,
            "module_properties": _collection([
                {"module": self.refs.get(m) or {"id": None, "api_name": m},
                 "permissions": [a.lower() for a in allowed]}
                for m in roots
            ]),
            "_permissions": [
                {"id": self._id("permission"), "name": f"Crm_Implied_{action}_{module}",
                 "display_label": f"{action} {module.replace('_', ' ')}",
                 "enabled": action in allowed, "module": module}
                for module in roots for action in _ACTIONS
            ],
        }  # fmt: skip

    def _users(self) -> list[dict[str, Any]]:
        records = self.data.records(USERS) if USERS in self.data.plans else []
        users = [self._user(record, index) for index, record in enumerate(records)]
        by_id = {user["id"]: user for user in users}
        for user, record in zip(users, records, strict=True):
            user["created_by"] = by_id.get(record.get("created_by")) or (
                users[0] if users else None
            )
            user["modified_by"] = by_id.get(record.get("Modified_By")) or user["created_by"]
        return users

    def _user(self, record: Record, index: int) -> dict[str, Any]:
        role = self.roles[0 if index == 0 else 1 if index < 5 else 2]
        return {
            "id": record.get("id"), "email": record.get("email"),
            "first_name": record.get("first_name"), "last_name": record.get("last_name"),
            "status": record.get("status") or "active", "confirm": index % 8 != 7,
            "time_zone": record.get("time_zone"), "locale": record.get("locale"),
            "created_time": record.get("created_time"),
            "modified_time": record.get("Modified_Time"),
            "role": role, "profile": self.profiles[0 if index < 2 else 1],
            "created_by": None, "modified_by": None, "_index": index,
        }  # fmt: skip

    # -- modules and fields -------------------------------------------------------------------

    def _module(self, raw: dict[str, Any], index: int) -> dict[str, Any]:
        api_name = str(raw.get("api_name"))
        plural = str(raw.get("plural_label") or api_name.replace("_", " "))
        singular = str(raw.get("singular_label") or plural)
        fields = [self._field(api_name, f) for f in raw.get("fields", []) if isinstance(f, dict)]
        return {
            **self.refs[api_name],
            "module_name": raw.get("module_name") or api_name,
            "singular_label": singular, "plural_label": plural,
            "generated_type": raw.get("generated_type") or self._generated_type(api_name),
            "visibility": 1, "on_demand_properties": [], "web_link": None, "api_supported": True,
            "presence_sub_menu": True, "show_as_tab": True, "description": None,
            "feeds_required": False, "business_card_field_limit": 5, "properties": [],
            "creatable": True, "editable": True, "deletable": True, "viewable": True,
            "sequence_number": index + 1, "status": "visible", "modified_time": _SETUP_TIME,
            "created_by": self.admin, "modified_by": self.admin,
            "_fields": fields,
            "child_relationships": _collection(self._children(api_name)),
            "parent_module": None,
            "layouts": _collection([self._layout(singular, fields)]),
            "related_lists": _collection(self._related_lists(api_name, raw)),
            "custom_views": _collection([self._all_view(api_name, plural)]),
        }  # fmt: skip

    def _generated_type(self, module: str) -> str:
        return "subform" if module in self._subform_parents() else "default"

    def _subform_parents(self) -> dict[str, str]:
        return {
            plan.targets[0]: module
            for module, plans in self.data.plans.items()
            for plan in plans
            if plan.kind == "rows"
        }

    def _link_parents(self) -> None:
        by_name = {module["api_name"]: module for module in self.modules}
        for child, parent in self._subform_parents().items():
            if child in by_name:
                by_name[child]["parent_module"] = by_name.get(parent)

    def _children(self, module: str) -> list[dict[str, Any]]:
        return [
            {
                "id": self._id("child"),
                "api_name": plan.name.removesuffix("__r"),
                "display_label": plan.name.removesuffix("__r").replace("_", " "),
                "child_module": self.refs.get(plan.targets[0])
                or {"id": None, "api_name": plan.targets[0]},
            }
            for plan in self.data.plans.get(module, ())
            if plan.kind == "rows"
        ]

    def _field(self, module: str, raw: dict[str, Any]) -> dict[str, Any]:
        api_name, data_type = str(raw.get("api_name")), str(raw.get("data_type") or "text")
        label = str(raw.get("field_label") or api_name.replace("_", " "))
        schema_types = self.data.schema.graphql_schema.type_map
        filter_type = schema_types.get(f"{module}__Filter")
        order_type = schema_types.get(f"{module}__OrderBy")
        return {
            "id": self._id("field"), "api_name": api_name, "field_label": label,
            "display_label": label, "data_type": data_type,
            "json_type": raw.get("json_type") or _JSON_TYPES.get(data_type, "string"),
            "length": 32_000 if data_type == "textarea" else 255 if data_type == "text" else None,
            "decimal_place": 2 if data_type in ("currency", "decimal") else None,
            "read_only": api_name in _READ_ONLY or data_type == "autonumber",
            "custom_field": bool(raw.get("custom_field")), "visible": True,
            "system_mandatory": api_name in ("Last_Name", "Account_Name", "Deal_Name", "Subject"),
            "sortable": api_name in getattr(order_type, "fields", {}),
            "filterable": api_name in getattr(filter_type, "fields", {}),
            "pick_list_values": [
                {"id": self._id("pick"), "display_value": str(value), "actual_value": str(value),
                 "sequence_number": number}
                for number, value in enumerate(raw.get("pick_list_values") or [], start=1)
            ],
            "lookup": self._lookup(api_name, label, raw) if data_type in _LOOKUPS else None,
            "created_by": self.admin, "modified_by": self.admin,
        }  # fmt: skip

    def _lookup(self, api_name: str, label: str, raw: dict[str, Any]) -> dict[str, Any]:
        target = (raw.get("lookup") or {}).get("module", {}).get("api_name") or USERS
        module = self.refs.get(target) or {"id": None, "api_name": target}
        return {"display_label": label, "api_name": api_name, "module": module}

    def _layout(self, singular: str, fields: list[dict[str, Any]]) -> dict[str, Any]:
        section = {
            "api_name": f"{singular.replace(' ', '_')}_Information",
            "display_label": f"{singular} Information",
            "sequence_number": 1, "column_count": 2, "fields": _collection(fields),
        }  # fmt: skip
        return {
            "id": self._id("layout"), "name": "Standard", "display_label": "Standard",
            "status": "active", "visible": True, "created_time": _SETUP_TIME,
            "modified_time": _SETUP_TIME, "created_by": self.admin, "modified_by": self.admin,
            "sections": [section],
        }  # fmt: skip

    def _related_lists(self, module: str, raw: dict[str, Any]) -> list[dict[str, Any]]:
        """The module's related lists as its metadata lists them (Notes alone when it lists
        none, as a metadata file without related lists)."""
        listed = [item for item in raw.get("related_lists") or [] if isinstance(item, dict)]
        if not listed:
            listed = [{"api_name": "Notes", "module": {"api_name": "Notes"}}]
        return [self._related_list(module, item, n) for n, item in enumerate(listed, start=1)]

    def _related_list(self, module: str, item: dict[str, Any], number: int) -> dict[str, Any]:
        api_name = str(item.get("api_name"))
        label = str(item.get("display_label") or api_name.replace("_", " "))
        target = str((item.get("module") or {}).get("api_name") or api_name)
        reference = self.refs.get(target) or {"id": None, "api_name": target}
        return {
            "id": self._id("related"), "sequence_number": str(number), "display_label": label,
            "api_name": api_name, "module": reference,
            "name": item.get("name") or label, "action": item.get("action"),
            "href": item.get("href") or f"{module}/{{ENTITYID}}/{api_name}",
            "type": item.get("type") or "default", "status": "visible", "visible": True,
        }  # fmt: skip

    def _all_view(self, module: str, plural: str) -> dict[str, Any]:
        return {
            "id": self._id("view"), "api_name": f"All_{module}", "name": f"All {plural}",
            "display_value": f"All {plural}", "system_name": "ALLVIEWS",
            "category": "public_views", "default": True,
            "created_by": self.admin, "modified_by": self.admin,
        }  # fmt: skip

    def _widgets(self) -> list[dict[str, Any]]:
        return [
            {"id": self._id("widget"), "name": "Order Tracker", "type": "web_tab",
             "description": "Follows orders placed in the web store.", "location": "web_tab"},
            {"id": self._id("widget"), "name": "Account Map", "type": "related_list",
             "description": "Shows an account's offices on a map.", "location": "Accounts"},
        ]  # fmt: skip

    # -- resolvers ----------------------------------------------------------------------------

    def bind(self, schema: GraphQLSchema) -> None:
        meta = schema.type_map.get("_Meta")
        resolvers: dict[str, Resolver] = {
            "Modules": self.resolve_modules,
            "Users": self.resolve_users,
            "KanbanView": self.resolve_kanban,
            "UserProperties": self.resolve_user_properties,
            "ProfilePermissions": self.resolve_permissions,
            "Profiles": self.resolve_profiles,
            "Roles": self.resolve_roles,
            "Widgets": self.resolve_widgets,
        }
        if isinstance(meta, GraphQLObjectType):
            for name, field in meta.fields.items():
                field.resolve = resolvers.get(name, _constant(None))
        module_type = schema.type_map.get("Module")
        if isinstance(module_type, GraphQLObjectType) and "fields" in module_type.fields:
            module_type.fields["fields"].resolve = self.resolve_fields

    def resolve_modules(self, _source: Any, _info: Info, filter: Any = None) -> Any:  # noqa: A002
        wanted = filter or {}
        names = wanted.get("api_names")
        found = [
            module
            for module in self.modules
            if not (wanted.get("exclude_subform") and module["generated_type"] == "subform")
            and wanted.get("api_name") in (None, module["api_name"])
            and (names is None or module["api_name"] in names)
        ]
        return _collection(found)

    def resolve_fields(self, module: Any, _info: Info, filter: Any = None) -> Any:  # noqa: A002
        wanted = filter or {}
        names = wanted.get("api_names")
        fields = module.get("_fields", []) if isinstance(module, Mapping) else []
        return _collection([
            field
            for field in fields
            if wanted.get("api_name") in (None, field["api_name"])
            and (names is None or field["api_name"] in names)
        ])  # fmt: skip

    def resolve_users(
        self,
        _source: Any,
        _info: Info,
        filter: Any = None,  # noqa: A002
        offset: str | None = None,
        limit: int | None = None,
    ) -> Any:
        kind = (filter or {}).get("type") or "AllUsers"
        found = [user for user in self.users if _user_is(user, str(getattr(kind, "name", kind)))]
        page = _page(found, offset, limit, META_USERS_LIMIT)
        return {"_data": page["_data"], "_info": {**page["_info"], "count": len(found)}}

    def resolve_kanban(self, _source: Any, _info: Info, filter: Any = None) -> Any:  # noqa: A002
        name = (filter or {}).get("module_api_name")
        module = next((m for m in self.modules if m["api_name"] == name), None)
        if module is None:
            return None
        types = {f["api_name"]: f["data_type"] for f in module["_fields"]}
        picklists = [n for n, t in types.items() if t == "picklist"]
        category = next((n for n in _KANBAN_CATEGORIES if n in picklists), None)
        amounts = [n for n, t in types.items() if t == "currency"]
        return {
            "id": self._id_of(module, "kanban"),
            "view_name": f"{module['plural_label']} Kanban",
            "color_scheme": "default",
            "category_field": category or (picklists[0] if picklists else None),
            "aggregation_field": "Amount" if "Amount" in amounts else next(iter(amounts), None),
        }

    def _id_of(self, module: Mapping[str, Any], kind: str) -> str:
        """A stable id derived from a module's (no new serials once execution starts)."""
        return f"111111{_META_CODES[kind]}{str(module['id'])[9:]}"

    def resolve_user_properties(
        self,
        _source: Any,
        _info: Info,
        filter: Any = None,  # noqa: A002
    ) -> Any:
        wanted = filter or {}
        user_id = wanted.get("user_id")
        if user_id is None or wanted.get("current_user"):
            user = self.admin
        else:
            user = next((u for u in self.users if u["id"] == str(user_id)), None)
        if user is None:
            return None
        properties = [("time_zone", user["time_zone"]), ("locale", user["locale"])]
        properties += [("status", user["status"]), ("theme", "blue")]
        return {
            "user_id": user["id"],
            "properties": [{"name": name, "value": value} for name, value in properties],
        }

    def resolve_permissions(
        self,
        _source: Any,
        _info: Info,
        filter: Any = None,  # noqa: A002
    ) -> Any:
        wanted = str((filter or {}).get("profile_id"))
        profile = next((p for p in self.profiles if p["id"] == wanted), None)
        return _collection(list(profile["_permissions"]) if profile else [])

    def resolve_profiles(self, _source: Any, _info: Info, filter: Any = None) -> Any:  # noqa: A002
        return _collection(_named(self.profiles, filter))

    def resolve_roles(self, _source: Any, _info: Info, filter: Any = None) -> Any:  # noqa: A002
        return _collection(_named(self.roles, filter))

    def resolve_widgets(self, _source: Any, _info: Info, filter: Any = None) -> Any:  # noqa: A002
        kind = (filter or {}).get("type")
        return _collection([w for w in self.widgets if kind in (None, w["type"])])


def _named(items: list[dict[str, Any]], wanted: Any) -> list[dict[str, Any]]:
    """Items matching a {id, name} filter; a missing member matches everything."""
    criteria = wanted or {}
    item_id, name = criteria.get("id"), criteria.get("name")
    return [
        item
        for item in items
        if (item_id is None or item["id"] == str(item_id)) and name in (None, item["name"])
    ]


def _user_is(user: Mapping[str, Any], kind: str) -> bool:
    """Whether a user belongs to a ``USERTYPE``; the first user is the current one."""
    status, confirmed = user["status"], user["confirm"]
    admin = user["profile"]["name"] == "Administrator"
    tests: dict[str, bool] = {
        "ActiveUsers": status == "active",
        "AllActiveUsers": status == "active",
        "DeactiveUsers": status == "disabled",
        "DeletedUsers": status == "deleted",
        "ActiveAndDeactive": status in ("active", "disabled"),
        "ConfirmedUsers": confirmed,
        "NotConfirmedUsers": not confirmed,
        "ActiveConfirmedUsers": status == "active" and confirmed,
        "AdminUsers": admin,
        "ActiveConfirmedAdmins": admin and status == "active" and confirmed,
        "CurrentUser": user["_index"] == 0,
        "DeveloperUsers": False,
        "ActiveLiteUser": False,
        "ParentRoleUsers": False,  # the current user is the CEO: no role above
        "ChildRoleUsers": user["_index"] != 0,
        "SubordinateRoleUsers": user["_index"] != 0,
        "ConfirmedReportingUsers": user["_index"] != 0 and confirmed,
    }
    return tests.get(kind, True)
