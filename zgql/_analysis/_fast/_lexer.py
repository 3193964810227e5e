"""The fast path's tokenizer: one compiled regular expression, linear in the text.

It accepts a subset of GraphQL's lexical grammar, exactly as graphql-core reads it: names,
punctuators, numbers, and single-line strings whose escapes stand for one non-surrogate code
point. Anything else — a block string, ``\\u{...}`` or surrogate escapes, a character GraphQL
does not allow — is not an error here but :class:`Unsupported`: the document then goes to
graphql-core, which words the error (or accepts what this lexer does not handle).
"""

from __future__ import annotations

import re

__all__ = ["Unsupported", "string_value", "tokenize"]


class Unsupported(Exception):
    """The fast path does not decide this document; graphql-core does."""


# Every match starts where the previous one ended, at its first try: a character no token
# begins with is matched alone, by the last group (and refused), so no input makes the
# scanner backtrack over what it has read or retry later positions: linear in the text.
_WHITE = r"[ \t\n\r,\ufeff]*"
_COMMENT = r"#[^\n\r\ud800-\udfff]*(?![^\n\r\ud800-\udfff])"
_TOKEN = re.compile(
    f"({_WHITE}(?:{_COMMENT}{_WHITE})*)"
    r"(?:([_A-Za-z][_0-9A-Za-z]*|[!$&():=@\[\]{|}]|\.\.\."
    r"|-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?(?![._A-Za-z0-9])"
    r'|"(?!"")[^"\\\n\r\ud800-\udfff]*'
    r'(?:\\(?:["\\/bfnrt]|u(?![dD][89a-fA-F])[0-9A-Fa-f]{4})[^"\\\n\r\ud800-\udfff]*)*"'
    r"|\Z)"  # the end, after what is ignored there: the last match, empty
    r"|(.))",  # anything else
    re.DOTALL,
)
_ESCAPE = re.compile(r"\\(?:u([0-9A-Fa-f]{4})|(.))")
_ESCAPED = {'"': '"', "\\": "\\", "/": "/", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t"}


def tokenize(text: str, max_tokens: int) -> tuple[list[str], list[tuple[str, str, str]]]:
    """The tokens of ``text`` (their source text), and the matches they come from: (what is
    ignored before the token, the token), from which :class:`Source` finds offsets when asked.

    Raises :class:`Unsupported` on anything the pattern does not cover, and on a document near
    ``max_tokens`` (graphql-core then says whether it is over, in its words).
    """
    matches = _TOKEN.findall(text)
    # The last match or two are the end's (empty, after what is ignored there); an empty
    # token before them is a character no token begins with.
    while matches and not matches[-1][1] and not matches[-1][2]:
        matches.pop()
    tokens = [match[1] for match in matches]
    if "" in tokens or len(tokens) + 2 > max_tokens:
        raise Unsupported
    return tokens, matches


def string_value(token: str) -> str:
    """The value of a string token (quotes off, escapes read)."""
    body = token[1:-1]
    if "\\" not in body:
        return body
    return _ESCAPE.sub(_unescape, body)


def _unescape(match: re.Match[str]) -> str:
    if match.group(1) is not None:
        return chr(int(match.group(1), 16))
    return _ESCAPED[match.group(2)]
