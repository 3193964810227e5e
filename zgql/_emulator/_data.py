"""The emulator's data set: deterministic, realistic records for every module of a schema.

The emulator must answer one query with the same data in every process and on every run, so
that tests and recorded examples can assert on what it returns; and the data must read like a
CRM's (names, e-mails, pick-list values, lookups that lead to real records), so that what a user
sees through the emulator looks like their org. So every record is drawn from its own
``random.Random(f"{seed}:{module}:{index}")`` (string seeds are hashed with SHA-512, never with
the per-process salted ``hash()``), and the shapes come from the schema itself: a record has one
key per field of the module's ``X__data`` type.

A record is a plain dict, GraphQL field name → raw value:

- ``id``: an 18-digit string ``111111`` + a 3-digit module code + a 9-digit serial; serials rise
  with the record's index, so a module's records in index order are in id order, and the module
  of any id can be read off it (how multi-module lookups find their record's type);
- scalar fields: str, int, float, bool, ISO date (``2024-05-17``) or date-time
  (``2024-05-17T10:30:00+00:00``) strings, lists of str for multi-select pick lists;
- lookups (to records or users) and multi-module lookups: the linked record's id;
- subforms (``X__r``) and multi-user lookups: the list of linked ids, in id order.

Related lists (``Deals__r`` of a contact) are not stored on the record: their rows are the
related module's records whose lookup back to it (``Contact_Name``) holds the record's id, found
through an index built once with the data, in id order.

Nulls: about one value in ten of optional free-text fields (text, textarea, e-mail, phone,
website) is None; never an id, a name, a subject, a primary e-mail, a lookup or any non-text
value. Only the first user (the org's top, the "current user") reports to nobody.
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta, timezone
from typing import Any

from graphql import (
    GraphQLObjectType,
    GraphQLOutputType,
    GraphQLSchema,
    GraphQLUnionType,
    get_named_type,
)

from zgql._exceptions import SchemaError
from zgql._schema import Schema
from zgql._schema._load import _locate
from zgql._schema._metadata import METADATA_VERSION, module_document

__all__ = ["USERS", "DataSet", "Record"]

Record = dict[str, Any]

USERS = "Users"
RECORD_SUFFIX = "__data"
USER_COUNT = 25
SUBFORM_ROWS = (0, 3)  # rows per parent and subform field, inclusive
NULL_SHARE = 0.1
_ID_PREFIX = "111111"
_FIRST_CODE = 100  # module codes are 3 digits: 100, 101, ...
_EPOCH = datetime(2023, 1, 1, tzinfo=timezone.utc)
_SPAN_MINUTES = 3 * 365 * 24 * 60  # values fall in 2023-2025

# -- what a field is -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FieldPlan:
    """How one field of one module is generated and resolved."""

    name: str  # the GraphQL field name, and the record's key
    kind: str  # id, value, lookup, union, rows (subform), users (multi-user) or related
    data_type: str = "text"  # Zoho's data type (for "value": what the value looks like)
    scalar: str = "String"  # the GraphQL type of a wrapper's ``value``: String, [String], Int...
    targets: tuple[str, ...] = ()  # the modules a lookup, union or connection leads to
    choices: tuple[str, ...] = ()  # pick-list values
    via: str | None = None  # a related list's lookup field in the related module


# The data type a wrapper's scalar implies when the metadata says nothing that fits it.
_SCALAR_DATA_TYPE = {
    "Int": "integer",
    "Float": "double",
    "Boolean": "boolean",
    "Long": "bigint",
    "[String]": "multiselectpicklist",
}
_SCALAR_FAMILY = {
    "Int": {"integer"},
    "Float": {"currency", "double", "decimal", "percent"},
    "Boolean": {"boolean"},
    "Long": {"bigint"},
    "[String]": {"multiselectpicklist"},
}
_WRAPPER_DATA_TYPE = {"_DateValue": "date", "_DateTimeValue": "datetime"}
RELATED_LIST = "related_list"  # the data type of a related list's `Name__r` field (metadata)


def _module_of_type(type_name: str) -> str | None:
    return type_name.removesuffix(RECORD_SUFFIX) if type_name.endswith(RECORD_SUFFIX) else None


def _plan_field(
    name: str, field_type: GraphQLOutputType, data_type: str | None, choices: tuple[str, ...]
) -> FieldPlan | None:
    named = get_named_type(field_type)
    if isinstance(named, GraphQLUnionType):
        members = tuple(m for t in named.types if (m := _module_of_type(t.name)) is not None)
        return FieldPlan(name, "union", data_type or "multi_module_lookup", targets=members)
    if not isinstance(named, GraphQLObjectType):
        return None
    if "value" in named.fields:
        if name == "id":
            return FieldPlan(name, "id", "bigint", "Long")
        return _value_plan(name, named, data_type, choices)
    return _relation_plan(name, named, data_type)


def _relation_plan(name: str, named: GraphQLObjectType, data_type: str | None) -> FieldPlan | None:
    """A lookup (an ``X__data`` record) or a connection of rows or users; None for others."""
    target = _module_of_type(named.name)
    if target is not None:
        return FieldPlan(name, "lookup", data_type or "lookup", targets=(target,))
    data = named.fields.get("_data")
    item = _module_of_type(get_named_type(data.type).name) if data else None
    if item is None:
        return None
    if data_type == RELATED_LIST:
        return FieldPlan(name, "related", data_type, targets=(item,))
    return FieldPlan(
        name, "users" if item == USERS else "rows", data_type or "subform", targets=(item,)
    )


def _value_plan(
    name: str, wrapper: GraphQLObjectType, data_type: str | None, choices: tuple[str, ...]
) -> FieldPlan:
    scalar = str(wrapper.fields["value"].type)
    family = _SCALAR_FAMILY.get(scalar)
    if data_type is None or (family is not None and data_type not in family):
        data_type = _WRAPPER_DATA_TYPE.get(wrapper.name) or _SCALAR_DATA_TYPE.get(scalar, "text")
    return FieldPlan(name, "value", data_type, scalar, choices=choices)


def _plans(
    graphql_schema: GraphQLSchema, schema: Schema, picklists: Mapping[tuple[str, str], list[str]]
) -> dict[str, tuple[FieldPlan, ...]]:
    """Every record module reachable from ``_Records`` (and Users), with its field plans."""
    plans: dict[str, tuple[FieldPlan, ...]] = {}
    pending = [*schema.modules, USERS]
    while pending:
        module = pending.pop()
        record_type = graphql_schema.type_map.get(module + RECORD_SUFFIX)
        if module in plans or not isinstance(record_type, GraphQLObjectType):
            continue
        fields = []
        for name, gql_field in record_type.fields.items():
            meta = schema.metadata.field(module, name) or schema.metadata.field(
                module, name.removesuffix("__r")
            )
            choices = tuple(picklists.get((module, name), ()))
            plan = _plan_field(name, gql_field.type, meta.data_type if meta else None, choices)
            if plan is not None:
                fields.append(plan)
                pending.extend(plan.targets)
        plans[module] = tuple(fields)
    return dict(sorted(plans.items()))


def _with_lookups_back(
    plans: dict[str, tuple[FieldPlan, ...]], raw: Mapping[str, Any]
) -> dict[str, tuple[FieldPlan, ...]]:
    """``plans`` with each related list's lookup field (``via``): the one the metadata names,
    else the related module's first lookup to the module (a pulled org's metadata names none)."""
    named = {
        (str(module.get("api_name")), str(item.get("api_name")) + "__r"): lookup
        for module in raw.get("modules", [])
        if isinstance(module, dict)
        for item in module.get("related_lists") or []
        if isinstance(item, dict) and isinstance(lookup := (item.get("lookup_field") or {}), dict)
    }
    done: dict[str, tuple[FieldPlan, ...]] = {}
    for module, fields in plans.items():
        done[module] = tuple(
            replace(plan, via=_lookup_back(plans, module, plan, named.get((module, plan.name))))
            if plan.kind == "related"
            else plan
            for plan in fields
        )
    return done


def _lookup_back(
    plans: Mapping[str, tuple[FieldPlan, ...]],
    module: str,
    plan: FieldPlan,
    named: Mapping[str, Any] | None,
) -> str | None:
    lookups = [p for p in plans.get(plan.targets[0], ()) if p.kind == "lookup"]
    given = (named or {}).get("api_name")
    if given is not None:
        back = [p.name for p in lookups if p.name == given]
    else:
        back = [p.name for p in lookups if p.targets == (module,)]
    return back[0] if back else None


# -- the raw metadata (labels, pick-list values) ---------------------------------------------


def _read_metadata(schema: Schema) -> dict[str, Any]:
    """The schema's metadata JSON as written, else one made from what ``Schema`` kept."""
    try:
        _, path = _locate(None if schema.origin == "bundled" else schema.origin)
        raw = json.loads(path.read_bytes()) if path else None
    except (OSError, ValueError, SchemaError):
        raw = None  # e.g. a schema built in a folder that is gone; labels then come from names
    if isinstance(raw, dict) and isinstance(raw.get("modules"), list):
        return raw
    return {
        "zgql_metadata_version": METADATA_VERSION,
        "source": {"kind": "emulated"},
        "modules": [
            module_document(module, fields) for module, fields in schema.metadata.modules.items()
        ],
    }  # fmt: skip


