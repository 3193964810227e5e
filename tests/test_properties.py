"""Properties of the analysis over generated queries and arbitrary input."""

from __future__ import annotations

import math
import random

from graphql import GraphQLObjectType, GraphQLUnionType, get_named_type
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import zgql
from zgql.testing import QueryTree, Selection, random_query

SCHEMA = zgql.load_schema()
KNOWN_RULES = set(zgql.RULE_NAMES)

common = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def queries(draw: st.DrawFn, *, max_level: int = 4) -> QueryTree:
    # A drawn seed, not st.randoms(): hypothesis instruments every call of the latter, which
    # makes generation a hundred times slower for little better shrinking.
    rng = random.Random(draw(st.integers(min_value=0, max_value=2**32)))
    size = draw(st.integers(min_value=1, max_value=60))
    return random_query(SCHEMA.graphql_schema, rng, fields=size, max_level=max_level)


def figures(report: zgql.Report) -> list[tuple[object, ...]]:
    return [
        (
            op.name,
            op.complexity,
            op.credits_exact,
            op.records_depth,
            op.metadata_depth,
            [(n.kind, n.points, n.total_points) for n in op.breakdown.walk()],
        )
        for op in report.operations
    ]


def findings(report: zgql.Report) -> list[tuple[str, str | None, object]]:
    return [(d.rule, d.path, d.value) for d in report.diagnostics]


def generated_parse_and_validate(tree: QueryTree) -> zgql.Report:
    report = zgql.analyze(tree.render(), SCHEMA)
    assert not [d for d in report.diagnostics if d.rule in ("syntax", "schema")], tree.render()
    return report


@common
@given(st.text())
def test_analyze_never_raises_on_text(text: str) -> None:
    report = zgql.analyze(text, SCHEMA)
    assert {d.rule for d in report.diagnostics} <= KNOWN_RULES


@common
@given(st.binary())
def test_analyze_never_raises_on_bytes(data: bytes) -> None:
    assert {d.rule for d in zgql.analyze(data, SCHEMA).diagnostics} <= KNOWN_RULES


@common
@given(
    queries(),
    st.lists(
        st.tuples(st.integers(0, 10_000), st.sampled_from('{}()[]:$@.!"#x \n')),
        min_size=1,
        max_size=6,
    ),
)
def test_analyze_never_raises_on_damaged_queries(
    tree: QueryTree, edits: list[tuple[int, str]]
) -> None:
    text = tree.render()
    for position, char in edits:
        at = position % len(text)
        text = text[:at] + char + text[at + 1 :]
    report = zgql.analyze(text, SCHEMA)
    assert {d.rule for d in report.diagnostics} <= KNOWN_RULES


@common
@given(queries())
def test_credits_are_complexity_over_100_rounded_up(tree: QueryTree) -> None:
    for operation in generated_parse_and_validate(tree).operations:
        assert operation.credits == math.ceil(operation.complexity / 100)
        assert operation.credits_exact * 100 == operation.complexity


@common
@given(queries())
def test_inlining_fragments_changes_no_figure(tree: QueryTree) -> None:
    plain = generated_parse_and_validate(tree)
    fragmented = zgql.analyze(tree.render(fragments=True), SCHEMA)
    assert figures(fragmented) == figures(plain)
    # Fragments move fields to other lines, so diagnostics come in another source order.
    assert sorted(map(str, findings(fragmented))) == sorted(map(str, findings(plain)))


@common
@given(queries(), st.sampled_from(["b", "zz", "alias_long_name"]))
def test_renaming_aliases_changes_no_depth(tree: QueryTree, prefix: str) -> None:
    before = generated_parse_and_validate(tree)
    after = zgql.analyze(tree.render(alias_prefix=prefix), SCHEMA)
    assert [(op.records_depth, op.metadata_depth) for op in after.operations] == [
        (op.records_depth, op.metadata_depth) for op in before.operations
    ]
    assert [op.complexity for op in after.operations] == [op.complexity for op in before.operations]


@common
@given(queries(), st.integers(min_value=0, max_value=2**32))
def test_adding_a_field_never_lowers_complexity(tree: QueryTree, seed: int) -> None:
    rng = random.Random(seed)
    (before,) = generated_parse_and_validate(tree).operations
    records = [s for s in tree.selection_sets() if s.on.endswith("__data")]
    if not records:
        return
    target = rng.choice(records)
    target.children.append(_any_field_of(target.on, rng))
    report = zgql.analyze(tree.render(), SCHEMA)
    (after,) = report.operations
    assert after.complexity >= before.complexity


def _any_field_of(type_name: str, rng: random.Random) -> Selection:
    record = SCHEMA.graphql_schema.get_type(type_name)
    assert isinstance(record, GraphQLObjectType)
    name = rng.choice(sorted(record.fields))
    named = get_named_type(record.fields[name].type)
    if isinstance(named, GraphQLUnionType):
        children = [Selection("__typename", "")]
    elif isinstance(named, GraphQLObjectType) and "_data" in named.fields:
        children = [Selection("_data", "", children=[Selection("__typename", "")])]
    elif isinstance(named, GraphQLObjectType) and "value" in named.fields:
        children = [Selection("value", "")]
    else:
        children = [Selection("__typename", "")]
    return Selection(name, named.name, alias="added", children=children)


@common
@given(queries(max_level=5))
def test_depth_is_bounded_by_what_the_generator_nests(tree: QueryTree) -> None:
    for operation in generated_parse_and_validate(tree).operations:
        assert operation.records_depth <= 5
        over = operation.records_depth > 3
        assert over == any(d.rule == "records-depth" for d in operation.diagnostics)
