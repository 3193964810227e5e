"""Helpers for testing code that uses zgql, and for zgql's own tests.

``random_query`` generates queries that validate against a schema, as a tree that renders to
text in several equivalent spellings (with or without named fragments, other alias names).
Drive it with ``random.Random(seed)``, or with hypothesis' ``st.randoms()``.
"""

from zgql.testing._queries import QueryTree, Selection, random_query

__all__ = ["QueryTree", "Selection", "random_query"]