def _picklists(raw: Mapping[str, Any]) -> dict[tuple[str, str], list[str]]:
    """(module, field) → pick-list values, without Zoho's ``-None-`` placeholder."""
    found: dict[tuple[str, str], list[str]] = {}
    for module in raw.get("modules", []):
        for field in module.get("fields", []) if isinstance(module, dict) else []:
            values = field.get("pick_list_values") if isinstance(field, dict) else None
            if not isinstance(values, list):
                continue
            texts = [_pick_text(v) for v in values]
            kept = [t for t in texts if t and t != "-None-"]
            if kept:
                found[str(module.get("api_name")), str(field.get("api_name"))] = kept
    return found


def _pick_text(value: Any) -> str:
    if isinstance(value, dict):  # Zoho's own shape: {"display_value": ..., "actual_value": ...}
        return str(value.get("actual_value") or value.get("display_value") or "")
    return str(value)


# -- the data set ----------------------------------------------------------------------------


class DataSet:
    """Deterministic records for every module of a schema: same seed, same records.

    All records are generated when the data set is made (a few hundred milliseconds), so that
    reading it from several threads at once needs no lock. ``metadata_json`` (the schema's field
    metadata document) supplies pick-list values and labels; by default it is read from the
    file beside the schema, or made from the schema's own metadata when there is none.
    """

    def __init__(
        self,
        schema: Schema,
        *,
        seed: int = 0,
        records_per_module: int = 300,
        metadata_json: Mapping[str, Any] | None = None,
    ) -> None:
        self.schema, self.seed = schema, seed
        self.metadata_json = dict(metadata_json) if metadata_json else _read_metadata(schema)
        self.plans = _with_lookups_back(
            _plans(schema.graphql_schema, schema, _picklists(self.metadata_json)),
            self.metadata_json,
        )
        self._codes = {module: str(_FIRST_CODE + i) for i, module in enumerate(self.plans)}
        self._modules_by_code = {code: module for module, code in self._codes.items()}
        subforms = {
            t for plans in self.plans.values() for p in plans if p.kind == "rows" for t in p.targets
        }
        self._counts = {
            m: USER_COUNT if m == USERS else max(0, records_per_module)
            for m in self.plans
            if m not in subforms
        }
        self._ids = {m: _take(self._id_stream(m), n) for m, n in self._counts.items()}
        self._records: dict[str, list[Record]] = {m: [] for m in self.plans}
        self._by_id: dict[str, Record] = {}
        for module in self._counts:
            self._generate(module)
        self._related = self._index_related()

    def modules(self) -> tuple[str, ...]:
        """The modules under ``Records``, in schema order."""
        return self.schema.modules

    def records(self, module: str) -> list[Record]:
        """All records of a module (a root, ``Users`` or a subform), in id order."""
        if module not in self._records:
            raise KeyError(f"no module {module!r} in this data set")
        return list(self._records[module])

    def record(self, module: str, record_id: str) -> Record | None:
        """The record of ``module`` with this id; None when there is none."""
        if self.module_of(record_id) != module:
            return None
        return self._by_id.get(record_id)

    def related(self, plan: FieldPlan, record_id: str) -> list[Record]:
        """The rows of a related list of the record ``record_id``: the related module's records
        whose lookup ``plan.via`` holds that id, in id order."""
        return list(self._related.get((plan.targets[0], plan.via), {}).get(record_id, ()))

    def module_of(self, record_id: object) -> str | None:
        """The module an id belongs to (ids carry their module's code); None for a stranger."""
        if not isinstance(record_id, str) or len(record_id) != 18:
            return None
        return self._modules_by_code.get(record_id[6:9])

    # -- generation ---------------------------------------------------------------------------

    def _id_stream(self, module: str) -> Iterator[str]:
        """The module's ids in rising order; the first n are the same whatever n is."""
        rng = random.Random(f"{self.seed}:{module}:ids")  # noqa: S311 - data, not secrets
        serial = rng.randint(10_000, 99_999)
        prefix = _ID_PREFIX + self._codes[module]
        while True:
            yield f"{prefix}{serial:09d}"
            serial += rng.randint(1, 997)

    def _generate(self, module: str) -> None:
        row_ids = {
            p.name: self._id_stream(p.targets[0]) for p in self.plans[module] if p.kind == "rows"
        }
        for index, record_id in enumerate(self._ids[module]):
            rng = random.Random(f"{self.seed}:{module}:{index}")  # noqa: S311
            record = self._record(module, index, record_id, rng, parent=None)
            for plan in self.plans[module]:
                if plan.kind == "rows":
                    record[plan.name] = self._rows(
                        plan.targets[0], record_id, rng, row_ids[plan.name]
                    )
            self._store(module, record)

    def _index_related(self) -> dict[tuple[str, str | None], dict[str, list[Record]]]:
        """(related module, lookup field) → parent id → the records pointing at it."""
        index: dict[tuple[str, str | None], dict[str, list[Record]]] = {}
        for plans in self.plans.values():
            for plan in plans:
                key = (plan.targets[0], plan.via) if plan.kind == "related" else None
                if key is None or key in index or plan.via is None:
                    continue
                by_parent: dict[str, list[Record]] = {}
                for record in self._records.get(plan.targets[0], []):
                    parent = record.get(plan.via)
                    if isinstance(parent, str):
                        by_parent.setdefault(parent, []).append(record)
                index[key] = by_parent
        return index

    def _rows(
        self, subform: str, parent_id: str, rng: random.Random, ids: Iterator[str]
    ) -> list[str]:
        made = []
        for _ in range(rng.randint(*SUBFORM_ROWS)):
            index = len(self._records[subform])
            row_rng = random.Random(f"{self.seed}:{subform}:{index}")  # noqa: S311
            row = self._record(subform, index, next(ids), row_rng, parent=parent_id)
            self._store(subform, row)
            made.append(row["id"])
        return made

    def _store(self, module: str, record: Record) -> None:
        self._records[module].append(record)
        self._by_id[record["id"]] = record

    def _record(
        self, module: str, index: int, record_id: str, rng: random.Random, parent: str | None
    ) -> Record:
        context = _Context.draw(rng, index)
        record: Record = {}
        for plan in self.plans[module]:
            if plan.kind == "id":
                record[plan.name] = record_id
            elif plan.kind == "value":
                record[plan.name] = _value(plan, rng, context, module)
            elif plan.kind == "lookup":
                record[plan.name] = self._lookup(plan, rng, module, index, parent)
            elif plan.kind == "union":
                record[plan.name] = (
                    self._pick(rng.choice(plan.targets), rng) if plan.targets else None
                )
            elif plan.kind == "users":
                users = self._ids.get(USERS, [])
                record[plan.name] = sorted(rng.sample(users, min(len(users), rng.randint(0, 3))))
        return record

    def _lookup(
        self, plan: FieldPlan, rng: random.Random, module: str, index: int, parent: str | None
    ) -> str | None:
        if plan.name == "Parent_Id" and parent is not None:
            return parent
        if module == USERS and plan.targets == (USERS,):
            # The first user set the org up and made the others; users report up a tree, to
            # someone made before them, and the first user reports to nobody.
            if plan.data_type != "userlookup":
                return self._ids[USERS][0]
            return self._ids[USERS][rng.randrange(index)] if index else None
        return self._pick(plan.targets[0], rng)

    def _pick(self, module: str, rng: random.Random) -> str | None:
        ids = self._ids.get(module)
        return ids[rng.randrange(len(ids))] if ids else None


