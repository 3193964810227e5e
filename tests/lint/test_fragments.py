from __future__ import annotations

from zgql._lint._fragments import assemble, facts_of, needed_fragments

OWN = "query Q { Records { Leads { _data { ...A } } } }"
DEFS = """# shared fragments
fragment A on Leads__data { id { value } ...B }

   fragment B on Leads__data {
     Owner { email { value } }
   }
"""


def test_facts() -> None:
    facts = facts_of(DEFS)
    assert (facts.parses, facts.has_operations) == (True, False)
    a, b = facts.fragments
    assert (a.name, a.line, a.column, a.spreads) == ("A", 2, 1, frozenset({"B"}))
    assert (b.name, b.line, b.column) == ("B", 4, 4)
    assert facts.spreads == {"B"}
    assert facts_of(OWN).spreads == {"A"}
    assert facts_of("{").parses is False


def test_identical_fragments_have_one_digest_whatever_their_layout() -> None:
    one = facts_of("fragment A on X { a b }").fragments[0]
    other = facts_of("fragment A on X {\n  a\n  b\n}").fragments[0]
    assert one.digest == other.digest
    assert facts_of("fragment A on X { a }").fragments[0].digest != one.digest


def test_needed_fragments_are_transitive() -> None:
    table = {f.name: f for f in facts_of(DEFS).fragments}
    assert [f.name for f in needed_fragments(facts_of(OWN), table)] == ["A", "B"]


def test_assembly_maps_lines_back_exactly() -> None:
    table = {f.name: f for f in facts_of(DEFS).fragments}
    assembly = assemble(OWN, needed_fragments(facts_of(OWN), table))
    lines = assembly.text.splitlines()
    assert assembly.origin(1) == (None, 1)
    a_line = lines.index("fragment A on Leads__data { id { value } ...B }") + 1
    assert assembly.origin(a_line) == (0, 2)
    owner_line = next(i for i, text in enumerate(lines, 1) if "Owner" in text)
    assert assembly.origin(owner_line) == (1, 5)
    assert lines[owner_line - 1] == DEFS.splitlines()[4]  # same columns too
