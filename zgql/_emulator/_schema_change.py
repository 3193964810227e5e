"""The ``schema-change`` fault: the schema the emulator validates against loses fields, as an
org's does when an administrator deletes them (Zoho shows the change within ~5 minutes)."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

from graphql import introspection_from_schema

from zgql._schema import Schema, load_schema
from zgql._schema._metadata import METADATA_VERSION, module_document

__all__ = ["without_field"]


def without_field(schema: Schema, removed: set[str]) -> Schema:
    """``schema`` without each ``Module.Field`` in ``removed`` (in records, filters, order)."""
    introspection: dict[str, Any] = dict(introspection_from_schema(schema.graphql_schema))
    gone = {(module, name) for module, _, name in (p.partition(".") for p in removed)}
    for type_ in introspection["__schema"]["types"]:
        module, _, kind = type_["name"].rpartition("__")
        if kind not in ("data", "Filter", "OrderBy"):
            continue
        for key in ("fields", "inputFields"):
            if type_.get(key):
                type_[key] = [f for f in type_[key] if (module, f["name"]) not in gone]
    metadata = {
        "zgql_metadata_version": METADATA_VERSION,
        "source": {"kind": "emulated"},
        "modules": [
            module_document(module, fields, {name for m, name in gone if m == module})
            for module, fields in schema.metadata.modules.items()
        ],
    }
    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / "changed.introspection.json").write_text(json.dumps(introspection))
        (Path(folder) / "changed.metadata.json").write_text(json.dumps(metadata))
        return load_schema(folder)
