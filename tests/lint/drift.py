"""A schema that drifted from the bundled one, as an org's does: what the baseline and drift tests
compare against. Built from the bundled files, so that it follows them when they change."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

BUNDLED = Path(__file__).resolve().parents[2] / "schema"


def _type(types: list[dict[str, Any]], name: str) -> dict[str, Any]:
    return next(t for t in types if t["name"] == name)


def drifted_schema(folder: Path) -> Path:
    """The bundled schema with, in ``folder``: ``Leads.Full_Name`` removed (field, filter and
    sort member); ``Leads.Rating_Score`` added; ``Deals.Account_Name`` a multi-select lookup
    (a child relation: 50 points, not 25); ``Leads.Designation`` a textarea."""
    introspection = json.loads((BUNDLED / "zoho-crm-enterprise.introspection.json").read_text())
    types = introspection["__schema"]["types"]
    leads = _type(types, "Leads__data")
    full_name = next(f for f in leads["fields"] if f["name"] == "Full_Name")
    leads["fields"] = [f for f in leads["fields"] if f["name"] != "Full_Name"]
    leads["fields"].append({**full_name, "name": "Rating_Score", "description": "Rating (text)"})
    for name in ("Leads__Filter", "Leads__OrderBy"):
        members = _type(types, name)["inputFields"]
        _type(types, name)["inputFields"] = [m for m in members if m["name"] != "Full_Name"]
    metadata = json.loads((BUNDLED / "zoho-crm-enterprise.metadata.json").read_text())
    for module in metadata["modules"]:
        for field in module["fields"]:
            if (module["api_name"], field["api_name"]) == ("Deals", "Account_Name"):
                field["data_type"] = "multiselectlookup"
            if (module["api_name"], field["api_name"]) == ("Leads", "Designation"):
                field["data_type"] = "textarea"
        if module["api_name"] == "Leads":
            module["fields"].append({"api_name": "Rating_Score", "data_type": "text"})
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "org.introspection.json").write_text(json.dumps(introspection))
    (folder / "org.metadata.json").write_text(json.dumps(metadata))
    return folder
