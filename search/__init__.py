"""Full-text search: the only package that imports whoosh."""

from search.glossary import Glossary
from search.index import SCHEMA_VERSION, WhooshIndex
from search.query import FIELD_NAMES

__all__ = ["FIELD_NAMES", "SCHEMA_VERSION", "Glossary", "WhooshIndex"]
