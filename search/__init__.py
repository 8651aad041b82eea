"""Full-text search: planning queries whatever the engine, and the Whoosh engine.

Only the modules of the Whoosh engine import whoosh (and the analyzers, which are built
from Whoosh's analysis framework and shared by every engine)."""

from search.glossary import Glossary
from search.pipeline import SearchPipeline
from search.postgresql_engine import PostgresEngine, create_search_engine
from search.syntax import FIELD_NAMES
from search.whoosh_engine import SCHEMA_VERSION, WhooshIndex

__all__ = [
    "FIELD_NAMES",
    "SCHEMA_VERSION",
    "Glossary",
    "PostgresEngine",
    "SearchPipeline",
    "WhooshIndex",
    "create_search_engine",
]
