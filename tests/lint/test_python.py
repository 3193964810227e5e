"""Queries embedded in Python: the three ways of finding them, and the exact map back to the file.

Every test reads its source through ``extract``, which checks two things besides what the test
asserts: every str literal of the source decodes, by zgql's reader, to what Python makes of it
(``ast.literal_eval`` of its source segment); and for every query found, the source between the
file positions ``to_file`` gives for two consecutive characters decodes to exactly the first of
them — each character of the value maps to where its spelling starts, and nothing is skipped.
"""

from __future__ import annotations

import ast
import io
import json
import re
import tokenize
import warnings
from bisect import bisect_right
from collections.abc import Iterator
from itertools import pairwise

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from zgql._lint._python import EmbeddedQuery, UnanalysableQuery, _read_literal, extract_queries

LEADS = "{ Records { Leads { _data { id { value } } } } }"
QUOTES = ('"""', "'''", '"', "'")
NEWLINE = re.compile(r"\r\n|\r|\n")

common = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


# --- Positions, counted independently of the module under test ------------------------------


def line_starts(text: str) -> list[int]:
    return [0, *(match.end() for match in NEWLINE.finditer(text))]


def position(text: str, offset: int) -> tuple[int, int]:
    """The 1-based (line, column) of a character offset, columns in characters."""
    starts = line_starts(text)
    line = bisect_right(starts, offset)
    return line, offset - starts[line - 1] + 1


def offset_of(text: str, line: int, column: int) -> int:
    starts = line_starts(text)
    assert 1 <= line <= len(starts) and column >= 1
    offset = starts[line - 1] + column - 1
    assert offset <= (starts[line] if line < len(starts) else len(text))
    return offset


def where(source: str, needle: str) -> tuple[int, int]:
    """Where `needle` first occurs in `source`."""
    return position(source, source.index(needle))


# --- The checks every test runs -------------------------------------------------------------


def python_value(segment: str) -> object:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "\d" and the like warn; the value is what matters
        return ast.literal_eval(segment)


def str_literal_segments(source: str) -> Iterator[str]:
    """The source segment of every str constant (an f-string's parts are not literals)."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            tree = ast.parse(source)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return
    stack: list[ast.AST] = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            segment = ast.get_source_segment(source, node)
            assert segment is not None
            yield segment
        elif not isinstance(node, ast.JoinedStr):
            stack.extend(ast.iter_child_nodes(node))


def string_tokens(segment: str) -> int:
    # In parentheses, adjacent literals on several lines make no indentation tokens.
    tokens = tokenize.generate_tokens(io.StringIO(f"({segment})").readline)
    return sum(token.type == tokenize.STRING for token in tokens)


def check_reader(segment: str) -> None:
    """zgql's reader decodes a single literal as Python does, and stops early on several."""
    literal = _read_literal(segment, 0)
    assert literal is not None, segment
    if string_tokens(segment) == 1:
        assert literal.value == python_value(segment), segment
        assert literal.stop == len(segment)
    else:
        assert literal.stop < len(segment)


def decode(prefix: str, piece: str) -> str:
    """The value of part of a literal's content, read on its own."""
    if prefix.lower() == "r":
        return NEWLINE.sub("\n", piece)
    if piece == "\\":  # an unknown escape's backslash, which stays; what follows is read apart
        return "\\"
    quote = "'''" if '"' in piece else '"""'
    value = python_value(f"{prefix}{quote}{piece}{quote}")
    assert isinstance(value, str)
    return value


def addressable(text: str) -> list[int]:
    """The indices a (line, column) can name: all but the "\n" of a "\r\n", which is one line
    end in GraphQL as in Python; then one past the end."""
    indices = [i for i in range(len(text)) if not (text[i] == "\n" and text[i - 1 : i] == "\r")]
    return [*indices, len(text)]


