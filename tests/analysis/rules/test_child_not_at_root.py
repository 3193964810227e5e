from __future__ import annotations

from conftest import Analyse


def test_subform_at_root(one: Analyse) -> None:
    assert one("{ Records { Leads { _data { Subform_1__r { _data { id { value } } } } } } }").ok


def test_subform_under_a_lookup(one: Analyse) -> None:
    query = "{ Records { Invoices { _data { Sales_Order { Ordered_Items__r { _data { id { value } } } } } } } }"
    (found,) = one(query).diagnostics
    assert found.rule == "child-not-at-root"
    assert found.path == "Records.Invoices._data.Sales_Order.Ordered_Items__r"
    assert "Sales_Orders at the root" in found.message


def test_multi_user_lookup_is_a_child_relation(one: Analyse) -> None:
    operation = one(
        "{ Records { Services__s { _data { Members__r { _data { email { value } } } } } } }"
    )
    assert operation.ok
    assert [n.kind for n in operation.breakdown.walk()][-1] == "child-relation"
    assert operation.complexity == 150


def test_multi_module_lookup_at_root(one: Analyse) -> None:
    operation = one(
        "{ Records { Appointments__s { _data { Appointment_For { "
        "... on Leads__data { id { value } } } } } } }"
    )
    assert (operation.ok, operation.complexity) == (True, 150)
