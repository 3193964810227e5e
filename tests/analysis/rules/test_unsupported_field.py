from __future__ import annotations

import pytest
from conftest import Analyse


@pytest.mark.parametrize(
    ("module", "field", "said"),
    [
        ("Calls", "Call_Status", "Call_Status"),
        ("Calls", "CTI_Entry", "CTI_Entry"),
        ("Events", "Participants", "Participants"),
        ("Leads", "Record_Image", "profileimage"),
        ("Leads", "Data_Processing_Basis", "Data_Processing_Basis"),
        ("Price_Books", "Pricing_Details", "Pricing_Details"),
        ("Quotes", "Product_Details", "line items"),
        ("Services__s", "Available_Dates", "multi-date"),
    ],
)
def test_unsupported(one: Analyse, module: str, field: str, said: str) -> None:
    query = f"{{ Records {{ {module} {{ _data {{ id {{ value }} {field} {{ value }} }} }} }} }}"
    (found,) = one(query).diagnostics
    assert found.rule == "unsupported-field"
    assert found.path == f"Records.{module}._data.{field}"
    assert said in found.message and "remove it" in found.message


def test_supported_fields_pass(one: Analyse) -> None:
    assert one("{ Records { Calls { _data { Subject { value } Call_Type { value } } } } }").ok


def test_inside_a_lookup(one: Analyse) -> None:
    operation = one("{ Records { Deals { _data { Contact_Name { Record_Image { value } } } } } }")
    assert [d.path for d in operation.diagnostics] == [
        "Records.Deals._data.Contact_Name.Record_Image"
    ]
