"""Find the GraphQL queries embedded in Python source, and map their positions back to the file.

``zgql check`` reads ``.py`` files too, because that is where most queries live: as the string
passed to a ``gql(...)`` client call, or as a module constant. A literal is taken as a query when

1. it is the first argument of a call to ``gql`` (a name or an attribute, ``gql_module.gql``);
   a bare name there is followed to the module-level ``NAME = "..."`` that it names;
2. a comment line ``# graphql`` stands directly above the line where it starts;
3. its value starts with ``#graphql`` (a GraphQL comment, the marker editors know).

Diagnostics come with positions in the query text, the literal's *value*; the user needs them in
the ``.py`` file. Prefixes, quotes, escapes, backslash-newlines and CRLF line ends all pull the two
apart, so each literal is re-read character by character from its source to build an exact map.
Whatever zgql cannot read exactly — an f-string, implicit concatenation, a query built at run
time, bytes, a file that is not Python — is reported as such, never guessed.
"""

from __future__ import annotations

import ast
import io
import re
import tokenize
import unicodedata
import warnings
from bisect import bisect_right
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import TypeGuard

__all__ = ["EmbeddedQuery", "UnanalysableQuery", "extract_queries"]

# Python's line ends, and GraphQL's: the same three.
_NEWLINE = re.compile(r"\r\n|\r|\n")

# A run maps text[index:] from (line, column) in the file on, one column per character, up to
# the next run: (index in the text, file line, file column).
_Run = tuple[int, int, int]


@dataclass(frozen=True, slots=True)
class EmbeddedQuery:
    """A query found in a Python file: its text, where its literal starts, and how to map back.

    Built by :func:`extract_queries`. Built by hand without a map, the text is taken to start at
    (``line``, ``column``) with each further line at column 1, as in a ``.graphql`` file.
    """

    text: str  # the GraphQL document (the string's value)
    line: int  # 1-based line of the literal's first character (its prefix or quote)
    column: int  # 1-based column of the same
    _line_starts: tuple[int, ...] = field(default=(), repr=False)  # index of each text line
    _runs: tuple[_Run, ...] = field(default=(), repr=False)

    def __post_init__(self) -> None:
        if not self._line_starts:
            object.__setattr__(self, "_line_starts", _line_starts(self.text))
        if not self._runs:
            object.__setattr__(
                self, "_runs", _plain_runs(self._line_starts, self.line, self.column)
            )

    def to_cache(self) -> tuple[str, int, int, tuple[int, ...]]:
        """Builtins only: the lint cache keeps thousands of these, and flat tuples unpickle
        several times faster than dataclasses holding tuples of tuples."""
        return self.text, self.line, self.column, tuple(x for run in self._runs for x in run)

    @classmethod
    def from_cache(cls, cached: tuple[str, int, int, tuple[int, ...]]) -> EmbeddedQuery:
        text, line, column, flat = cached
        runs = tuple(zip(flat[0::3], flat[1::3], flat[2::3], strict=True))
        return cls(text, line, column, _runs=runs)

    def to_file(self, line: int, column: int) -> tuple[int, int]:
        """Map a 1-based (line, column) in `text` to the 1-based (line, column) in the .py file.

        Out-of-range positions are clamped to the nearest mapped position.
        """
        index = self._index(line, column)
        start, file_line, file_column = self._runs[bisect_right(self._runs, index, key=_first) - 1]
        return file_line, file_column + index - start

    def _index(self, line: int, column: int) -> int:
        """The index in `text` of a 1-based (line, column), clamped to the text's lines."""
        starts = self._line_starts
        row = min(max(line, 1), len(starts)) - 1
        if row + 1 < len(starts):
            end = starts[row + 1] - 1  # the line's end character (of "\r\n", the "\r")
            end -= self.text.startswith("\r\n", end - 1)
        else:
            end = len(self.text)  # one past the last character maps too
        return starts[row] + min(max(column, 1) - 1, end - starts[row])


@dataclass(frozen=True, slots=True)
class UnanalysableQuery:
    """A query zgql found but cannot read exactly, and what to do about it."""

    line: int  # 1-based, in the file
    column: int  # 1-based
    reason: str  # one sentence, says what to do


