"""Full-text search: the only package that imports whoosh."""

from search.index import SCHEMA_VERSION, WhooshIndex

__all__ = ["SCHEMA_VERSION", "WhooshIndex"]
