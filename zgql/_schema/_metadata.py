"""Field metadata: for each module, each field's Zoho ``data_type`` and flags.

The file format mirrors Zoho's own field metadata (``api_name``, ``data_type``, ``json_type``,
``lookup.module.api_name``, ``crypt``, ``external_id``), grouped by module, so that any JSON tool
can read it and a live org's ``_Meta`` answer can be written into it unchanged.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import Any

from zgql._exceptions import SchemaError

__all__ = [
    "FieldMeta",
    "Metadata",
    "metadata_from_json",
    "metadata_to_json",
    "module_document",
    "parse_metadata",
]

METADATA_VERSION = 1
RELATED_SUFFIX = "__r"  # the GraphQL field of a subform or related list: `Name__r`
RELATED_LIST = "related_list"  # the data type zgql gives a related list's field (zoho.toml)


@dataclass(frozen=True, slots=True)
class FieldMeta:
    """What zgql needs to know of one Zoho field."""

    api_name: str
    data_type: str
    encrypted: bool = False
    external_id: bool = False


@dataclass(frozen=True, slots=True)
class Metadata:
    """Module API name → field API name → :class:`FieldMeta`, plus where it came from."""

    modules: Mapping[str, Mapping[str, FieldMeta]]
    source: Mapping[str, Any]

    def field(self, module: str, name: str) -> FieldMeta | None:
        return self.modules.get(module, {}).get(name)


EMPTY = Metadata(modules={}, source={"kind": "none"})


def parse_metadata(raw: Any, origin: str) -> Metadata:
    """Check and type a parsed metadata JSON document; :class:`SchemaError` names what is wrong."""
    if not isinstance(raw, dict) or not isinstance(raw.get("modules"), list):
        raise SchemaError(f"{origin}: not zgql field metadata (no 'modules' list)")
    version = raw.get("zgql_metadata_version")
    if version != METADATA_VERSION:
        raise SchemaError(
            f"{origin}: metadata format version {version!r} is not {METADATA_VERSION}; "
            "pull the schema again with this zgql"
        )
    modules: dict[str, dict[str, FieldMeta]] = {}
    for index, module in enumerate(raw["modules"]):
        where = f"{origin}: modules[{index}]"
        if not isinstance(module, dict) or not isinstance(module.get("api_name"), str):
            raise SchemaError(f"{where}: a module needs an 'api_name'")
        fields = module.get("fields")
        if not isinstance(fields, list):
            raise SchemaError(f"{where} ({module['api_name']}): 'fields' must be a list")
        typed = {meta.api_name: meta for meta in (_field(f, f"{where}.fields") for f in fields)}
        related = _related_lists(module.get("related_lists"), f"{where}.related_lists")
        # A subform's own `Name__r` stays the subform's, should a related list share its name.
        typed.update(
            (meta.api_name, meta)
            for meta in related
            if meta.api_name.removesuffix(RELATED_SUFFIX) not in typed
        )
        modules[module["api_name"]] = typed
    source = raw.get("source")
    return Metadata(modules=modules, source=source if isinstance(source, dict) else {})


def _field(raw: Any, where: str) -> FieldMeta:
    if not isinstance(raw, dict):
        raise SchemaError(f"{where}: a field must be an object")
    api_name, data_type = raw.get("api_name"), raw.get("data_type")
    if not isinstance(api_name, str) or not isinstance(data_type, str):
        raise SchemaError(f"{where}: a field needs string 'api_name' and 'data_type' ({raw!r:.80})")
    return FieldMeta(
        api_name=api_name,
        data_type=data_type,
        encrypted=bool(raw.get("crypt")),
        external_id=bool(raw.get("external_id")),
    )


def _related_lists(raw: Any, where: str) -> list[FieldMeta]:
    """A module's related lists as the ``Name__r`` fields that serve their records.

    Keyed by the GraphQL field name (``Deals__r``), never the bare API name, so that a related
    list cannot hide a field of the same name (a module may have a ``Deals`` field and a
    ``Deals`` related list)."""
    if raw is None:
        return []
    if not isinstance(raw, list):
        raise SchemaError(f"{where}: 'related_lists' must be a list")
    found = []
    for index, item in enumerate(raw):
        api_name = item.get("api_name") if isinstance(item, dict) else None
        if not isinstance(api_name, str):
            raise SchemaError(f"{where}[{index}]: a related list needs a string 'api_name'")
        found.append(FieldMeta(api_name=api_name + RELATED_SUFFIX, data_type=RELATED_LIST))
    return found


def module_document(
    module: str, fields: Mapping[str, FieldMeta], dropped: Collection[str] = ()
) -> dict[str, Any]:
    """One module of a metadata file, written back from typed metadata (less the fields named
    in ``dropped``): its fields, and its related lists apart, as the file holds them, so that
    reading the file again gives the same metadata."""
    document: dict[str, Any] = {"api_name": module, "fields": [], "related_lists": []}
    for name, meta in fields.items():
        if name in dropped:
            continue
        if meta.data_type == RELATED_LIST and name.endswith(RELATED_SUFFIX):
            document["related_lists"].append({"api_name": name.removesuffix(RELATED_SUFFIX)})
            continue
        document["fields"].append(
            {
                "api_name": meta.api_name,
                "data_type": meta.data_type,
                "crypt": meta.encrypted,
                "external_id": meta.external_id,
            }
        )
    return document


def metadata_to_json(metadata: Metadata) -> dict[str, Any]:
    """The typed metadata as compact JSON data, for the schema cache."""
    return {
        "modules": {
            module: {name: [f.data_type, f.encrypted, f.external_id] for name, f in fields.items()}
            for module, fields in metadata.modules.items()
        },
        "source": dict(metadata.source),
    }


def metadata_from_json(raw: dict[str, Any]) -> Metadata:
    """:func:`metadata_to_json` undone; ``KeyError``/``TypeError``/``ValueError`` on another
    shape."""
    return Metadata(
        modules={
            module: {
                name: FieldMeta(name, str(data_type), bool(crypt), bool(external))
                for name, (data_type, crypt, external) in fields.items()
            }
            for module, fields in raw["modules"].items()
        },
        source=dict(raw["source"]),
    )
