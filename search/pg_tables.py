"""The PostgreSQL engine's tables: a cache of the catalogue, like the Whoosh index.

- ``search_documents``: one row a visible document (withdrawn ones are left out): what a
  hit shows, the filter and facet values (normalised), the page text for snippets, each
  field's length, and the weighted ``tsvector`` ``v`` with a GIN index;
- ``search_words``: every lexeme with the number of documents that have it (``docs``) and
  of those that are not restricted (``public``): document frequencies for BM25 and the
  vocabulary (accents, did you mean, autocomplete);
- ``search_stats``: the number of documents and each field's total length;
- ``search_meta``: the stamp of the schema and the analysis that built them.

A rebuild writes tables with the suffix ``_next`` and swaps them in in one transaction.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection, text

DOCUMENTS = "search_documents"
WORDS = "search_words"
STATS = "search_stats"
META = "search_meta"
TABLES = (DOCUMENTS, WORDS, STATS)
NEXT = "_next"


@dataclass(frozen=True)
class Names:
    documents: str = DOCUMENTS
    words: str = WORDS
    stats: str = STATS

    @classmethod
    def suffixed(cls, suffix: str) -> Names:
        return cls(DOCUMENTS + suffix, WORDS + suffix, STATS + suffix)


CURRENT = Names()


def create(conn: Connection, names: Names = CURRENT, index: str = "gin") -> None:
    """Create the tables named `names` (and the meta table) when missing."""
    conn.execute(
        text(
            f"""
            CREATE TABLE IF NOT EXISTS {names.documents} (
                id integer PRIMARY KEY,
                title text NOT NULL,
                filename text NOT NULL,
                language text NOT NULL,
                restricted boolean NOT NULL,
                seminar text,
                partner text,
                city_name text,
                doc_type text,
                date_number integer NOT NULL,
                sort_title text NOT NULL,
                size bigint NOT NULL,
                page_count integer NOT NULL,
                text text NOT NULL,
                page_starts integer[] NOT NULL,
                page_numbers integer[] NOT NULL,
                lengths integer[] NOT NULL,
                k_language text,
                k_type text,
                k_seminar text,
                k_partner text,
                k_city text,
                k_year text,
                v tsvector NOT NULL
            )"""
        )
    )
    if index == "rum":
        conn.execute(text("CREATE EXTENSION IF NOT EXISTS rum"))
        conn.execute(
            text(
                f"CREATE INDEX IF NOT EXISTS {names.documents}_v ON {names.documents} "
                "USING rum (v rum_tsvector_ops)"
            )
        )
    else:
        conn.execute(
            text(
                f"CREATE INDEX IF NOT EXISTS {names.documents}_v ON {names.documents} USING gin (v)"
            )
        )
    conn.execute(
        text(
            f"""
            CREATE TABLE IF NOT EXISTS {names.words} (
                word text COLLATE "C" PRIMARY KEY,
                docs integer NOT NULL,
                public integer NOT NULL
            )"""
        )
    )
    conn.execute(
        text(
            f"""
            CREATE TABLE IF NOT EXISTS {names.stats} (
                field text PRIMARY KEY,
                total bigint NOT NULL
            )"""
        )
    )
    conn.execute(text(f"CREATE TABLE IF NOT EXISTS {META} (key text PRIMARY KEY, value text)"))


def exists(conn: Connection, names: Names = CURRENT) -> bool:
    found = conn.execute(
        text("SELECT count(to_regclass(t)) FROM unnest(CAST(:tables AS text[])) t"),
        {"tables": [names.documents, names.words, names.stats, META]},
    ).scalar_one()
    return bool(found == 4)


def drop(conn: Connection, names: Names) -> None:
    for table in (names.documents, names.words, names.stats):
        conn.execute(text(f"DROP TABLE IF EXISTS {table}"))


def swap(conn: Connection, built: Names) -> None:
    """Replace the current tables by `built` (in the caller's transaction)."""
    drop(conn, CURRENT)
    for old, new in (
        (built.documents, CURRENT.documents),
        (built.words, CURRENT.words),
        (built.stats, CURRENT.stats),
    ):
        conn.execute(text(f"ALTER TABLE {old} RENAME TO {new}"))
    conn.execute(text(f"ALTER INDEX IF EXISTS {built.documents}_v RENAME TO {DOCUMENTS}_v"))
    conn.execute(text(f"ALTER INDEX IF EXISTS {built.documents}_pkey RENAME TO {DOCUMENTS}_pkey"))
    conn.execute(text(f"ALTER INDEX IF EXISTS {built.words}_pkey RENAME TO {WORDS}_pkey"))
    conn.execute(text(f"ALTER INDEX IF EXISTS {built.stats}_pkey RENAME TO {STATS}_pkey"))


def read_stamp(conn: Connection) -> str | None:
    value = conn.execute(text(f"SELECT value FROM {META} WHERE key = 'stamp'")).scalar()
    return None if value is None else str(value)


def write_stamp(conn: Connection, stamp: str) -> None:
    conn.execute(
        text(
            f"INSERT INTO {META} (key, value) VALUES ('stamp', :stamp) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value"
        ),
        {"stamp": stamp},
    )