def extract_queries(source: str) -> tuple[list[EmbeddedQuery], list[UnanalysableQuery]]:
    """Every embedded query of a Python file, in source order. Never raises on any text."""
    # Editors hide a byte-order mark, and Python skips it: columns do not count it.
    lines = _Lines.of(source.removeprefix("\ufeff"))
    tree = _parse(lines)
    if isinstance(tree, UnanalysableQuery):
        return [], [tree]
    queries: list[EmbeddedQuery] = []
    unanalysable: list[UnanalysableQuery] = []
    for node, reason in _wanted(_scan(tree), lines).items():
        if reason is None:
            found = _examine(node, lines)
        else:
            found = UnanalysableQuery(*lines.place(lines.start_of(node)), reason)
        if isinstance(found, EmbeddedQuery):
            queries.append(found)
        else:
            unanalysable.append(found)
    queries.sort(key=lambda q: (q.line, q.column))
    unanalysable.sort(key=lambda q: (q.line, q.column))
    return queries, unanalysable


# --- Reasons --------------------------------------------------------------------------------

_F_STRING = (
    "an f-string is built at run time; zgql cannot know the query. Use GraphQL variables instead."
)
_IMPLICIT = (
    "implicit string concatenation (adjacent literals) joins pieces whose positions zgql will not"
    " guess; write the query as one literal."
)
_BYTES = "a bytes literal is not text; write the query as a str literal."
_UNMAPPED = (
    "zgql could not map this literal's characters back to the file; write the query as one plain"
    " triple-quoted literal."
)
_TOO_DEEP = "zgql cannot parse this file: it is nested too deeply; split the deepest expression."
_ADVICE = (
    "pass a string literal or a module-level constant assigned once, with GraphQL variables for"
    " the parts that change."
)


# --- Source lines ---------------------------------------------------------------------------


def _line_starts(text: str) -> tuple[int, ...]:
    return (0, *(match.end() for match in _NEWLINE.finditer(text)))


def _plain_runs(line_starts: tuple[int, ...], line: int, column: int) -> tuple[_Run, ...]:
    """The map of a text written as is from (line, column) on, each next line from column 1."""
    return tuple((start, line + row, 1 if row else column) for row, start in enumerate(line_starts))


def _first(run: _Run) -> int:
    return run[0]


@dataclass(frozen=True, slots=True)
class _Lines:
    """A file's text with its line starts: character offsets to and from positions."""

    text: str
    starts: tuple[int, ...]

    @classmethod
    def of(cls, text: str) -> _Lines:
        return cls(text, _line_starts(text))

    def place(self, offset: int) -> tuple[int, int]:
        """The 1-based (line, column) of a character offset, columns counted in characters."""
        row = bisect_right(self.starts, offset)
        return row, offset - self.starts[row - 1] + 1

    def line_text(self, line: int) -> str:
        """A 1-based line's text without its line end."""
        start = self.starts[line - 1]
        end = self.starts[line] if line < len(self.starts) else len(self.text)
        return self.text[start:end].rstrip("\r\n")

    def offset(self, line: int, utf8_column: int) -> int:
        """The character offset of an ``ast`` position, whose columns count UTF-8 bytes."""
        line = min(max(line, 1), len(self.starts))  # Python splits lines as we do; be safe
        text = self.line_text(line)
        if text.isascii():
            return self.starts[line - 1] + utf8_column
        head = text.encode("utf-8", "surrogatepass")[:utf8_column]
        return self.starts[line - 1] + len(head.decode("utf-8", "ignore"))

    def start_of(self, node: ast.expr) -> int:
        return self.offset(node.lineno, node.col_offset)

    def end_of(self, node: ast.expr) -> int:
        return self.offset(node.end_lineno or node.lineno, node.end_col_offset or node.col_offset)


