"""Zoho's ``Long`` scalar: the one rule by which both analysis engines read it.

A 64-bit whole number, or its decimal digits in a string (record ids exceed what a JavaScript
number holds exactly, so they travel as strings too). No graphql-core here: the fast path
judges literals with it, and graphql-core's scalar (``_scalars``) coerces values with it.
"""

from __future__ import annotations

import re

__all__ = ["long_value"]

_LONG_MIN, _LONG_MAX = -(2**63), 2**63 - 1
_DIGITS = re.compile(r"-?\d{1,19}")


def long_value(value: object) -> int:
    """``value`` as a Long; :class:`ValueError` saying why it is not one."""
    if isinstance(value, int) and not isinstance(value, bool):
        number = value
    elif isinstance(value, str) and _DIGITS.fullmatch(value):
        number = int(value)
    else:
        raise ValueError("a whole number (or its digits in a string)")
    if not _LONG_MIN <= number <= _LONG_MAX:
        raise ValueError("outside the 64-bit range")
    return number