def check_map(source: str, query: EmbeddedQuery) -> None:
    """Each character's source starts where to_file says, and the pieces tile the content."""
    start = offset_of(source, query.line, query.column)
    prefix = re.match(r"[rRuU]?", source[start:])
    assert prefix is not None
    quote = next(q for q in QUOTES if source.startswith(q, prefix.end() + start))
    content = start + prefix.end() + len(quote)
    indices = addressable(query.text)
    ends = [offset_of(source, *query.to_file(*position(query.text, i))) for i in indices]
    assert source.startswith(quote, ends[-1])  # one past the end is the closing quote
    assert decode(prefix.group(), source[content : ends[0]]) == ""  # only line continuations
    for (a, b), (i, j) in zip(pairwise(ends), pairwise(indices), strict=True):
        assert decode(prefix.group(), source[a:b]) == query.text[i:j], (source[a:b], i)


def extract(source: str) -> tuple[list[EmbeddedQuery], list[UnanalysableQuery]]:
    queries, unanalysable = extract_queries(source)
    text = source.removeprefix("\ufeff")
    for segment in str_literal_segments(text):
        check_reader(segment)
    for query in queries:
        check_map(text, query)
    assert queries == sorted(queries, key=lambda q: (q.line, q.column))
    assert unanalysable == sorted(unanalysable, key=lambda q: (q.line, q.column))
    return queries, unanalysable


def only(source: str) -> EmbeddedQuery:
    queries, unanalysable = extract(source)
    assert not unanalysable, unanalysable
    assert len(queries) == 1, queries
    return queries[0]


def refused(source: str) -> UnanalysableQuery:
    queries, unanalysable = extract(source)
    assert not queries, queries
    assert len(unanalysable) == 1, unanalysable
    return unanalysable[0]


def spellings(source: str, query: EmbeddedQuery) -> list[str]:
    """The source of each character of the query, as to_file places them."""
    indices = addressable(query.text)
    ends = [offset_of(source, *query.to_file(*position(query.text, i))) for i in indices]
    return [source[a:b] for a, b in pairwise(ends)]


# --- 1. gql(...) calls ----------------------------------------------------------------------


def test_gql_call_on_one_line_maps_a_position_inside_the_query() -> None:
    source = f'from gql import gql\n\nquery = gql("{LEADS}")\n'
    query = only(source)
    assert query.text == LEADS
    assert (query.line, query.column) == (3, 13)  # the opening quote
    assert query.to_file(1, 1) == (3, 14)
    assert query.to_file(1, LEADS.index("Leads") + 1) == (3, 26) == where(source, "Leads")
    assert query.to_file(1, len(LEADS) + 1) == (3, 14 + len(LEADS))  # the closing quote


@pytest.mark.parametrize("callee", ["gql", "gql_module.gql", "self.client.gql"])
def test_gql_as_a_name_or_an_attribute(callee: str) -> None:
    source = f'result = {callee}("{LEADS}")\n'
    query = only(source)
    assert (query.text, query.line, query.column) == (LEADS, 1, len(f"result = {callee}(") + 1)


def test_gql_request_string_keyword() -> None:
    source = f'document = gql(request_string="{LEADS}")\n'
    assert only(source).column == where(source, '"')[1]


def test_only_the_first_argument_of_gql_is_the_query() -> None:
    source = f'gql("{LEADS}", "not a query")\n'
    assert only(source).text == LEADS


def test_other_calls_and_argumentless_gql_are_not_queries() -> None:
    assert extract('print("{ a }")\nexecute("{ b }")\ngql_query("{ c }")\ngql()\n') == ([], [])


# --- Multi-line literals, indentation -------------------------------------------------------


def test_triple_quoted_query_starting_on_the_quote_line() -> None:
    source = 'LEADS = gql("""query {\n  Records { Leads { _data { id { value } } } }\n}""")\n'
    query = only(source)
    assert query.text.startswith("query {\n  Records")
    assert (query.line, query.column) == (1, 13)
    assert query.to_file(1, 1) == (1, 16)  # "query", after the three quotes
    assert query.to_file(1, 8) == (1, 23)  # the line end after "{"
    assert query.to_file(2, 3) == (2, 3)  # "Records"
    assert query.to_file(3, 1) == (3, 1)  # "}"
    assert query.to_file(3, 2) == (3, 2)  # the end: the closing quotes