def _parse(lines: _Lines) -> ast.Module | UnanalysableQuery:
    try:
        with warnings.catch_warnings():
            # Invalid escapes and the like warn at compile time: the user's own tools say so.
            warnings.simplefilter("ignore")
            return ast.parse(lines.text)
    except SyntaxError as error:
        return _not_python(lines, error.lineno or 1, error.offset or 1, error.msg)
    except UnicodeEncodeError as error:  # a lone surrogate: the text cannot be source code
        return _not_python(lines, *lines.place(error.start), "it holds a lone surrogate")
    except ValueError as error:  # null bytes, before Python 3.12
        return _not_python(lines, *lines.place(max(lines.text.find("\0"), 0)), str(error))
    except (RecursionError, MemoryError):  # what CPython's parser raises on very deep nesting
        return UnanalysableQuery(1, 1, _TOO_DEEP)


def _not_python(lines: _Lines, line: int, column: int, message: str) -> UnanalysableQuery:
    """The error as one finding, its position clamped into the file (errors at the end overrun)."""
    line = min(max(line, 1), len(lines.starts))
    column = min(max(column, 1), len(lines.line_text(line)) + 1)
    return UnanalysableQuery(line, column, f"not valid Python: {message}")


# --- Finding the literals -------------------------------------------------------------------

_StringNode = ast.Constant | ast.JoinedStr
_Scope = ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef | ast.Lambda
_Chain = tuple[_Scope, ...]  # the function and class scopes around a node, outermost first

# An f-string is one literal, not its parts; so is a t-string (Python 3.14), where there is one.
_FORMATTED: tuple[type[ast.AST], ...] = tuple(
    getattr(ast, name) for name in ("JoinedStr", "TemplateStr") if hasattr(ast, name)
)

