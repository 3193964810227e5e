"""The ``schema-change`` fault's schema: fields removed, everything else as it was, related
lists included (they are written back as related lists, not as fields)."""

from __future__ import annotations

import zgql
from zgql._emulator._schema_change import without_field

DEALS_OF_CONTACTS = "{ Records { Contacts { _data { Deals__r { _data { id { value } } } } } } }"


def test_a_change_elsewhere_keeps_related_lists_priced(schema: zgql.Schema) -> None:
    changed = without_field(schema, {"Leads.Lead_Source"})
    assert changed.metadata.field("Contacts", "Deals__r") == schema.metadata.field(
        "Contacts", "Deals__r"
    )
    assert changed.metadata.field("Contacts", "Deals") is None  # not made a field
    assert zgql.analyze(DEALS_OF_CONTACTS, changed).operations[0].complexity == 150
    report = zgql.analyze("{ Records { Leads { _data { Lead_Source { value } } } } }", changed)
    assert [d.rule for d in report.diagnostics] == ["schema"]


def test_a_related_list_can_be_removed(schema: zgql.Schema) -> None:
    changed = without_field(schema, {"Contacts.Deals__r"})
    assert changed.metadata.field("Contacts", "Deals__r") is None
    assert [d.rule for d in zgql.analyze(DEALS_OF_CONTACTS, changed).diagnostics] == ["schema"]
