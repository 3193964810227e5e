"""Helpers for testing code that uses zgql or Zoho CRM's GraphQL API, and for zgql's own tests.

- :class:`Emulator`: a local Zoho CRM GraphQL endpoint and accounts server on a loopback port
  (``pip install 'zgql[emulator]'``), with pytest fixtures ``zoho_emulator`` (reset for each
  test) and ``zoho_emulator_session`` registered automatically when zgql is installed.
- ``random_query`` generates queries that validate against a schema, as a tree that renders
  to text in several equivalent spellings (with or without named fragments, other alias
  names). Drive it with ``random.Random(seed)``.
"""

from zgql._emulator import Call, ClientCredentials, Emulator, Fault, Org
from zgql.testing._queries import QueryTree, Selection, random_query

__all__ = [
    "Call",
    "ClientCredentials",
    "Emulator",
    "Fault",
    "Org",
    "QueryTree",
    "Selection",
    "random_query",
]