def _take(stream: Iterator[str], count: int) -> list[str]:
    return [next(stream) for _ in range(count)]


# -- values ----------------------------------------------------------------------------------

_FIRST_NAMES = (
    "Aarav", "Amelia", "Ana", "Ben", "Carlos", "Chen", "Chloe", "Daniel", "Elena", "Emma",
    "Fatima", "Grace", "Hannah", "Hiroshi", "Isabel", "James", "Julia", "Kavya", "Liam", "Lucas",
    "Maya", "Mei", "Mohammed", "Nadia", "Noah", "Olivia", "Omar", "Priya", "Rahul", "Sara",
    "Sofia", "Thomas", "Yusuf", "Zoe",
)  # fmt: skip
_LAST_NAMES = (
    "Anderson", "Bauer", "Chen", "Costa", "Dubois", "Fischer", "Garcia", "Gupta", "Hansen",
    "Ibrahim", "Ito", "Jensen", "Kowalski", "Kumar", "Larsen", "Lopez", "Martin", "Moreau",
    "Murphy", "Nakamura", "Novak", "Okafor", "Patel", "Rossi", "Santos", "Schmidt", "Silva",
    "Smith", "Tanaka", "Walker", "Wang", "Williams", "Yilmaz",
)  # fmt: skip
_COMPANIES = (
    "Zylker Corp", "Northwind Traders", "Contoso Ltd", "Fabrikam Inc", "Tailspin Toys",
    "Wingtip Systems", "Adventure Works", "Coho Winery", "Litware Inc", "Proseware Labs",
    "Lucerne Publishing", "Trey Research", "Alpine Ski House", "Woodgrove Bank",
    "Humongous Insurance", "Southridge Video", "Wide World Importers", "Fourth Coffee",
    "Relecloud", "Blue Yonder Airlines", "Datum Corporation", "Consolidated Messenger",
    "Graphic Design Institute", "Margie's Travel", "Nod Publishers", "Bellows College",
)  # fmt: skip
_PLACES = (  # city, state, country, postal code
    ("Austin", "Texas", "United States", "78701"),
    ("Chicago", "Illinois", "United States", "60601"),
    ("San Jose", "California", "United States", "95113"),
    ("New York", "New York", "United States", "10001"),
    ("Toronto", "Ontario", "Canada", "M5H 2N2"),
    ("London", "England", "United Kingdom", "EC1A 1BB"),
    ("Berlin", "Berlin", "Germany", "10115"),
    ("Paris", "Ile-de-France", "France", "75001"),
    ("Chennai", "Tamil Nadu", "India", "600001"),
    ("Bengaluru", "Karnataka", "India", "560001"),
    ("Sydney", "New South Wales", "Australia", "2000"),
    ("Tokyo", "Tokyo", "Japan", "100-0001"),
    ("Sao Paulo", "Sao Paulo", "Brazil", "01000-000"),
    ("Amsterdam", "North Holland", "Netherlands", "1011"),
)  # fmt: skip
_STREETS = ("Main Street", "Oak Avenue", "Park Road", "Market Street", "Station Road", "Elm Drive")
_PRODUCTS = (
    "Cloud Backup Plan", "Wireless Headset", "Laptop Pro 14", "Standing Desk", "Office Chair",
    "Analytics Suite", "Security Camera", "Label Printer", "Conference Phone", "Barcode Scanner",
    "Support Package", "Training Workshop", "Network Switch", "Monitor 27in", "Docking Station",
)  # fmt: skip
_SUBJECTS = (
    "Follow up on proposal", "Send contract for review", "Product demo", "Quarterly review",
    "Call back about pricing", "Renewal discussion", "Onboarding session", "Collect feedback",
    "Confirm delivery date", "Prepare quote", "Introductory call", "Resolve billing question",
)  # fmt: skip
_SENTENCES = (
    "Interested in the annual plan; asked for a volume discount.",
    "Met at the trade show; wants a follow-up demo next month.",
    "Existing customer expanding to a second office.",
    "Budget approved for the next quarter.",
    "Needs integration with their accounting system.",
    "Prefers e-mail over phone calls.",
    "Decision expected after the board meeting.",
)  # fmt: skip
_TITLES = ("Sales Manager", "CEO", "CTO", "Purchasing Agent", "Operations Lead", "Consultant")
_DEPARTMENTS = ("Sales", "Marketing", "Finance", "Operations", "Support", "Engineering")
_TIME_ZONES = ("America/Chicago", "America/New_York", "Europe/London", "Asia/Kolkata", "Asia/Tokyo")
_WORDS = ("alpha", "bravo", "delta", "echo", "harbor", "summit", "ridge", "cedar", "orbit", "nova")