def test_triple_quoted_query_starting_on_the_next_line_indented() -> None:
    source = (
        "def leads(client):\n"
        "    return client.execute(\n"
        "        gql(\n"
        '            """\n'
        "            query {\n"
        "              Records { Leads { _data { id { value } } } }\n"
        "            }\n"
        '            """\n'
        "        )\n"
        "    )\n"
    )
    query = only(source)
    assert (query.line, query.column) == (4, 13)
    assert query.text.startswith("\n            query {\n")
    assert query.to_file(1, 1) == (4, 16)  # the line end right after the quotes
    assert query.to_file(2, 13) == (5, 13) == where(source, "query")
    assert query.to_file(3, 15) == (6, 15) == where(source, "Records")
    assert query.to_file(5, 13) == (8, 13)  # the end of the text: the closing quotes


# --- Escapes and prefixes -------------------------------------------------------------------


def test_escapes_map_to_the_backslash_that_starts_them() -> None:
    source = r'gql("{ a(s: \"x\\y\") }\n\t{ b }")' + "\n"
    query = only(source)
    assert query.text == '{ a(s: "x\\y") }\n\t{ b }'
    assert spellings(source, query) == [
        *"{ a(s: ",
        '\\"',
        "x",
        "\\\\",
        "y",
        '\\"',
        *") }",
        "\\n",
        "\\t",
        *"{ b }",
    ]
    assert query.to_file(2, 2) == where(source, "{ b")  # after "\n" and "\t"


def test_backslash_newline_gives_no_character() -> None:
    source = 'gql("{ a \\\n  b }")\n'  # the literal runs on to the next line
    query = only(source)
    assert query.text == "{ a   b }"
    assert query.to_file(1, 4) == (1, 9)  # the space before the backslash
    assert query.to_file(1, 5) == (2, 1)  # the next character is on the next line
    assert query.to_file(1, 7) == (2, 3) == where(source, "b }")


def test_unicode_escapes_map_to_their_backslash() -> None:
    source = (
        r'gql("{ a(s: \"\u00e9\N{LATIN SMALL LETTER E WITH ACUTE}\U0001F600\x41\101\") b }")' + "\n"
    )
    query = only(source)
    assert query.text == '{ a(s: "éé😀AA") b }'
    assert spellings(source, query)[8:13] == [
        "\\u00e9",
        "\\N{LATIN SMALL LETTER E WITH ACUTE}",
        "\\U0001F600",
        "\\x41",
        "\\101",
    ]
    assert query.to_file(1, query.text.index("b") + 1) == where(source, "b }")


@pytest.mark.parametrize(
    ("literal", "value"),
    [
        (r'"\0\12\1234"', "\0\n" + "S4"),  # octal: one to three digits
        (r'"\d\é\8"', "\\d\\é\\8"),  # unknown escapes keep their backslash
        (r'"\a\b\f\v\r"', "\a\b\f\v\r"),
        (r'"\N{bullet}\N{BOM}"', "\u2022\ufeff"),  # any case, and aliases
        (r"'\'\"'", "'\""),
    ],
)
def test_every_escape_python_accepts(literal: str, value: str) -> None:
    assert only(f"# graphql\nQUERY = {literal}\n").text == value


def test_raw_strings_keep_backslashes() -> None:
    source = r'gql(r"{ a(s: \"x\n\") b }")' + "\n"
    query = only(source)
    assert query.text == r"{ a(s: \"x\n\") b }"
    assert spellings(source, query)[7:9] == ["\\", '"']  # a backslash keeps the quote open
    assert query.to_file(1, query.text.index("b") + 1) == where(source, "b }")


def test_raw_triple_quoted_backslash_newline_is_kept() -> None:
    source = 'gql(R"""{ a \\\n  b }""")\n'
    query = only(source)
    assert query.text == "{ a \\\n  b }"
    assert query.to_file(2, 3) == (2, 3)


def test_u_prefix() -> None:
    source = f'gql(u"{LEADS}")\n'
    query = only(source)
    assert (query.column, query.to_file(1, 1)) == (5, (1, 7))


# --- Columns and line ends ------------------------------------------------------------------


def test_columns_count_characters_not_utf8_bytes() -> None:
    source = '名前 = "ü😀"; query = gql("{ ü😀 a }")\n'
    query = only(source)
    assert (query.line, query.column) == where(source, '"{')
    assert query.to_file(1, 6) == where(source, "a }")


