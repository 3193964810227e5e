"""Named fragments across files: a fragment defined in one file may be spread in another.

Each query unit (a ``.graphql`` file, or one query embedded in Python) is parsed once for its
*facts*: the fragments it defines and the names it spreads. A unit that spreads fragments it
does not define is analysed together with them: their exact source text is appended to its own,
each on fresh lines and indented to its original column, so that a diagnostic inside one maps
back to the very line and column of the file that defines it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

from zgql._analysis._fast import parse_fast
from zgql._analysis._fast._lexer import Unsupported, string_value, tokenize
from zgql._analysis._spreads import spread_names
from zgql._cost_table import cost_table

__all__ = [
    "Assembly",
    "FragmentDef",
    "UnitFacts",
    "assemble",
    "facts_from_json",
    "facts_of",
    "facts_to_json",
    "needed_fragments",
]


class FragmentDef(NamedTuple):
    """One fragment definition, where it stands in its unit, and what it spreads.

    A named tuple, like :class:`UnitFacts`: cheap to build back from the lint cache."""

    name: str
    digest: str  # of the printed AST: identical fragments match whatever their layout
    text: str  # the exact source of the definition
    line: int  # 1-based, in its unit's text
    column: int
    spreads: frozenset[str]


class UnitFacts(NamedTuple):
    """What the linter must know of a unit before analysing anything."""

    parses: bool
    has_operations: bool
    fragments: tuple[FragmentDef, ...] = ()
    spreads: frozenset[str] = frozenset()  # spread by the unit's operations and fragments


def facts_of(text: str, max_tokens: int | None = None) -> UnitFacts:
    """Parse ``text`` once for its fragments and spreads (a unit that does not parse, or has
    more than ``max_tokens`` tokens, has none: its analysis says why). ``max_tokens`` defaults
    to the default ``max-document-tokens``."""
    bound = max_tokens if max_tokens is not None else cost_table().limits["max_document_tokens"]
    document: Any = parse_fast(text, bound)  # graphql-core's parse only where it declines
    if document is None:
        from graphql import GraphQLError, parse  # noqa: PLC0415 - graphql-core: the rare case

        try:
            document = parse(text, max_lexical_tokens=bound)
        except (GraphQLError, RecursionError):
            return UnitFacts(parses=False, has_operations=True)
    fragments: list[FragmentDef] = []
    spreads: set[str] = set()
    operations = False
    for definition in document.definitions:
        if definition.kind == "operation_definition":
            operations = True
            spreads |= spread_names(definition.selection_set)
        elif definition.kind == "fragment_definition":
            fragment = _fragment(definition, text)
            fragments.append(fragment)
            spreads |= fragment.spreads
    return UnitFacts(
        parses=True,
        has_operations=operations,
        fragments=tuple(fragments),
        spreads=frozenset(spreads),
    )


def facts_to_json(facts: UnitFacts) -> list[Any]:
    """The facts as the lint cache keeps them: JSON lists, in field order."""
    fragments = [[*f[:5], sorted(f.spreads)] for f in facts.fragments]
    return [facts.parses, facts.has_operations, fragments, sorted(facts.spreads)]


def facts_from_json(raw: Any) -> UnitFacts | None:
    """Facts back from the lint cache; None when ``raw`` does not have their shape."""
    try:
        parses, operations, fragments, spreads = raw
        return UnitFacts(
            bool(parses),
            bool(operations),
            tuple(
                FragmentDef(str(n), str(d), str(t), int(li), int(c), frozenset(map(str, s)))
                for n, d, t, li, c, s in fragments
            ),
            frozenset(map(str, spreads)),
        )
    except (TypeError, ValueError):
        return None


def _fragment(definition: Any, text: str) -> FragmentDef:
    loc = definition.loc
    return FragmentDef(
        name=definition.name.value,
        digest=_digest(text[loc.start : loc.end]),
        text=text[loc.start : loc.end],
        line=loc.start_token.line,
        column=loc.start_token.column,
        spreads=frozenset(spread_names(definition.selection_set)),
    )


def _digest(source: str) -> str:
    """Of a definition's tokens (strings by their values): identical fragments match whatever
    their layout, comments or escapes."""
    try:
        tokens, _ = tokenize(source, len(source) + 2)
    except Unsupported:  # block strings and the like, which the fast lexer leaves alone
        from graphql import parse, print_ast  # noqa: PLC0415

        return "printed:" + hashlib.sha256(print_ast(parse(source)).encode()).hexdigest()
    joined = "\0".join("\1" + string_value(t) if t.startswith('"') else t for t in tokens)
    return hashlib.sha256(joined.encode()).hexdigest()


def needed_fragments(facts: UnitFacts, table: Mapping[str, FragmentDef]) -> list[FragmentDef]:
    """The fragments from other units that ``facts``' unit needs, transitively, by name."""
    own = {fragment.name for fragment in facts.fragments}
    needed: dict[str, FragmentDef] = {}
    pending = sorted(facts.spreads - own)
    while pending:
        name = pending.pop()
        fragment = table.get(name)
        if name in needed or name in own or fragment is None:
            continue
        needed[name] = fragment
        pending.extend(sorted(fragment.spreads))
    return sorted(needed.values(), key=lambda f: f.name)


@dataclass(frozen=True, slots=True)
class Assembly:
    """A unit's text with other units' fragments appended, and where each one starts."""

    text: str
    own_lines: int  # lines 1..own_lines are the unit's own
    regions: tuple[tuple[int, FragmentDef], ...]  # (first line in ``text``, fragment)

    def origin(self, line: int) -> tuple[int | None, int]:
        """(None, line) for the unit's own lines; after them, (the index of the appended
        fragment, the line in the unit that defines it)."""
        if line <= self.own_lines:
            return None, line
        for index in range(len(self.regions) - 1, -1, -1):
            first, fragment = self.regions[index]
            if line >= first:
                return index, fragment.line + line - first
        return None, line


def assemble(text: str, fragments: Sequence[FragmentDef]) -> Assembly:
    own_lines = text.count("\n") + 1
    parts, regions, line = [text], [], own_lines
    for fragment in fragments:
        line += 2  # a fresh line, then one blank line between definitions
        regions.append((line, fragment))
        parts.append("\n\n" + " " * (fragment.column - 1) + fragment.text)
        line += fragment.text.count("\n")
    return Assembly("".join(parts), own_lines, tuple(regions))