@dataclass(frozen=True, slots=True)
class _Context:
    """What a record's fields must agree on: one person, one company, one place, one time."""

    index: int
    first: str
    last: str
    company: str
    place: tuple[str, str, str, str]
    street: str
    created: datetime
    modified: datetime

    @classmethod
    def draw(cls, rng: random.Random, index: int) -> _Context:
        created = _EPOCH + timedelta(minutes=rng.randrange(_SPAN_MINUTES - 200 * 24 * 60))
        modified = created + timedelta(minutes=rng.randrange(180 * 24 * 60))
        street = f"{rng.randint(1, 999)} {rng.choice(_STREETS)}"
        names = (rng.choice(_FIRST_NAMES), rng.choice(_LAST_NAMES), rng.choice(_COMPANIES))
        return cls(index, *names, rng.choice(_PLACES), street, created, modified)

    @property
    def domain(self) -> str:
        return "".join(c for c in self.company.split()[0].lower() if c.isalnum()) + ".com"


Text = Callable[[random.Random, _Context], str]

# Text fields by (lower-cased) API name; the names of records, which are never null.
_NAMED_TEXT: dict[str, Text] = {
    "first_name": lambda _, c: c.first,
    "last_name": lambda _, c: c.last,
    "full_name": lambda _, c: f"{c.first} {c.last}",
    "name1": lambda _, c: f"{c.first} {c.last}",
    "alias": lambda _, c: c.first,
    "company": lambda _, c: c.company,
    "account_name": lambda _, c: c.company,
    "vendor_name": lambda _, c: c.company,
    "deal_name": lambda r, c: f"{c.company} - {r.choice(_PRODUCTS)}",
    "campaign_name": lambda r, c: (
        f"{r.choice(('Spring', 'Summer', 'Autumn', 'Winter'))} "
        f"{r.choice(('Webinar', 'Newsletter', 'Trade Show', 'Promotion'))} {c.created.year}"
    ),
    "product_name": lambda r, _: r.choice(_PRODUCTS),
    "price_book_name": lambda r, _: f"{r.choice(('Standard', 'Partner', 'Wholesale'))} Prices",
    "service_name": lambda r, _: f"{r.choice(('Installation', 'Repair', 'Consultation'))} Visit",
    "appointment_name": lambda _, c: f"Visit to {c.company}",
    "subject": lambda r, _: r.choice(_SUBJECTS),
    "event_title": lambda r, _: r.choice(_SUBJECTS),
    "solution_title": lambda r, _: f"How to {r.choice(('reset', 'configure', 'export'))} data",
    "email": lambda _, c: f"{c.first}.{c.last}@{c.domain}".lower(),
}
# Other text fields by name or name ending; the first match wins.
_OTHER_TEXT: tuple[tuple[str, Text], ...] = (
    ("designation", lambda r, _: r.choice(_TITLES)),
    ("title", lambda r, _: r.choice(_TITLES)),
    ("department", lambda r, _: r.choice(_DEPARTMENTS)),
    ("time_zone", lambda r, _: r.choice(_TIME_ZONES)),
    ("locale", lambda _, __: "en_US"),
    ("language", lambda _, __: "en_US"),
    ("skype_id", lambda _, c: f"{c.first}.{c.last}".lower()),
    ("twitter", lambda _, c: f"@{c.first}{c.last}".lower()),
    ("product_code", lambda r, _: f"PRD-{r.randint(1000, 9999)}"),
    ("ticker_symbol", lambda r, c: c.company[:3].upper() + r.choice("XYZ")),
    ("secondary_email", lambda _, c: f"{c.first[0]}{c.last}@mail.example.com".lower()),
    ("city", lambda _, c: c.place[0]),
    ("state", lambda _, c: c.place[1]),
    ("country", lambda _, c: c.place[2]),
    ("street", lambda _, c: c.street),
    ("address", lambda _, c: f"{c.street}, {c.place[0]}"),
    ("zip", lambda _, c: c.place[3]),
    ("_code", lambda _, c: c.place[3]),
)
# Zoho types the emulator shows as a plausible string (JSON ones, such as line items, as text).
_OTHER_TYPES: dict[str, Callable[[random.Random], str]] = {
    "profileimage": lambda r: f"{r.getrandbits(128):032x}",
    "RRULE": lambda r: f"FREQ={r.choice(('DAILY', 'WEEKLY', 'MONTHLY'))};INTERVAL=1",
    "consent_lookup": lambda r: r.choice(("Legitimate Interests", "Contract", "Consent")),
    "territories": lambda r: r.choice(("North America", "EMEA", "APAC")),
}
Maker = Callable[[FieldPlan, random.Random, _Context], Any]
_NULLABLE = frozenset({"text", "textarea", "email", "phone", "website"})


