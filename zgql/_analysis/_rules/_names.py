"""The names of the rules that are not cost rules (those carry their name as an attribute): one
constant each, so that a misspelt rule name is a NameError, not a finding nobody can disable."""

from __future__ import annotations

__all__ = [
    "BUDGET",
    "DOCUMENT_SIZE",
    "EMBEDDED_QUERY",
    "FRAGMENT_CONFLICT",
    "OPERATION_NAME",
    "SCHEMA",
    "SUPPRESSION",
    "SYNTAX",
    "VARIABLES",
]

SYNTAX = "syntax"  # the document parses
DOCUMENT_SIZE = "document-size"  # it is within max-document-bytes and max-document-tokens
SCHEMA = "schema"  # it validates against the schema
VARIABLES = "variables"  # supplied variables fit their types
OPERATION_NAME = "operation-name"  # an operation asked for by name is there
BUDGET = "budget"  # an operation is within its credit budget
EMBEDDED_QUERY = "embedded-query"  # a query in Python can be read (lint)
FRAGMENT_CONFLICT = "fragment-conflict"  # fragments of one name agree (lint)
SUPPRESSION = "suppression"  # an inline suppression is well made and used (lint)
