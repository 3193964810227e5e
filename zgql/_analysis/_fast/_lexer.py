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


_IGNORED = r"(?:[ \t\n\r,\ufeff]|#[^\n\r\ud800-\udfff]*)*"
_TOKEN = re.compile(
    f"({_IGNORED})"
    r"(\.\.\.|[!$&():=@\[\]{|}]"
    r"|[_A-Za-z][_0-9A-Za-z]*"
    r"|-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?(?![._A-Za-z0-9])"
    r'|"(?!"")(?:[^"\\\n\r\ud800-\udfff]|\\["\\/bfnrt]|\\u(?![dD][89a-fA-F])[0-9A-Fa-f]{4})*"'
    r"|\Z)"  # the end, after what is ignored there: the last match, empty
)
_ESCAPE = re.compile(r"\\(?:u([0-9A-Fa-f]{4})|(.))")
_ESCAPED = {'"': '"', "\\": "\\", "/": "/", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t"}


def tokenize(text: str, max_tokens: int) -> tuple[list[str], list[int]]:
    """The tokens of ``text`` (their source text) and where each starts.

    Raises :class:`Unsupported` on anything the pattern does not cover, and on a document near
    ``max_tokens`` (graphql-core then says whether it is over, in its words).
    """
    tokens: list[str] = []
    starts: list[int] = []
    position = 0
    for ignored, token in _TOKEN.findall(text):
        position += len(ignored)
        tokens.append(token)
        starts.append(position)
        position += len(token)
    # findall skips what it cannot match: the matches cover the text only if none was skipped,
    # and then the last one or two are the end's (empty, after what is ignored there).
    if position != len(text) or not tokens or tokens[-1]:
        raise Unsupported
    while tokens and not tokens[-1]:
        tokens.pop()
        starts.pop()
    if len(tokens) + 2 > max_tokens:
        raise Unsupported
    return tokens, starts


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
