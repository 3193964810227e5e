"""The names of the analysis's rules that the analysis itself judges (the cost rules carry theirs
as an attribute): one constant each, so that a misspelt rule name is a NameError, not a finding
nobody can disable. The linter's rules name themselves in ``zgql._lint._rules``."""

from __future__ import annotations

__all__ = [
    "BUDGET",
    "DOCUMENT_SIZE",
    "OPERATION_NAME",
    "SCHEMA",
    "SYNTAX",
    "VARIABLES",
]

SYNTAX = "syntax"  # the document parses
DOCUMENT_SIZE = "document-size"  # it is within max-document-bytes and max-document-tokens
SCHEMA = "schema"  # it validates against the schema
VARIABLES = "variables"  # supplied variables fit their types
OPERATION_NAME = "operation-name"  # an operation asked for by name is there
BUDGET = "budget"  # an operation is within its credit budget