def test_non_ascii_in_an_earlier_line_of_a_multi_line_literal() -> None:
    source = 'gql("""# é😀 comment\n{ a }""")\n'
    query = only(source)
    assert query.to_file(1, 4) == (1, 11)  # "😀"
    assert query.to_file(1, 5) == (1, 12)  # one column further: a code point, as in GraphQL
    assert query.to_file(2, 3) == (2, 3)


def test_crlf_line_ends() -> None:
    source = 'q = gql("""\r\nquery {\r\n  Records { a }\r\n}\r\n""")\r\n'
    query = only(source)
    assert query.text == "\nquery {\n  Records { a }\n}\n"  # Python reads "\r\n" as "\n"
    assert query.to_file(1, 1) == (1, 12)  # the line end right after the quotes
    assert query.to_file(2, 8) == (2, 8)  # a line end maps to its "\r"
    assert query.to_file(3, 3) == (3, 3)
    assert query.to_file(5, 1) == (5, 1)  # the closing quotes


def test_crlf_backslash_continuation() -> None:
    source = 'gql("{ a \\\r\n  b }")\r\n'
    query = only(source)
    assert query.text == "{ a   b }"
    assert query.to_file(1, 5) == (2, 1)


def test_lone_cr_line_ends() -> None:
    source = 'x = 1\rq = gql("""{\r  a\r}""")\r'
    query = only(source)
    assert (query.line, query.column) == (2, 9)
    assert query.to_file(2, 3) == (3, 3)


def test_escaped_line_ends_in_the_value_are_graphql_line_ends() -> None:
    source = r'gql("{ a }\r\n{ b }\r{ c }")' + "\n"
    query = only(source)
    assert query.to_file(2, 1) == where(source, "{ b")  # "\r\n" is one line end, as in GraphQL
    assert query.to_file(3, 1) == where(source, "{ c")
    assert query.to_file(1, 99) == where(source, "\\r\\n")  # a line's end is its "\r"


def test_a_byte_order_mark_is_not_a_column() -> None:
    source = f'\ufeffq = gql("{LEADS}")\n'
    query = only(source)
    assert (query.line, query.column, query.to_file(1, 1)) == (1, 9, (1, 10))


# --- Module constants -----------------------------------------------------------------------


def test_a_module_constant_passed_by_name_is_reported_at_its_literal() -> None:
    source = f'from gql import gql\n\nLEADS = "{LEADS}"\n\n\ndef f(c):\n    return gql(LEADS)\n'
    query = only(source)
    assert (query.text, query.line, query.column) == (LEADS, 3, 9)


def test_a_constant_used_by_several_calls_is_reported_once() -> None:
    source = f'LEADS: str = """{LEADS}"""\na = gql(LEADS)\nb = gql(LEADS)\n'
    assert only(source).line == 1


def test_an_annotation_alone_is_no_binding() -> None:
    source = f'LEADS: str\nLEADS = "{LEADS}"\ngql(LEADS)\n'
    assert only(source).line == 2


def test_a_chained_assignment_is_one_binding() -> None:
    source = f'LEADS = DEFAULT = "{LEADS}"\ngql(LEADS)\n'
    assert only(source).text == LEADS


def test_a_constant_assigned_twice_is_not_guessed() -> None:
    source = f'LEADS = "{LEADS}"\nif x:\n    LEADS = "{{ b }}"\ngql(LEADS)\n'
    found = refused(source)
    assert (found.line, found.column) == (4, 5)
    assert "`LEADS`" in found.reason and "more than once" in found.reason


@pytest.mark.parametrize(
    ("assignment", "words"),
    [
        ("LEADS = load()", "the result of a call"),
        ("LEADS = '{ a' + x", "built with +"),
        ("LEADS = '{ %s }' % x", "%-formatting"),
        ("LEADS = '{ a }'.format()", ".format()"),
        ("from queries import LEADS", "plain `LEADS = ...`"),
        ("if x:\n    LEADS = '{ a }'", "plain `LEADS = ...`"),
        ("LEADS, OTHER = '{ a }', '{ b }'", "plain `LEADS = ...`"),
        ("LEADS = None", "NoneType constant"),
        ("", "plain `LEADS = ...`"),
    ],
)
def test_a_name_that_does_not_lead_to_one_literal(assignment: str, words: str) -> None:
    found = refused(f"{assignment}\nresult = gql(LEADS)\n")
    assert (found.line, found.column) == (assignment.count("\n") + 2, 14)
    assert words in found.reason and "string literal" in found.reason


