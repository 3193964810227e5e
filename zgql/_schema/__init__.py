"""The schema side: loading a cached Zoho CRM schema and compiling its cost index."""

from zgql._schema._load import Schema, cache_dir, load_schema

__all__ = ["Schema", "cache_dir", "load_schema"]
