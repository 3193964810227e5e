"""Documents for differential testing of the analysis engines: valid generated queries, and
mutations of them that break (or keep) each validation rule.

:func:`differential_document` renders a :func:`random_query` (with or without named
fragments) and applies up to three random mutations: unknown fields and arguments, wrong
argument and variable types, fragments unknown, unused, cyclic, on wrong types or spread in
many places, inline fragments on unions, aliases and field conflicts, ``@skip``/``@include``,
unknown directives, variables defined/undefined/unused, introspection, several operations,
syntax errors. The fast path and graphql-core must agree on every one of them.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable

from zgql._schema import Schema
from zgql.testing._queries import random_query

__all__ = ["MUTATIONS", "differential_document"]

_NAME = re.compile(r"[_A-Za-z]\w*")
_OPEN = re.compile(r"\{")
_FIELD_END = re.compile(r"[_A-Za-z]\w*(?=\s*[{\n])")
_NUMBER = re.compile(r"(?<=: )-?\d+")
_TYPES = (
    "Leads__data",
    "Deals__data",
    "Accounts__data",
    "Contacts__data",
    "Query",
    "_Records",
    "Tasks__What_Id__union",
    "String",
    "Nope",
)
_FIELDS = (
    "id { value }",
    "Last_Name { value }",
    "Email { value }",
    "__typename",
    "Nope",
    "id",
    "id { value nope }",
    "a: id { value }",
    "id: Email { value }",
    "Owner { id { value } }",
    "_data { id { value } }",
)
_ARGUMENTS = (
    "(limit: 5)",
    "(limit: 5, limit: 6)",
    '(limit: "5")',
    "(limit: 1.5)",
    "(limit: null)",
    "(limit: $v)",
    "(limit: $w)",
    "(limit: $s)",
    "(bogus: 1)",
    "(where: {})",
    "(where: { id: { equals: 1 } })",
    '(where: { Last_Name: { like: "A%" } })',
    "(where: { Last_Name: { equals: $s } })",
    "(where: { and: [{ id: { equals: 1 } }] })",
    "(where: { nope: { equals: 1 } })",
    "(where: { id: { equals: 1, equals: 2 } })",
    "(where: $v)",
    "(offset: 99999999999)",
)
_DIRECTIVES = (
    " @skip(if: true)",
    " @skip(if: false)",
    " @include(if: false)",
    " @include(if: $b)",
    " @skip(if: $w)",
    " @skip(if: $v)",
    " @skip(if: true) @skip(if: false)",
    " @skip",
    " @skip(if: true, if: false)",
    " @foo",
    " @deprecated",
    " @include(if: 1)",
)
_VARIABLES = (
    "",
    "($v: Int)",
    "($v: Int = 5)",
    "($v: Int!)",
    "($b: Boolean!)",
    "($b: Boolean)",
    "($b: Boolean = true)",
    "($w: Boolean!, $v: Int)",
    "($s: String)",
    "($v: Long)",
    "($v: Nope)",
    "($v: Leads__data)",
    "($v: Int, $v: Int)",
    "($v: [Int])",
    "($v: Int!, $s: String!, $b: Boolean!, $w: Boolean!)",
)
_JUNK = (*tuple("{}()[]:!$@.\"#\\'01a, \n"), "...", '"""', "\ufeff", "\x00", "query", "on")


def _at_random(text: str, rng: random.Random, pattern: re.Pattern[str]) -> int | None:
    found = [m.end() for m in pattern.finditer(text)]
    return rng.choice(found) if found else None


def _insert(text: str, rng: random.Random, pattern: re.Pattern[str], snippet: str) -> str:
    at = _at_random(text, rng, pattern)
    return text if at is None else text[:at] + snippet + text[at:]


def _field(text: str, rng: random.Random) -> str:
    return _insert(text, rng, _OPEN, f" {rng.choice(_FIELDS)} ")


def _rename(text: str, rng: random.Random) -> str:
    names = list(_NAME.finditer(text))
    if not names:
        return text
    name = rng.choice(names)
    other = rng.choice(names).group() if rng.random() < 0.5 else name.group() + "x"
    return text[: name.start()] + other + text[name.end() :]