@pytest.mark.parametrize(
    "function",
    [
        "def f(LEADS):\n    return gql(LEADS)",
        "def f():\n    LEADS = '{ b }'\n    return gql(LEADS)",
        "def f():\n    for LEADS in x:\n        gql(LEADS)",
        "def f():\n    LEADS = '{ b }'\n    def g():\n        return gql(LEADS)",
        "f = lambda LEADS: gql(LEADS)",
        "class C:\n    LEADS = '{ b }'\n    q = gql(LEADS)",
    ],
)
def test_a_local_name_is_not_the_module_constant(function: str) -> None:
    found = refused(f"LEADS = '{LEADS}'\n{function}\n")
    assert "`LEADS`" in found.reason and "local name" in found.reason


def test_a_class_body_is_not_a_scope_of_its_methods() -> None:
    source = f"LEADS = '{LEADS}'\nclass C:\n    LEADS = 1\n    def m(self):\n        gql(LEADS)\n"
    assert only(source).line == 1


def test_a_global_statement_may_rebind_the_constant() -> None:
    source = f"LEADS = '{LEADS}'\ndef f():\n    global LEADS\n    LEADS = x\ngql(LEADS)\n"
    assert "more than once" in refused(source).reason


@pytest.mark.parametrize(
    ("value", "words"),
    [("f'{LEADS}'", "f-string"), ("b'{ a }'", "bytes"), ("'{ a' '}'", "implicit")],
)
def test_a_constant_that_cannot_be_read_is_reported_at_its_literal(value: str, words: str) -> None:
    found = refused(f"LEADS = {value}\ngql(LEADS)\n")
    assert (found.line, found.column) == (1, 9)
    assert words in found.reason


# --- Literals that cannot be read -----------------------------------------------------------


def test_f_strings_are_reported_not_guessed() -> None:
    found = refused('q = gql(f"{{ Records {{ {module} {{ _data {{ id {{ value }} }} }} }} }}")\n')
    assert (found.line, found.column) == (1, 9)
    assert found.reason.startswith("an f-string is built at run time")
    assert "GraphQL variables" in found.reason


@pytest.mark.parametrize(
    "source",
    [
        'q = gql("{ Records { Leads "\n        "{ _data { id { value } } } } }")\n',
        'q = gql(\n    "{ a }"  # first part\n    "{ b }"\n)\n',
        "# graphql\nQUERY = ('{ a }'\n    '{ b }')\n",
        "QUERY = ('#graphql\\n{ a }'\n    '{ b }')\n",
        'q = gql("{ a }" r"{ b }")\n',
    ],
)
def test_implicit_concatenation_is_reported_not_guessed(source: str) -> None:
    found = refused(source)
    assert "implicit string concatenation" in found.reason
    assert "one literal" in found.reason
    assert source.splitlines()[found.line - 1][found.column - 1] in "\"'"


@pytest.mark.parametrize(
    "source",
    [
        "gql(b'{ a }')\n",
        "gql(Rb'{ a }')\n",
        "# graphql\nQUERY = b'{ a }'\n",
        "QUERY = b'#graphql { a }'\n",
    ],
)
def test_bytes_are_not_text(source: str) -> None:
    assert "bytes" in refused(source).reason


@pytest.mark.parametrize(
    ("argument", "words"),
    [
        ("build()", "the result of a call"),
        ("queries.LEADS", "an attribute (`.LEADS`)"),
        ("'{ Records { ' + module + ' } }'", "built with +"),
        ("'{ %s }' % body", "%-formatting"),
        ("'{{ {} }}'.format(body)", ".format()"),
        ("*parts", "unpacked"),
        ("queries['leads']", "Subscript"),
        ("42", "int constant"),
    ],
)
def test_a_gql_argument_built_at_run_time(argument: str, words: str) -> None:
    found = refused(f"result = gql({argument})\n")
    assert (found.line, found.column) == (1, 14)
    assert words in found.reason and "pass a string literal" in found.reason


