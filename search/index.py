"""The Whoosh index behind the `Indexer` port: schema, writing and searching."""

from __future__ import annotations

import json
import logging
import shutil
import threading
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index
from whoosh.fields import ID, STORED, TEXT, Schema
from whoosh.index import FileIndex
from whoosh.searching import Searcher

from archive.errors import IndexUnavailableError, SearchError
from archive.model import UNDETERMINED, Document, SearchQuery, SearchResults
from search.analysis import (
    SUPPORTED_LANGUAGES,
    folded_analyzer,
    generic_analyzer,
    hungarian_backend,
    language_analyzer,
)
from search.query import TITLE_BOOST, build_parser, parse_query
from search.results import to_results

log = logging.getLogger(__name__)

SCHEMA_VERSION = 1
"""Raise when the schema or the analysis changes: the index is rebuilt from the catalogue."""

STAMP_FILE = "clusnet-index.json"
INDEXED_LANGUAGES: tuple[str, ...] = (*SUPPORTED_LANGUAGES, UNDETERMINED)


def field_language(language: str) -> str:
    """The language suffix of the fields a text in `language` goes to."""
    return language if language in SUPPORTED_LANGUAGES else UNDETERMINED


def build_schema() -> Schema:
    fields: dict[str, Any] = {
        "id": ID(stored=True, unique=True),
        "filename": TEXT(analyzer=generic_analyzer(), stored=True),
        "title": STORED(),
        "language": ID(stored=True),
        "text": STORED(),
        "content_folded": TEXT(analyzer=folded_analyzer(), chars=True, phrase=True),
        "title_folded": TEXT(analyzer=folded_analyzer(), field_boost=TITLE_BOOST),
    }
    for lang in INDEXED_LANGUAGES:
        analyzer = language_analyzer(lang) if lang != UNDETERMINED else generic_analyzer()
        fields[f"content_{lang}"] = TEXT(analyzer=analyzer, chars=True, phrase=True)
        fields[f"title_{lang}"] = TEXT(analyzer=analyzer, field_boost=TITLE_BOOST)
    return Schema(**fields)


def current_stamp() -> dict[str, Any]:
    return {"schema": SCHEMA_VERSION, "hungarian": hungarian_backend()}


def document_fields(document: Document) -> dict[str, Any]:
    """The index fields of one document.

    Each page's text goes to the field of its language; the other languages' pages are
    blanked to spaces of the same length, so that character offsets in every field point
    into the one stored full text (snippets are cut from it).
    """
    pages = [page for page in document.pages if page.text]
    full_text = "\n\n".join(page.text for page in pages)
    doc_lang = field_language(document.language)
    page_langs = [
        field_language(page.language if page.language != UNDETERMINED else doc_lang)
        for page in pages
    ]
    fields: dict[str, Any] = {
        "id": str(document.id),
        "filename": document.filename,
        "title": document.display_title,
        "language": document.language,
        "text": full_text,
        "content_folded": full_text,
        "title_folded": document.display_title,
        f"title_{doc_lang}": document.display_title,
    }
    for lang in set(page_langs):
        fields[f"content_{lang}"] = "\n\n".join(
            page.text if page_lang == lang else " " * len(page.text)
            for page, page_lang in zip(pages, page_langs, strict=True)
        )
    return fields


class WhooshIndex:
    """A Whoosh index in one folder. Writes from one process at a time; reads from many."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._local = threading.local()
        self._lock = threading.Lock()
        self._ix: FileIndex | None = None
        self._searchers: list[Searcher] = []

    # -- state ---------------------------------------------------------------------

    def rebuild_reason(self) -> str | None:
        if not self.path.is_dir() or not whoosh_index.exists_in(str(self.path)):
            return "the index does not exist yet"
        try:
            stamp = json.loads((self.path / STAMP_FILE).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return "the index has no schema stamp"
        if stamp != current_stamp():
            return f"the index was built with {stamp}, the archive now uses {current_stamp()}"
        try:
            whoosh_index.open_dir(str(self.path)).doc_count()
        except Exception as exc:
            return f"the index cannot be opened ({type(exc).__name__})"
        return None

    def _index(self) -> FileIndex:
        with self._lock:
            if self._ix is None:
                try:
                    self._ix = whoosh_index.open_dir(str(self.path))
                except Exception as exc:
                    raise IndexUnavailableError(
                        "the search index is missing or damaged: "
                        "run `clusnet reindex` to rebuild it from the catalogue"
                    ) from exc
            return self._ix

    def _searcher(self) -> Searcher:
        """One searcher per thread, refreshed when the index has changed."""
        current: Searcher | None = getattr(self._local, "searcher", None)
        if current is None:
            searcher = self._index().searcher()
        else:
            searcher = current.refresh()
            if searcher is not current:
                current.close()
        with self._lock:
            if current is not None and current in self._searchers:
                self._searchers.remove(current)
            if searcher not in self._searchers:
                self._searchers.append(searcher)
        self._local.searcher = searcher
        return searcher

    def close(self) -> None:
        """Close every searcher this index opened (in any thread)."""
        with self._lock:
            for searcher in self._searchers:
                searcher.close()
            self._searchers.clear()
            self._local = threading.local()
            self._ix = None

    # -- writing -------------------------------------------------------------------

    def clear(self) -> None:
        self.close()
        with self._lock:
            if self.path.exists():
                shutil.rmtree(self.path)
            self.path.mkdir(parents=True)
            whoosh_index.create_in(str(self.path), build_schema())
            (self.path / STAMP_FILE).write_text(json.dumps(current_stamp()), encoding="utf-8")

    def add(self, documents: Iterable[Document]) -> int:
        written = 0
        writer = self._index().writer(timeout=60.0, limitmb=256, compound=False)
        try:
            for document in documents:
                writer.update_document(**document_fields(document))
                written += 1
        except BaseException:
            writer.cancel()
            raise
        writer.commit()
        return written

    def delete(self, ids: Iterable[int]) -> None:
        writer = self._index().writer(timeout=60.0, compound=False)
        for document_id in ids:
            writer.delete_by_term("id", str(document_id))
        writer.commit()

    # -- reading -------------------------------------------------------------------

    def document_ids(self) -> set[int]:
        searcher = self._searcher()
        return {int(fields["id"]) for fields in searcher.all_stored_fields()}

    def search(self, query: SearchQuery) -> SearchResults:
        searcher = self._searcher()
        parser = build_parser(searcher.schema, INDEXED_LANGUAGES)
        parsed, notices = parse_query(parser, query.text)
        if parsed is None:
            return SearchResults(query.text, 0, (), query.page, query.limit, notices)
        try:
            page = searcher.search_page(parsed, max(query.page, 1), pagelen=query.limit, terms=True)
        except Exception as exc:
            log.exception("search failed for %r", query.text)
            raise SearchError("the search could not be run; try simpler words") from exc
        return to_results(query, page, notices)