def _text(name: str, rng: random.Random, context: _Context) -> str:
    lower = name.lower()
    named = _NAMED_TEXT.get(lower)
    if named is not None:
        return named(rng, context)
    for ending, make in _OTHER_TEXT:
        if lower.endswith(ending):
            return make(rng, context)
    return f"{rng.choice(_WORDS).capitalize()} {rng.choice(_WORDS)} {rng.randint(1, 99)}"


def _value(plan: FieldPlan, rng: random.Random, context: _Context, module: str) -> Any:
    nullable = plan.name.lower() not in _NAMED_TEXT and plan.data_type in _NULLABLE
    if nullable and rng.random() < NULL_SHARE:
        return None
    if module == USERS and plan.name == "status":
        return "active" if context.index == 0 or rng.random() < 0.85 else "disabled"
    make = _BY_SCALAR.get(plan.scalar) or _BY_DATA_TYPE.get(plan.data_type, _other)
    return make(plan, rng, context)


def _other(plan: FieldPlan, rng: random.Random, _context: _Context) -> str:
    known = _OTHER_TYPES.get(plan.data_type)
    return known(rng) if known else f"{plan.data_type} {rng.randint(1, 999)}"


def _email(plan: FieldPlan, rng: random.Random, context: _Context) -> str:
    return _text("email" if plan.name.lower() == "email" else "secondary_email", rng, context)