def test_not_valid_python_is_one_finding_at_the_error() -> None:
    found = refused('q = gql("{ a }")\nx = (1 2)\n')
    assert (found.line, found.column) == (2, 6)
    assert found.reason.startswith("not valid Python: ")


def test_a_syntax_error_after_non_ascii_is_placed_in_characters() -> None:
    found = refused("名前 = ('é' 2)\n")
    assert (found.line, found.column) == (1, 7)


def test_a_syntax_error_at_the_end_of_the_file_is_inside_the_file() -> None:
    found = refused('q = gql("""{ a }\n')
    assert found.reason.startswith("not valid Python: ")
    assert 1 <= found.line <= 2 and found.column >= 1


@pytest.mark.parametrize("source", ["x = 1\0\n", "x = '\ud800'\n", "x = " + "-" * 300_000 + "1"])
def test_text_python_cannot_read_is_one_finding(source: str) -> None:
    found = refused(source)
    assert found.line == 1 and found.column >= 1


# --- 2. "# graphql" comments ----------------------------------------------------------------


@pytest.mark.parametrize("comment", ["# graphql", "#graphql", "# GraphQL", "  #   GRAPHQL  "])
def test_a_graphql_comment_marks_the_literal_below(comment: str) -> None:
    source = f'{comment}\nLEADS = """\n{LEADS}\n"""\n'
    query = only(source)
    assert (query.line, query.column) == (2, 9)
    assert query.to_file(2, 1) == (3, 1)


def test_a_graphql_comment_marks_a_bare_expression_and_an_argument() -> None:
    source = (
        "def f(client):\n"
        "    # graphql\n"
        f'    "{LEADS}"\n'
        "    client.run(\n"
        "        # graphql\n"
        '        "{ a }",\n'
        "    )\n"
    )
    queries, unanalysable = extract(source)
    assert [(q.line, q.column) for q in queries] == [(3, 5), (6, 9)]
    assert not unanalysable


def test_a_graphql_comment_marks_the_first_literal_of_the_line_only() -> None:
    source = f'# graphql\nrun("{LEADS}", "not a query")\n'
    assert only(source).text == LEADS


@pytest.mark.parametrize(
    "source",
    [
        f'# graphql\n\nLEADS = "{LEADS}"\n',  # not directly above
        f'x = 1  # graphql\nLEADS = "{LEADS}"\n',  # not a comment line
        f'# graphql query\nLEADS = "{LEADS}"\n',  # not the marker alone
        f'# graphql\nLEADS = (\n    "{LEADS}"\n)\n',  # the literal starts a line further down
        f'TEXT = """\n# graphql\n"""; LEADS = "{LEADS}"\n',  # in a string, not a comment
    ],
)
def test_what_a_graphql_comment_does_not_mark(source: str) -> None:
    assert extract(source) == ([], [])


# --- 3. "#graphql" at the start of the value ------------------------------------------------


def test_a_graphql_prefix_marks_a_literal() -> None:
    source = f'LEADS = "#graphql\\n{LEADS}"\n'
    query = only(source)
    assert query.text == f"#graphql\n{LEADS}"  # a GraphQL comment: the document stays valid
    assert query.to_file(2, 3) == where(source, "Records")


def test_a_graphql_prefix_after_leading_whitespace() -> None:
    source = f'def f():\n    return run("""\n        #graphql\n        {LEADS}\n    """)\n'
    query = only(source)
    assert query.to_file(2, 9) == (3, 9)


def test_a_graphql_prefix_on_an_f_string() -> None:
    assert "f-string" in refused('q = f"#graphql {{ {x} }}"\n').reason


@pytest.mark.parametrize("value", ["# graphql", "#GraphQL", "query #graphql", "graphql"])
def test_other_values_are_not_marked(value: str) -> None:
    assert extract(f'TEXT = "{value} {{ a }}"\n') == ([], [])


# --- One report per literal, in source order ------------------------------------------------


def test_a_literal_found_several_ways_is_reported_once() -> None:
    source = (
        "# graphql\n"
        f'LEADS = "#graphql\\n{LEADS}"\n'
        "a = gql(LEADS)\n"
        "# graphql\n"
        'b = gql("""#graphql\n{ a }""")\n'
    )
    queries, unanalysable = extract(source)
    assert [(q.line, q.column) for q in queries] == [(2, 9), (5, 9)]
    assert not unanalysable


