"""The fast path's parser: executable documents of queries and fragments, into light nodes.

It parses what graphql-core parses to the same tree, or raises :class:`Unsupported`: a syntax
error, a mutation or a subscription, directives on definitions or variables, descriptions,
nesting deeper than :data:`MAX_DEPTH`. graphql-core then takes the document and words what it
finds, so the fast parser never has to word an error.
"""

from __future__ import annotations

from zgql._analysis._fast._lexer import Unsupported, string_value, tokenize
from zgql._analysis._fast._nodes import (
    Argument,
    Directive,
    Document,
    Field,
    FragmentDefinition,
    FragmentSpread,
    InlineFragment,
    Name,
    OperationDefinition,
    SelectionSet,
    Source,
    TypeRef,
    Value,
    VariableDefinition,
)

__all__ = ["MAX_DEPTH", "parse"]

# Deeper than any real query (Zoho allows few record levels); shallow enough that the walk's
# recursion never nears the interpreter's limit.
MAX_DEPTH = 64
_NAME_START = frozenset("_abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
_NUMBER_START = frozenset("-0123456789")
_EOF = ""


def parse(text: str, max_tokens: int) -> Document:
    """The document's tree; :class:`Unsupported` when graphql-core must decide."""
    tokens, matches = tokenize(text, max_tokens)
    return _Parser(tokens, Source(text, tokens, matches)).document()


class _Parser:
    def __init__(self, tokens: list[str], source: Source) -> None:
        self.tokens, self.source = [*tokens, _EOF], source
        self.at = 0
        self.depth = 0
        self.names: dict[str, Name] = {}  # one Name per spelling: names are read, never changed

    # -- tokens -------------------------------------------------------------------------------

    def expect(self, token: str) -> None:
        if self.tokens[self.at] != token:
            raise Unsupported
        self.at += 1

    def name(self) -> Name:
        token = self.tokens[self.at]
        if not token or token[0] not in _NAME_START:
            raise Unsupported
        self.at += 1
        found = self.names.get(token)
        if found is None:
            found = self.names[token] = Name(token)
        return found

    def deeper(self) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise Unsupported

    # -- definitions --------------------------------------------------------------------------

    def document(self) -> Document:
        definitions: list[object] = []
        tokens = self.tokens
        while True:
            token = tokens[self.at]
            if token == "{" or token == "query":  # noqa: PLR1714 - two tokens, read as such
                definitions.append(self.operation())
            elif token == "fragment":
                definitions.append(self.fragment())
            else:
                break
        if not definitions or tokens[self.at] != _EOF:
            raise Unsupported
        return Document(definitions, self.source)

    def operation(self) -> OperationDefinition:
        start = self.at
        name: Name | None = None
        variables: tuple[VariableDefinition, ...] = ()
        if self.tokens[self.at] == "query":
            self.at += 1
            if self.tokens[self.at] not in ("(", "{"):
                name = self.name()
            if self.tokens[self.at] == "(":
                variables = self.variable_definitions()
        selection_set = self.selection_set()
        node = OperationDefinition(name, variables, selection_set)
        node._at(self.source, start)  # noqa: SLF001 - the parser places its own nodes
        node._end = self.at - 1  # noqa: SLF001
        return node

    def variable_definitions(self) -> tuple[VariableDefinition, ...]:
        self.expect("(")
        found: list[VariableDefinition] = []
        while True:
            start = self.at
            variable = self.variable()
            self.expect(":")
            type_ = self.type_ref()
            default = None
            if self.tokens[self.at] == "=":
                self.at += 1
                default = self.value(const=True)
            node = VariableDefinition(variable, type_, default)
            node._at(self.source, start)  # noqa: SLF001
            found.append(node)
            if self.tokens[self.at] == ")":
                self.at += 1
                return tuple(found)

    def type_ref(self) -> TypeRef:
        self.deeper()
        if self.tokens[self.at] == "[":
            self.at += 1
            inner = self.type_ref()
            self.expect("]")
            found = TypeRef("list_type", f"[{inner.text}]", inner)
        else:
            found = TypeRef("named_type", self.name().value)
        if self.tokens[self.at] == "!":
            self.at += 1
            found = TypeRef("non_null_type", found.text + "!", found)
        self.depth -= 1
        return found

    def fragment(self) -> FragmentDefinition:
        start = self.at
        self.at += 1
        name = self.name()
        if name.value == "on":
            raise Unsupported
        self.expect("on")
        condition = TypeRef("named_type", self.name().value)
        node = FragmentDefinition(name, condition, self.selection_set())
        node._at(self.source, start)  # noqa: SLF001
        node._end = self.at - 1  # noqa: SLF001 - its closing brace
        return node

    # -- selections ---------------------------------------------------------------------------

    def selection_set(self) -> SelectionSet:
        self.expect("{")
        self.deeper()
        tokens = self.tokens
        selections: list[object] = []
        append, field, fragment = selections.append, self.field, self.fragment_selection
        while True:
            append(fragment() if tokens[self.at] == "..." else field())
            if tokens[self.at] == "}":
                self.at += 1
                self.depth -= 1
                return SelectionSet(selections)

    def field(self) -> Field:
        """The most frequent node: written out for speed (no helper calls on the way)."""
        tokens, names, start = self.tokens, self.names, self.at
        token = tokens[start]
        if token[:1] not in _NAME_START:
            raise Unsupported
        name = names.get(token) or self.new_name(token)
        alias = None
        at = start + 1
        following = tokens[at]
        if following == ":":
            token = tokens[at + 1]
            if token[:1] not in _NAME_START:
                raise Unsupported
            alias, name = name, names.get(token) or self.new_name(token)
            at += 2
            following = tokens[at]
        self.at = at
        arguments = self.arguments() if following == "(" else ()
        directives = self.directives() if tokens[self.at] == "@" else ()
        selection_set = self.selection_set() if tokens[self.at] == "{" else None
        return Field(alias, name, arguments, directives, selection_set, self.source, start)

    def new_name(self, token: str) -> Name:
        found = self.names[token] = Name(token)
        return found

    def fragment_selection(self) -> FragmentSpread | InlineFragment:
        start = self.at
        self.at += 1
        token = self.tokens[self.at]
        node: FragmentSpread | InlineFragment
        if token and token[0] in _NAME_START and token != "on":
            name = self.name()
            directives = self.directives() if self.tokens[self.at] == "@" else ()
            node = FragmentSpread(name, directives)
        else:
            condition = None
            if token == "on":
                self.at += 1
                condition = TypeRef("named_type", self.name().value)
            directives = self.directives() if self.tokens[self.at] == "@" else ()
            node = InlineFragment(condition, directives, self.selection_set())
        node._at(self.source, start)  # noqa: SLF001
        return node

    def arguments(self) -> tuple[Argument, ...]:
        self.at += 1  # (
        found: list[Argument] = []
        while True:
            start = self.at
            name = self.name()
            self.expect(":")
            node = Argument(name, self.value(const=False))
            node._at(self.source, start)  # noqa: SLF001
            found.append(node)
            if self.tokens[self.at] == ")":
                self.at += 1
                return tuple(found)

    def directives(self) -> tuple[Directive, ...]:
        found: list[Directive] = []
        while self.tokens[self.at] == "@":
            start = self.at
            self.at += 1
            name = self.name()
            arguments = self.arguments() if self.tokens[self.at] == "(" else ()
            node = Directive(name, arguments)
            node._at(self.source, start)  # noqa: SLF001
            found.append(node)
        return tuple(found)

    # -- values -------------------------------------------------------------------------------

    def value(self, *, const: bool) -> Value:
        start = self.at
        token = self.tokens[self.at]
        if not token:
            raise Unsupported
        first = token[0]
        self.at += 1
        if first in _NAME_START:
            node = self.word(token)
        elif first in _NUMBER_START:
            is_float = "." in token or "e" in token or "E" in token
            node = Value("float_value" if is_float else "int_value", token)
        elif first == '"':
            node = Value("string_value", string_value(token))
        elif token == "$" and not const:
            node = Value("variable")
            node.name = self.name()
        elif token == "[":
            node = self.list_value(const=const)
        elif token == "{":
            node = self.object_value(const=const)
        else:
            raise Unsupported
        node._at(self.source, start)  # noqa: SLF001
        return node

    @staticmethod
    def word(token: str) -> Value:
        if token == "true" or token == "false":  # noqa: PLR1714
            return Value("boolean_value", token == "true")
        if token == "null":
            return Value("null_value")
        return Value("enum_value", token)

    def list_value(self, *, const: bool) -> Value:
        self.deeper()
        node = Value("list_value")
        while self.tokens[self.at] != "]":
            node.values.append(self.value(const=const))
        self.at += 1
        self.depth -= 1
        return node

    def object_value(self, *, const: bool) -> Value:
        self.deeper()
        node = Value("object_value")
        while self.tokens[self.at] != "}":
            start = self.at
            field = Value("object_field")
            field.name = self.name()
            self.expect(":")
            field.value = self.value(const=const)
            field._at(self.source, start)  # noqa: SLF001
            node.fields.append(field)
        self.at += 1
        self.depth -= 1
        return node

    def variable(self) -> Value:
        start = self.at
        self.expect("$")
        node = Value("variable")
        node.name = self.name()
        node._at(self.source, start)  # noqa: SLF001
        return node