def _website(_plan: FieldPlan, rng: random.Random, context: _Context) -> str:
    return f"https://www.{context.domain}" + rng.choice(("", "/pricing", "/contact", "/blog"))


def _moment(name: str, data_type: str, rng: random.Random, context: _Context) -> str:
    lower = name.lower()
    if lower == "created_time":
        moment = context.created
    elif lower == "modified_time":
        moment = context.modified
    elif lower in ("dob", "date_of_birth"):
        moment = datetime(1960, 1, 1, tzinfo=timezone.utc) + timedelta(days=rng.randrange(15_000))
    else:
        moment = _EPOCH + timedelta(minutes=rng.randrange(_SPAN_MINUTES))
    if data_type == "date":
        return date(moment.year, moment.month, moment.day).isoformat()
    return moment.replace(second=0, microsecond=0).isoformat()


def _integer(name: str, rng: random.Random, context: _Context) -> int:
    lower = name.lower()
    if lower == "probability":
        return rng.randrange(0, 101, 10)
    if lower == "sequence_number":
        return context.index + 1
    if "employees" in lower:
        return rng.randint(1, 5000)
    if "duration" in lower:
        return rng.choice((15, 30, 45, 60, 90))
    return rng.randint(0, 500)


def _decimal(name: str, data_type: str, rng: random.Random) -> float:
    lower = name.lower()
    if lower == "exchange_rate":
        return 1.0
    if lower in ("latitude", "longitude"):
        return round(rng.uniform(-80, 80), 6)
    if data_type == "percent" or "rate" in lower:
        return round(rng.uniform(0, 30), 2)
    if data_type == "currency":
        return round(rng.uniform(10, 50_000), 2)
    return round(rng.uniform(0, 500), 2)