def _argument(text: str, rng: random.Random) -> str:
    return _insert(text, rng, _FIELD_END, rng.choice(_ARGUMENTS))


def _number(text: str, rng: random.Random) -> str:
    found = list(_NUMBER.finditer(text))
    if not found:
        return _argument(text, rng)
    at = rng.choice(found)
    value = rng.choice(("0", "-1", "2147483648", "1.0", '"5"', "null", "[5]", "$v", "FIVE"))
    return text[: at.start()] + value + text[at.end() :]


def _directive(text: str, rng: random.Random) -> str:
    return _insert(text, rng, _FIELD_END, rng.choice(_DIRECTIVES))


def _variables(text: str, rng: random.Random) -> str:
    head = f"query Q{rng.choice(_VARIABLES)} "
    stripped = text.lstrip()
    if stripped.startswith("query"):
        stripped = stripped[len("query") :].lstrip()
        stripped = stripped[stripped.index("{") :] if "{" in stripped else stripped
    return head + stripped


def _fragment(text: str, rng: random.Random) -> str:
    kind = rng.randrange(4)
    if kind == 0:  # spread an unknown fragment, or one defined on some type
        definition = f"\nfragment G on {rng.choice(_TYPES)} {{ {rng.choice(_FIELDS)} }}\n"
        text = _insert(text, rng, _OPEN, " ...G ")
        return text + (definition if rng.random() < 0.8 else "")
    if kind == 1:  # unused
        return text + f"\nfragment U on {rng.choice(_TYPES)} {{ __typename }}\n"
    if kind == 2:  # cyclic, or merely nested
        text = _insert(text, rng, _OPEN, " ...A ")
        second = "...A" if rng.random() < 0.5 else "__typename"
        on = rng.choice(_TYPES)
        return text + f"\nfragment A on {on} {{ ...B }}\nfragment B on {on} {{ {second} }}\n"
    for _ in range(rng.randint(2, 5)):  # spread in many places
        text = _insert(text, rng, _OPEN, " ...M ")
    return text + f"\nfragment M on {rng.choice(_TYPES)} {{ {rng.choice(_FIELDS)} }}\n"


def _inline(text: str, rng: random.Random) -> str:
    condition = rng.choice((*_TYPES, ""))
    snippet = f" ... on {condition} {{ {rng.choice(_FIELDS)} }} " if condition else " ... { id } "
    return _insert(text, rng, _OPEN, snippet)


def _introspection(text: str, rng: random.Random) -> str:
    snippet = rng.choice(
        (
            "__typename",
            "__schema { queryType { name } }",
            '__type(name: "Leads__data") { name }',
            "__schema { types { fields { type { ofType { ofType { name } } } } } }",
        )
    )
    return _insert(text, rng, _OPEN, f" {snippet} ")


def _operations(text: str, rng: random.Random) -> str:
    second = rng.choice(
        (
            "{ __typename }",
            "query Other { __typename }",
            "query Q { __typename }",
            "mutation M { __typename }",
            "subscription S { __typename }",
            "query Other { Records { Leads { _data { id { value } } } } }",
        )
    )
    return f"{text}\n{second}\n"


def _syntax(text: str, rng: random.Random) -> str:
    if not text:
        return rng.choice(_JUNK)
    at = rng.randrange(len(text))
    choice = rng.randrange(3)
    if choice == 0:
        return text[:at] + text[at + 1 :]
    if choice == 1:
        return text[:at] + rng.choice(_JUNK) + text[at:]
    return text[:at]


MUTATIONS: tuple[Callable[[str, random.Random], str], ...] = (
    _field,
    _rename,
    _argument,
    _number,
    _directive,
    _variables,
    _fragment,
    _inline,
    _introspection,
    _operations,
    _syntax,
)


def differential_document(schema: Schema, rng: random.Random) -> str:
    """A generated query, rendered one of its ways, then mutated zero to three times."""
    tree = random_query(schema.graphql_schema, rng, fields=rng.randint(3, 40))
    text = tree.render(fragments=rng.random() < 0.3, alias_prefix=rng.choice(("a", "id")))
    for _ in range(rng.choice((0, 0, 1, 1, 1, 2, 3))):
        text = rng.choice(MUTATIONS)(text, rng)
    return text