_MARKER_COMMENT = re.compile(r"[ \t\f]*#[ \t]*graphql[ \t]*", re.IGNORECASE)
_MARKER_SEARCH = re.compile(r"#[ \t]*graphql", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class _Scan:
    """What one walk over a module gathers for the three ways of finding a query."""

    strings: list[_StringNode]  # every literal, an f-string counting as one
    calls: list[tuple[ast.Call, _Chain]]  # every gql(...) call and the scopes around it
    module_names: Counter[str]  # how many times each name is bound at module level
    constants: dict[str, ast.expr]  # NAME -> value, for each `NAME = value` in the module body
    declared_global: frozenset[str]  # names some function may rebind through `global`
    scope_locals: dict[_Scope, frozenset[str]] = field(default_factory=dict)  # memo


def _is_string(node: ast.AST | None) -> TypeGuard[_StringNode]:
    if isinstance(node, ast.Constant):
        return isinstance(node.value, str | bytes)
    return isinstance(node, ast.JoinedStr)


def _is_gql_call(node: ast.AST) -> TypeGuard[ast.Call]:
    if not isinstance(node, ast.Call):
        return False
    callee = node.func
    return (isinstance(callee, ast.Name) and callee.id == "gql") or (
        isinstance(callee, ast.Attribute) and callee.attr == "gql"
    )


def _children(node: ast.AST) -> Iterator[tuple[bool, ast.AST]]:
    """Each child of a node, and whether it runs in a scope of its own: a function's or class's
    body. Decorators, defaults and bases run in the scope around it."""
    opens_scope = isinstance(node, _Scope)
    for name, value in ast.iter_fields(node):
        for child in value if isinstance(value, list) else (value,):
            if isinstance(child, ast.AST):
                yield opens_scope and name == "body", child


def _walk(tree: ast.Module) -> Iterator[tuple[ast.AST, _Chain]]:
    """Every node with its scopes; iterative, as a long ``a + b + ...`` nests deeper than the
    interpreter's recursion limit. An f-string's parts are not visited: it is one literal."""
    stack: list[tuple[ast.AST, _Chain]] = [(tree, ())]
    while stack:
        node, chain = stack.pop()
        yield node, chain
        if isinstance(node, _FORMATTED):
            continue
        inner = (*chain, node) if isinstance(node, _Scope) else chain
        stack.extend((child, inner if in_body else chain) for in_body, child in _children(node))


def _scan(tree: ast.Module) -> _Scan:
    strings: list[_StringNode] = []
    calls: list[tuple[ast.Call, _Chain]] = []
    declared_global: set[str] = set()
    for node, chain in _walk(tree):
        if _is_string(node):
            strings.append(node)
        elif _is_gql_call(node):
            calls.append((node, chain))
        elif isinstance(node, ast.Global):
            declared_global.update(node.names)
    return _Scan(strings, calls, _module_names(tree), _constants(tree), frozenset(declared_global))


def _module_names(tree: ast.Module) -> Counter[str]:
    """How many times each name is bound at module level; ``NAME: T`` alone binds nothing."""
    own = list(_own_nodes(tree))
    names = Counter(name for node in own for name in _bound_names(node))
    names.subtract(
        node.target.id
        for node in own
        if isinstance(node, ast.AnnAssign)
        and node.value is None
        and isinstance(node.target, ast.Name)
    )
    return names


def _wanted(scan: _Scan, lines: _Lines) -> dict[ast.expr, str | None]:
    """Each literal to read (None), or each gql() argument that cannot be read (its reason).

    A dict, so a literal found several ways, or passed by name to several calls, comes once.
    """
    wanted: dict[ast.expr, str | None] = dict.fromkeys(
        node for node in scan.strings if _starts_with_marker(node)
    )
    wanted.update(dict.fromkeys(_marked_by_comment(scan.strings, lines)))
    for call, chain in scan.calls:
        argument = _query_argument(call)
        if argument is not None:
            target = _follow(argument, chain, scan)
            if isinstance(target, str):
                wanted[argument] = target
            else:
                wanted[target] = None
    return wanted


def _starts_with_marker(node: _StringNode, *, whole: bool = True) -> bool:
    """The value starts with ``#graphql``. The literal ``"#graphql"`` alone (``whole``: the
    node is the whole string), as code that looks for the marker writes it, is no query."""
    if isinstance(node, ast.JoinedStr):
        head = node.values[0] if node.values else None
        return _is_string(head) and _starts_with_marker(head, whole=False)
    marker: str | bytes = b"#graphql" if isinstance(node.value, bytes) else "#graphql"
    if not isinstance(node.value, (str, bytes)):
        return False
    value = node.value.strip()
    return value.startswith(marker) and not (whole and value == marker)  # type: ignore[arg-type]


def _marked_by_comment(strings: list[_StringNode], lines: _Lines) -> Iterator[_StringNode]:
    """The first literal starting on each line below a ``# graphql`` comment line."""
    first_on_line: dict[int, _StringNode] = {}
    for node in strings:
        other = first_on_line.get(node.lineno)
        if other is None or node.col_offset < other.col_offset:
            first_on_line[node.lineno] = node
    # A "# graphql" line inside a multi-line string is text, not a comment.
    spans = [(n.lineno, n.end_lineno) for n in strings if (n.end_lineno or n.lineno) > n.lineno]
    for line in _comment_lines(lines):
        below = first_on_line.get(line + 1)
        if below is not None and not any(s < line <= (e or s) for s, e in spans):
            yield below


def _comment_lines(lines: _Lines) -> Iterator[int]:
    for match in _MARKER_SEARCH.finditer(lines.text):
        line, _ = lines.place(match.start())
        if _MARKER_COMMENT.fullmatch(lines.line_text(line)):
            yield line


def _query_argument(call: ast.Call) -> ast.expr | None:
    """gql's query: its first positional argument, or ``request_string=`` (gql's own name)."""
    if call.args:
        return call.args[0]
    return next((kw.value for kw in call.keywords if kw.arg == "request_string"), None)


# --- Following a gql() argument -------------------------------------------------------------


def _follow(argument: ast.expr, chain: _Chain, scan: _Scan) -> ast.expr | str:
    """The literal a gql() argument stands for, or why it cannot be known."""
    if _is_string(argument):
        return argument
    if isinstance(argument, ast.Name):
        return _resolve(argument.id, chain, scan)
    return f"the query passed to gql() is {_describe(argument)}, which zgql cannot read; {_ADVICE}"


def _resolve(name: str, chain: _Chain, scan: _Scan) -> ast.expr | str:
    """The literal of a module-level ``NAME = "..."``, or why NAME does not lead to one."""
    why = f"the query passed to gql() is `{name}`, which"
    if _is_local(name, chain, scan):
        return f"{why} is a local name that zgql does not follow; {_ADVICE}"
    count = scan.module_names[name] + (name in scan.declared_global)
    if count > 1:
        return f"{why} is assigned more than once; assign the query once, to a string literal."
    value = scan.constants.get(name)
    if count == 0 or value is None:
        return f"{why} is not set by a plain `{name} = ...` in this module's body; {_ADVICE}"
    if not _is_string(value):
        return f"{why} is assigned {_describe(value)}, which zgql cannot read; {_ADVICE}"
    return value


def _describe(node: ast.expr) -> str:
    """What a gql() argument is, in words, for the reason that says it cannot be read."""
    if isinstance(node, ast.Call):
        return _describe_call(node)
    if isinstance(node, ast.BinOp):
        return f"built with {_OPERATORS.get(type(node.op), 'an operator')} at run time"
    if isinstance(node, ast.Attribute):
        return f"an attribute (`.{node.attr}`)"
    if isinstance(node, ast.Starred):
        return "unpacked from *arguments"
    if isinstance(node, ast.Constant):
        return f"a {type(node.value).__name__} constant, not a string"
    return f"an expression ({type(node).__name__})"


_OPERATORS: dict[type[ast.operator], str] = {ast.Add: "+", ast.Mod: "%-formatting"}


def _describe_call(call: ast.Call) -> str:
    method = call.func.attr if isinstance(call.func, ast.Attribute) else ""
    if method in ("format", "format_map"):
        return f"built by .{method}() at run time"
    return "the result of a call, built at run time"


def _is_local(name: str, chain: _Chain, scan: _Scan) -> bool:
    """Whether NAME, read where `chain` ends, is bound in one of those scopes, not the module's.

    A class body is a scope only for code right in it, not for the methods it holds.
    """
    for depth, scope in enumerate(reversed(chain)):
        if depth and isinstance(scope, ast.ClassDef):
            continue
        if scope not in scan.scope_locals:
            scan.scope_locals[scope] = _locals(scope)
        if name in scan.scope_locals[scope]:
            return True
    return False


def _locals(scope: _Scope) -> frozenset[str]:
    own = list(_own_nodes(scope))
    bound = {name for node in own for name in _bound_names(node)}
    if not isinstance(scope, ast.ClassDef):
        bound.update(_parameters(scope.args))
    declared = {
        name for node in own if isinstance(node, ast.Global | ast.Nonlocal) for name in node.names
    }
    return frozenset(bound - declared)


def _parameters(arguments: ast.arguments) -> Iterator[str]:
    every = [*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs]
    every.extend(arg for arg in (arguments.vararg, arguments.kwarg) if arg is not None)
    return (arg.arg for arg in every)


def _own_nodes(scope: ast.Module | _Scope) -> Iterator[ast.AST]:
    """The nodes that run in a scope itself, not in a function or class nested in it.

    Comprehensions are counted in: a name they bind makes the name look bound here too, which
    at worst leaves a constant unresolved, never resolves a wrong one.
    """
    if isinstance(scope, ast.Module):
        stack: list[ast.AST] = list(scope.body)
    else:
        stack = [child for in_body, child in _children(scope) if in_body]
    while stack:
        node = stack.pop()
        yield node
        stack.extend(child for in_body, child in _children(node) if not in_body)


def _bound_names(node: ast.AST) -> Iterable[str]:
    """The names a node binds in the scope it runs in."""
    if isinstance(node, ast.Name):
        return () if isinstance(node.ctx, ast.Load) else (node.id,)
    if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
        return (node.name,)
    if isinstance(node, ast.Import | ast.ImportFrom):
        return (a.asname or a.name.partition(".")[0] for a in node.names if a.name != "*")
    if isinstance(node, ast.ExceptHandler | ast.MatchAs | ast.MatchStar):
        return (node.name,) if node.name else ()
    if isinstance(node, ast.MatchMapping):
        return (node.rest,) if node.rest else ()
    return ()


def _constants(tree: ast.Module) -> dict[str, ast.expr]:
    """NAME -> value for each plain ``NAME = value`` (or ``NAME: T = value``) in the module body."""
    constants: dict[str, ast.expr] = {}
    for statement in tree.body:
        if isinstance(statement, ast.Assign):
            for target in statement.targets:
                if isinstance(target, ast.Name):
                    constants[target.id] = statement.value
        elif (
            isinstance(statement, ast.AnnAssign)
            and isinstance(statement.target, ast.Name)
            and statement.value is not None
        ):
            constants[statement.target.id] = statement.value
    return constants


# --- Reading one literal --------------------------------------------------------------------


def _examine(node: ast.expr, lines: _Lines) -> EmbeddedQuery | UnanalysableQuery:
    """Read a literal's value from its source, with the file position of every character."""
    start = lines.start_of(node)
    line, column = lines.place(start)
    if isinstance(node, ast.JoinedStr):
        return UnanalysableQuery(line, column, _F_STRING)
    value = node.value if isinstance(node, ast.Constant) else None
    if isinstance(value, bytes):
        return UnanalysableQuery(line, column, _BYTES)
    literal = _read_literal(lines.text, start)
    if literal is None:
        return UnanalysableQuery(line, column, _UNMAPPED)
    if literal.stop != lines.end_of(node):  # more tokens follow in the same constant
        return UnanalysableQuery(line, column, _IMPLICIT)
    if literal.value != value:  # cannot happen; if it does, no position is better than a wrong one
        return UnanalysableQuery(line, column, _UNMAPPED)
    return EmbeddedQuery(
        literal.value, line, column, _line_starts(literal.value), _runs(literal.offsets, lines)
    )


def _runs(offsets: tuple[int, ...], lines: _Lines) -> tuple[_Run, ...]:
    """Compress per-character offsets into runs of consecutive columns on one line."""
    runs: list[_Run] = []
    previous, line_end = -2, -1  # the last offset placed, and where its line ends
    for index, offset in enumerate(offsets):
        if offset == previous + 1 and offset < line_end:
            previous = offset  # the next column of the same line: the run goes on
            continue
        line, column = lines.place(offset)
        line_end = lines.starts[line] if line < len(lines.starts) else len(lines.text) + 1
        previous = offset
        if runs:
            start, run_line, run_column = runs[-1]
            if run_line == line and run_column + index - start == column:
                continue
        runs.append((index, line, column))
    return tuple(runs)


@dataclass(frozen=True, slots=True)
class _Literal:
    value: str
    offsets: tuple[int, ...]  # the source offset of each character, then of the closing quote
    stop: int  # just after the closing quote


_PREFIX = re.compile(r"[A-Za-z]*")
_QUOTES = ('"""', "'''", '"', "'")
_SIMPLE_ESCAPES = {
    "\\": "\\",
    "'": "'",
    '"': '"',
    "a": "\a",
    "b": "\b",
    "f": "\f",
    "n": "\n",
    "r": "\r",
    "t": "\t",
    "v": "\v",
}
_OCTAL = re.compile(r"[0-7]{1,3}")
_HEX_ESCAPES = {
    "x": re.compile(r"[0-9A-Fa-f]{2}"),
    "u": re.compile(r"[0-9A-Fa-f]{4}"),
    "U": re.compile(r"[0-9A-Fa-f]{8}"),
}
_NAMED = re.compile(r"\{([^}\r\n]*)\}")
# What ends a run of plain characters in a literal: a backslash, a carriage return (read as a
# newline), or what may begin the closing quote.
_NOT_PLAIN = "\\\r"
_SPECIAL = {'"': re.compile(r'[\\\r"]'), "'": re.compile(r"[\\\r']")}


def _read_literal(text: str, start: int) -> _Literal | None:
    """Read the one str literal (not f, not bytes) that starts at `start`; None if it is not one.

    Mirrors Python's tokenizer: a backslash always keeps the next character from closing the
    string, even in a raw string; a newline in the source is "\\n" in the value, whatever its
    line end was.
    """
    prefix = _PREFIX.match(text, start)
    if prefix is None or prefix.group().lower() not in ("", "r", "u"):
        return None
    opening = prefix.end()
    quote = next((q for q in _QUOTES if text.startswith(q, opening)), None)
    if quote is None:
        return None
    reader = _Reader(text, raw=prefix.group().lower() == "r")
    end = reader.read(opening + len(quote), quote)
    if end is None:
        return None
    return _Literal("".join(reader.chars), (*reader.offsets, end), end + len(quote))


@dataclass(slots=True)
class _Reader:
    """Decodes a literal's content, noting the source offset each character comes from."""

    text: str
    raw: bool
    chars: list[str] = field(default_factory=list)
    offsets: list[int] = field(default_factory=list)

    def read(self, index: int, quote: str) -> int | None:
        """Read from `index` to the closing quote; its offset, or None if the text ends first."""
        text = self.text
        special = _SPECIAL[quote[0]]
        while index < len(text) and not text.startswith(quote, index):
            if text[index] not in _NOT_PLAIN and text[index] != quote[0]:
                # A run of characters that are themselves: copied at once, not one by one.
                found = special.search(text, index)
                stop = found.start() if found is not None else len(text)
                self.chars.extend(text[index:stop])
                self.offsets.extend(range(index, stop))
                index = stop
            elif text[index] != "\\" or index + 1 >= len(text):
                index = self._plain(index)
            elif self.raw:  # the backslash stays, and so does what follows, quote or newline
                self._emit("\\", index)
                index = self._plain(index + 1)
            else:
                escaped = _escape(text, index)
                if escaped is None:
                    return None
                value, after = escaped
                if value:
                    self._emit(value, index)
                index = after
        return index if index < len(text) else None

    def _plain(self, index: int) -> int:
        """Read one character as itself, a line end as "\\n"; the index after it."""
        if self.text.startswith("\r\n", index):
            self._emit("\n", index)
            return index + 2
        self._emit("\n" if self.text[index] == "\r" else self.text[index], index)
        return index + 1

    def _emit(self, char: str, offset: int) -> None:
        self.chars.append(char)
        self.offsets.append(offset)


def _escape(text: str, index: int) -> tuple[str, int] | None:
    """The value of the escape sequence at `index` (a backslash) and the index after it.

    A backslash-newline gives "", an unknown escape gives the backslash alone: the character
    after it is then read as itself. None for a sequence Python would have refused.
    """
    char = text[index + 1]
    if char in "\r\n":
        return "", index + (3 if text.startswith("\r\n", index + 1) else 2)
    if char in _SIMPLE_ESCAPES:
        return _SIMPLE_ESCAPES[char], index + 2
    octal = _OCTAL.match(text, index + 1)
    if octal is not None:
        return chr(int(octal.group(), 8)), octal.end()
    if char in _HEX_ESCAPES:
        digits = _HEX_ESCAPES[char].match(text, index + 2)
        code = int(digits.group(), 16) if digits is not None else -1
        return (chr(code), digits.end()) if digits is not None and code <= 0x10FFFF else None
    if char == "N":
        return _named_escape(text, index)
    return "\\", index + 1


def _named_escape(text: str, index: int) -> tuple[str, int] | None:
    """A ``\\N{NAME}`` escape: Python accepts Unicode names and aliases, in any case."""
    braces = _NAMED.match(text, index + 2)
    if braces is None:
        return None
    try:
        char = unicodedata.lookup(braces.group(1))
    except KeyError:
        return None
    return (char, braces.end()) if len(char) == 1 else None


Place = tuple[int, int]  # (1-based line, 0-based column), as tokenize counts


def marker_places(source: str, queries: Iterable[EmbeddedQuery]) -> Callable[[int, int], bool]:
    """Where in a Python file an inline ``# zgql: ignore[...]`` counts: in a comment, or in the
    text of an embedded query — not in any other string (a docstring that mentions one, a
    test's data). The answer takes a 1-based line and column. A file tokenize cannot read
    (its queries could not be read either) takes markers anywhere, as before."""
    starts = {(q.line, q.column - 1) for q in queries}
    try:
        spans: list[tuple[Place, Place]] = [
            (token.start, token.end)
            for token in tokenize.generate_tokens(io.StringIO(source).readline)
            if token.type == tokenize.COMMENT
            or (token.type == tokenize.STRING and token.start in starts)
        ]
    except (tokenize.TokenError, SyntaxError, ValueError):
        return lambda _line, _column: True

    def counts(line: int, column: int) -> bool:
        at = (line, column - 1)
        return any(start <= at < end for start, end in spans)

    return counts
