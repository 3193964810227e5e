"""The exceptions zgql raises.

Analysis never raises on the text it is given: everything wrong with a query is a
:class:`zgql.Diagnostic`. Exceptions are for what zgql cannot work without::

    ZgqlError
    ├── ConfigError      a configuration file or mapping that zgql cannot use
    └── SchemaError      a schema file that cannot be read or is not a schema
"""

from __future__ import annotations

__all__ = ["ConfigError", "SchemaError", "ZgqlError"]


class ZgqlError(Exception):
    """Base class of every exception zgql raises."""


class ConfigError(ZgqlError):
    """Configuration that zgql cannot use; the message names the file and the key."""


class SchemaError(ZgqlError):
    """A schema (introspection or metadata JSON) that cannot be loaded; names the file."""
