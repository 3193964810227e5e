"""The fast path and the graphql-core engine reach the same report on every document.

Differential: hypothesis drives the generator of valid queries and their mutations
(zgql.testing._mutations); each document is analysed by both engines and the reports must be
equal in everything but ``engine``. benchmarks/bench_engines.py runs the same comparison over
100,000 documents and more.
"""

from __future__ import annotations

import dataclasses
import random
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import zgql
from zgql import Report
from zgql.testing._mutations import differential_document

ROOT = Path(__file__).resolve().parents[2]
LEADS = "{ Records { Leads { _data { id { value } Last_Name { value } } } } }"


def both(text: str | bytes, **options: object) -> tuple[Report, Report]:
    fast = zgql.analyze(text, **options)  # type: ignore[arg-type]
    core = zgql.analyze(text, engine="graphql-core", **options)  # type: ignore[arg-type]
    assert core.engine == "graphql-core"
    assert dataclasses.replace(fast, engine="graphql-core") == core
    return fast, core


@settings(
    max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow], database=None
)
@given(st.randoms(use_true_random=False))
def test_engines_agree_on_generated_documents(rng: random.Random) -> None:
    both(differential_document(zgql.load_schema(), rng))


def test_the_fast_path_decides_valid_generated_documents() -> None:
    """Without this, a fast path that always fell back would pass every differential test."""
    schema = zgql.load_schema()
    engines = []
    for seed in range(60):
        rng = random.Random(seed)
        text = differential_document(schema, rng)
        fast, core = both(text)
        if not any(d.rule in ("schema", "syntax") for d in core.diagnostics):
            engines.append(fast.engine)
    assert engines.count("fast") >= 0.9 * len(engines) > 0


VALID_BUT_SLOW = [
    # fields of one key on mutually exclusive types: graphql-core allows, the fast test does not
    (
        "{ Records { Tasks { _data { What_Id { ... on Leads__data { x: id { value } } "
        "... on Deals__data { x: Deal_Name { value } } } } } } }"
    ),
    "{ __schema { queryType { name } } }",
    "query Q($n: Int = 5) { Records { Leads(limit: $n) { _data { id { value } } } } }",
    "{ Records { Leads { _data { id { value } } } } } ",
]


@pytest.mark.parametrize("text", VALID_BUT_SLOW)
def test_documents_the_fast_path_hands_on_are_judged_by_graphql_core(text: str) -> None:
    fast, _ = both(text)
    assert fast.engine == ("fast" if text.endswith(" ") else "graphql-core")


INVALID = [
    "{ Records { Leads { _data { id { value } } } } }\nfragment U on Leads__data { __typename }",
    (
        "{ Records { Leads { _data { ...A } } } }\nfragment A on Leads__data { ...B }\n"
        "fragment B on Leads__data { ...A }"
    ),
    "{ Records { Leads { _data { ...F } } } }\nfragment F on Deals__data { id { value } }",
    "{ Records { Leads { _data { a: id { value } a: Email { value } } } } }",
    "{ Records { Leads(limit: 2147483648) { _data { id { value } } } } }",
    '{ Records { Leads(limit: "5") { _data { id { value } } } } }',
    "{ Records { Leads(limit: 5, limit: 6) { _data { id { value } } } } }",
    "query Q($v: Int) { Records { Leads { _data { id { value } } } } }",
    "query Q { Records { Leads(limit: $v) { _data { id { value } } } } }",
    "query Q($b: Boolean) { Records { Leads { _data { id @skip(if: $b) { value } } } } }",
    "{ Records { Leads { _data { id @skip(if: true) @skip(if: false) { value } } } } }",
    "{ Records { Leads { _data { id @foo { value } } } } }",
    "{ a: Records { Leads { _data { id { value } } } } }\n{ __typename }",
    "query A { __typename }\nquery A { __typename }",
    "{ Records { Leads { _data { id } } } }",
    "{ Records { Leads { _data { id { value { x } } } } } }",
    "{ Records { Leads { _data { id { value } } } }",
    "{ Records { Leads { _data { id { value } } } } } }",
    '{ Records { Leads(where: { Last_Name: { like: "A%", like: "B" } }) { _data { id { value } } } } }',
    "{ Records { Leads(where: { nope: { equals: 1 } }) { _data { id { value } } } } }",
    "mutation M { __typename }",
    "{ Records { Leads { _data { id { value } } } } } 01",
    '{ Records { Leads { _data { id { value } } } } } "unterminated',
    "",
    "# only a comment",
]


@pytest.mark.parametrize("text", INVALID)
def test_invalid_documents_go_to_graphql_core(text: str) -> None:
    fast, core = both(text)
    assert fast.engine == "graphql-core"
    assert not core.ok


def test_bytes_variables_and_operation_names_agree() -> None:
    both(LEADS.encode())
    both(LEADS, variables={})
    both(LEADS, variables={"x": 1})
    both(LEADS, variables=[1])
    named = f"query A {LEADS}\nquery B {{ __typename }}"
    assert both(named, operation_name="B")[0].engine == "fast"
    assert both(named, operation_name="C")[0].engine == "graphql-core"
    variable = "query Q($n: Int) { Records { Leads(limit: $n) { _data { id { value } } } } }"
    assert both(variable)[0].engine == "fast"
    assert both(variable, variables={"n": 500})[0].engine == "graphql-core"


def test_positions_are_graphql_cores() -> None:
    text = "\r\n# c\r\n{ Records {\r Leads(limit: 500) {\n\t_data { id { value } } } } }"
    fast, _ = both(text)
    assert fast.engine == "fast"
    assert [(d.line, d.column) for d in fast.diagnostics] == [(4, 8)]


def test_an_unknown_engine_is_refused() -> None:
    with pytest.raises(ValueError, match="engine must be one of"):
        zgql.analyze(LEADS, engine="fastest")  # type: ignore[arg-type]


def _modules_after(code: str) -> str:
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    return result.stdout.strip()


def test_valid_documents_import_no_graphql_core(tmp_path: Path) -> None:
    # The compiled schema is cached first: building it (once per schema) is graphql-core's work.
    _modules_after("import zgql; zgql.load_schema()")
    code = (
        "import sys, zgql\n"
        f"report = zgql.analyze({LEADS!r})\n"
        "print(report.engine, 'graphql' in sys.modules)"
    )
    assert _modules_after(code) == "fast False"
    query = tmp_path / "one.graphql"
    query.write_text(LEADS)
    code = (
        "import sys\n"
        "from zgql._cli import main\n"
        f"code = main(['check', '--no-cache', {str(query)!r}])\n"
        "print(code, 'graphql' in sys.modules)"
    )
    assert _modules_after(code).splitlines()[-1] == "0 False"


@pytest.mark.parametrize(
    "text",
    [
        " " * 1_000_000 + "\x01",  # a scanner that retried each position would be quadratic
        "# " * 300_000 + "\n\x01",  # comments that could be split many ways
        '"' + "a" * 1_000_000,  # an unterminated string
        '"\\n' * 300_000,
        "{" * 300_000,
    ],
)
def test_the_fast_tokenizer_is_linear_on_hostile_text(text: str) -> None:
    """Each of these would take hours to scan if the tokenizer backtracked; linear, they take
    milliseconds. The bound is loose, for a loaded machine."""
    import time  # noqa: PLC0415

    from zgql._analysis._fast._lexer import Unsupported, tokenize  # noqa: PLC0415

    start = time.perf_counter()
    with pytest.raises(Unsupported):
        tokenize(text, 50_000)  # the default max-document-tokens
    assert time.perf_counter() - start < 5