def test_an_unreadable_literal_found_several_ways_is_reported_once() -> None:
    source = '# graphql\nLEADS = f"#graphql {x}"\ngql(LEADS)\ngql(LEADS)\n'
    assert refused(source).line == 2


def test_queries_and_problems_come_in_source_order() -> None:
    source = 'gql(f"{x}")\nB = gql("{ b }")\ngql(x.y)\nA = gql("{ a }")\n'
    queries, unanalysable = extract(source)
    assert [q.text for q in queries] == ["{ b }", "{ a }"]
    assert [q.line for q in unanalysable] == [1, 3]


def test_a_gql_call_inside_an_f_string_is_not_searched() -> None:
    assert extract("x = f\"{gql('{ a }')}\"\n") == ([], [])


# --- The map: clamping, a map built by hand, values -----------------------------------------


def test_out_of_range_positions_are_clamped() -> None:
    source = 'gql("""{ a }\n{ bb }""")\n'
    query = only(source)
    assert query.to_file(0, 0) == query.to_file(1, 1) == (1, 8)
    assert query.to_file(1, 99) == query.to_file(1, 6) == (1, 13)  # the line end
    assert query.to_file(99, 99) == query.to_file(2, 7) == (2, 7)  # one past the end
    assert query.to_file(-5, 3) == (1, 10)


def test_an_empty_query_maps_to_its_closing_quote() -> None:
    query = only('# graphql\nQ = ""\n')
    assert query.text == ""
    assert query.to_file(1, 1) == query.to_file(3, 3) == (2, 6)


def test_a_query_built_by_hand_maps_as_a_graphql_file_would() -> None:
    query = EmbeddedQuery("{ a }\n{ b }", 3, 7)
    assert query.to_file(1, 3) == (3, 9)
    assert query.to_file(2, 3) == (4, 3)
    assert query.to_file(2, 99) == (4, 6)


def test_queries_are_frozen_values() -> None:
    first = only(f'gql("{LEADS}")\n')
    second = only(f'gql("{LEADS}")\n')
    assert first == second and hash(first) == hash(second)
    assert "_runs" not in repr(first)
    with pytest.raises(AttributeError):
        first.line = 2  # type: ignore[misc]


def test_queries_survive_the_json_cache() -> None:
    """The runner caches what extract_queries returns as JSON lists."""
    queries, _ = extract_queries(f'gql("""{LEADS}\n""")\ngql(f"{{x}}")\n')
    again = [EmbeddedQuery.from_cache(json.loads(json.dumps(q.to_cache()))) for q in queries]
    assert again == queries
    assert again[0].to_file(2, 1) == queries[0].to_file(2, 1) == (2, 1)


# --- The reader against Python, literal by literal ------------------------------------------

LITERALS = [
    '""',
    "''",
    '""""""',
    '"plain"',
    r"'it\'s'",
    '"""a "quoted" word"""',
    "'''a 'quoted' word'''",
    r'"\\\"\'"',
    r'"\n\t\r\a\b\f\v"',
    r'"\0\1\12\123\1234\400\777"',
    r'"\x00\xff\xAb"',
    r'"\u0000\uFFFF\uabcd"',
    r'"\U00000041\U0010FFFF"',
    r'"\N{LATIN SMALL LETTER E WITH ACUTE}\N{latin small letter e with acute}\N{BOM}"',
    r'"\N{CJK UNIFIED IDEOGRAPH-4E00}\N{HANGUL SYLLABLE GA}"',
    r'"\d\w\8\9\é\ "',
    r'r"\n\"\\"',
    r'R"\N{x}\u12"',
    r"u'\u00e9'",
    'U"x"',
    '"""line\\\none"""',
    '"""line\\\r\none"""',
    '"""crlf\r\nlines\rand cr"""',
    'r"""raw\\\nkept"""',
    'r"\\\n"',
    '"""ends with an escaped quote\\""""',
    '"tab\tand form feed\x0c and NEL\x85 and LS\u2028"',
]