def _multiselect(choices: tuple[str, ...], rng: random.Random) -> list[str]:
    options = choices or ("Option 1", "Option 2", "Option 3")
    picked = set(rng.sample(options, rng.randint(1, min(3, len(options)))))
    return [option for option in options if option in picked]  # in pick-list order


# Values by the GraphQL scalar a wrapper holds; for strings, by Zoho data type.
_BY_SCALAR: dict[str, Maker] = {
    "Int": lambda p, r, c: _integer(p.name, r, c),
    "Float": lambda p, r, _: _decimal(p.name, p.data_type, r),
    "Boolean": lambda _, r, __: r.random() < 0.5,
    "Long": lambda _, r, __: r.randint(0, 100_000),
    "[String]": lambda p, r, _: _multiselect(p.choices, r),
}
_BY_DATA_TYPE: dict[str, Maker] = {
    "picklist": lambda p, r, _: r.choice(p.choices or ("Option 1", "Option 2", "Option 3")),
    "date": lambda p, r, c: _moment(p.name, "date", r, c),
    "datetime": lambda p, r, c: _moment(p.name, "datetime", r, c),
    "email": _email,
    "phone": lambda _, r, __: f"+1-555-{r.randint(100, 999)}-{r.randint(1000, 9999)}",
    "website": _website,
    "textarea": lambda _, r, __: r.choice(_SENTENCES),
    "autonumber": lambda _, __, c: str(10_001 + c.index),
    "text": lambda p, r, c: _text(p.name, r, c),
}