@pytest.mark.parametrize("literal", LITERALS)
def test_the_reader_decodes_each_literal_as_python_does(literal: str) -> None:
    check_reader(literal)
    assert only(f"# graphql\nQUERY = {literal}\n").text == python_value(literal)


# --- Never raises; generated sources --------------------------------------------------------


@common
@given(st.text())
def test_any_text_is_read_without_raising(text: str) -> None:
    queries, unanalysable = extract(text)
    assert all(q.line >= 1 and q.column >= 1 for q in queries)
    assert all(u.line >= 1 and u.column >= 1 for u in unanalysable)


PYTHONISH = [
    *QUOTES,
    *("\\", "\\\n", "\\\r\n", "\\N{BOM}", "\\x4", "\\u00e9", "\n", "\r\n", "\r", " ", "    "),
    *("gql(", "(", ")", "=", "x", "é", "f", "r", "b", "rb", "{", "}", ",", ":"),
    *("#graphql", "# graphql\n", "def f(x):\n", "global x\n"),
]


@common
@given(st.lists(st.sampled_from(PYTHONISH), max_size=40).map("".join))
def test_python_like_text_is_read_without_raising(text: str) -> None:
    extract(text)


ESCAPES = [
    *(f"\\{c}" for c in "ntr\\'\"abfv"),
    *(r"\0", r"\7", r"\12", r"\123", r"\777", r"\x41", r"\xe9", r"\u00e9", r"\u20ac"),
    *(r"\U0001F600", r"\N{LATIN SMALL LETTER E WITH ACUTE}", r"\N{bullet}", r"\d", r"\é"),
    *("\\\n", "\\\r\n", "\\\r"),
]
PLAIN = st.characters(exclude_categories=["Cs"], exclude_characters="\\'\"\r\n\0")


@st.composite
def literals(draw: st.DrawFn) -> str:
    """A str literal: a random prefix and quote, plain characters, escapes and line ends."""
    prefix = draw(st.sampled_from(["", "r", "u", "R", "U"]))
    quote = draw(st.sampled_from(QUOTES))
    other = "'" if quote[0] == '"' else '"'
    pieces = [PLAIN, st.just(other)]
    if prefix.lower() == "r":  # a backslash and what follows it, both kept
        pieces.append(st.sampled_from(["\\\\", "\\d", f"\\{quote[0]}", "\\N{x}", "\\\n", "\\\r\n"]))
    else:
        pieces.append(st.sampled_from(ESCAPES))
    if len(quote) == 3:
        pieces.append(st.sampled_from(["\n", "\r\n", "\r"]))
    content = draw(st.lists(st.one_of(pieces), max_size=30))
    return f"{prefix}{quote}{''.join(content)}{quote}"


@st.composite
def files_with_a_query(draw: st.DrawFn) -> tuple[str, str]:
    """A Python file holding one query literal, found one of the three ways; and the literal."""
    literal = draw(literals())
    before = draw(st.sampled_from(["", "é = 1; ", "名前 = 2; x = 3; "]))
    how = draw(st.sampled_from(["gql", "comment", "constant"]))
    if how == "constant":
        lines = [f"{before}Q = {literal}", "gql(Q)"]
    else:
        lines = (
            [f"{before}q = gql({literal})"]
            if how == "gql"
            else ["# graphql", f"{before}q = {literal}"]
        )
        if draw(st.booleans()):
            lines = ["if True:", *(f"    {line}" for line in lines)]
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    return newline.join(["import gql", *lines, ""]), literal


@common
@given(files_with_a_query())
def test_generated_literals_map_every_character(file: tuple[str, str]) -> None:
    source, literal = file
    queries, unanalysable = extract(source)  # which checks the map, character by character
    assert not unanalysable
    expected = (python_value(literal), *where(source, literal))
    assert [(q.text, q.line, q.column) for q in queries] == [expected]


@common
@given(files_with_a_query(), st.integers(-3, 40), st.integers(-3, 200))
def test_to_file_clamps_into_the_literal(file: tuple[str, str], line: int, column: int) -> None:
    source, literal = file
    (query,) = extract_queries(source)[0]
    start = source.index(literal)
    mapped = offset_of(source, *query.to_file(line, column))
    assert start < mapped < start + len(literal)
