"""PDF files, read with pypdf, and with PDFium where pypdf fails: text per page, title,
authors, creation date."""

from __future__ import annotations

import logging
import re
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import Any

from pypdf import PasswordType, PdfReader
from pypdf.errors import DependencyError, FileNotDecryptedError

from archive.errors import BrokenFileError, ExtractionError, PasswordProtectedError
from archive.model import Extraction, Page
from ingest.dates import parse_iso_datetime, parse_pdf_date
from ingest.mime import PDF
from ingest.ocr import (
    DPI,
    available_languages,
    ocr_available,
    ocr_pages,
    require_ocr,
    unavailable_reason,
)
from ingest.pdfium import has_images, open_pdf, page_texts, render_png
from ingest.pdfium import metadata as pdfium_metadata
from ingest.quality import assess
from ingest.safexml import parse_xml

MAX_WARNINGS = 5
"""At most this many distinct warnings from pypdf are kept on an extraction."""

_JUNK_AUTHOR = re.compile(r"^(?:ARRAY|HASH)\(0x[0-9a-f]+\)$")  # a Perl producer's bug


def parse_pdf(path: Path) -> Extraction:
    """Read the text of every page and the document information of a PDF.

    pypdf reads first. Where it cannot open the file, or a page's text is empty or garbage
    (see `ingest.quality`), PDFium reads too, and the better reading of each page is kept.
    Pages that still have no usable text but hold an image are read by OCR. The first
    warnings say which extractor gave the text.
    """
    return _read_scanned_pages(path, _read_text_layer(path))


def _read_text_layer(path: Path) -> Extraction:
    try:
        primary = _parse_with_pypdf(path)
    except (PasswordProtectedError, MemoryError):
        raise
    except Exception as error:  # pypdf's failure on a damaged file: PDFium may still read it
        failure = error if isinstance(error, BrokenFileError) else _damaged(error)
        try:
            fallback = _parse_with_pdfium(path)
        except ExtractionError:
            raise failure from error
        note = f"text read with {PDFIUM} (pypdf could not read the file: {failure})"
        return _noted(fallback, note)
    weak = [i for i, page in enumerate(primary.pages) if not assess(page.text).usable]
    if not weak:
        return _noted(primary, f"text read with {PYPDF}")
    try:
        fallback = _parse_with_pdfium(path)
    except ExtractionError as error:
        return _noted(primary, f"text read with {PYPDF} ({PDFIUM} could not check it: {error})")
    pages = list(primary.pages)
    if len(fallback.pages) == len(pages):
        better = [i for i in weak if _better(fallback.pages[i].text, pages[i].text)]
        for i in better:
            pages[i] = fallback.pages[i]
    elif _total_score(fallback.pages) > _total_score(primary.pages):
        better = list(range(len(fallback.pages)))
        pages = list(fallback.pages)
    else:
        better = []
    if not better:
        return _noted(primary, f"text read with {PYPDF}")
    if len(better) == len(pages):
        note = f"text read with {PDFIUM} (pypdf's text was empty or garbage)"
    else:
        note = (
            f"text read with {PYPDF}; {_page_list(better)} with {PDFIUM} "
            "(pypdf's text there was empty or garbage)"
        )
    return _noted(replace(primary, pages=tuple(pages)), note)


PYPDF = "pypdf"
PDFIUM = "pypdfium2"
MAX_OCR_PAGES = 300
"""OCR stops after this many pages of one PDF (the rest are named in a warning)."""


def _read_scanned_pages(path: Path, extraction: Extraction) -> Extraction:
    """OCR the pages without usable text that show an image (or garbage text)."""
    pages = list(extraction.pages)
    weak = {i: assess(page.text) for i, page in enumerate(pages)}
    weak = {i: quality for i, quality in weak.items() if not quality.usable}
    if not weak:
        return extraction
    try:
        with open_pdf(path) as document:
            if len(document) != len(pages):
                return extraction
            wanted = [i for i, q in weak.items() if q.garbage or has_images(document, i)]
            if not wanted:
                return extraction
            if not ocr_available():
                if any(assess(page.text).usable for page in pages):
                    return _noted(
                        extraction,
                        f"{_page_list(wanted)} need OCR, and {unavailable_reason()}",
                        last=True,
                    )
                require_ocr("a scanned PDF without a usable text layer")
            done: list[int] = []
            chosen = wanted[:MAX_OCR_PAGES]
            rendered = (render_png(document, i, DPI) for i in chosen)
            for i, text in zip(chosen, ocr_pages(rendered), strict=True):
                if _better(text, pages[i].text):
                    pages[i] = replace(pages[i], text=text)
                    done.append(i)
    except (BrokenFileError, PasswordProtectedError):
        return extraction  # PDFium cannot render it: keep what the text layer gave
    if not done:
        return extraction
    engine = f"tesseract {'+'.join(available_languages())}"
    if len(done) == len(pages):  # nothing of the text layer is left
        kept = tuple(w for w in extraction.warnings if not w.startswith("text read with"))
        note = f"text read by OCR ({engine}): the PDF has no usable text layer"
        return _noted(replace(extraction, pages=tuple(pages), warnings=kept), note)
    note = f"{_page_list(done)} read by OCR ({engine})"
    if len(wanted) > MAX_OCR_PAGES:
        note += f"; OCR stopped after {MAX_OCR_PAGES} pages"
    return _noted(replace(extraction, pages=tuple(pages)), note, last=True)


def _damaged(error: BaseException) -> BrokenFileError:
    if isinstance(error, RecursionError):
        return BrokenFileError("the PDF file is damaged: its structure is nested too deeply")
    if isinstance(error, EOFError):
        return BrokenFileError("the PDF file is damaged or truncated")
    return BrokenFileError(f"the PDF file is damaged ({_reason(error)})")


def _noted(extraction: Extraction, note: str, last: bool = False) -> Extraction:
    """Add ``note`` first among the warnings (``last``: after the other notes)."""
    warnings = list(extraction.warnings)
    at = sum(1 for w in warnings if w.startswith("text read with")) if last else 0
    warnings.insert(at, note)
    return replace(extraction, warnings=tuple(warnings[:MAX_WARNINGS]))


def _better(candidate: str, current: str) -> bool:
    new, old = assess(candidate), assess(current)
    return not new.empty and new.score > old.score


def _total_score(pages: tuple[Page, ...]) -> int:
    return sum(assess(page.text).score for page in pages)


def _page_list(indexes: list[int]) -> str:
    numbers = [str(i + 1) for i in indexes]
    if len(numbers) > 10:
        numbers = [*numbers[:10], "…"]
    return ("page " if len(indexes) == 1 else "pages ") + ", ".join(numbers)


def _parse_with_pdfium(path: Path) -> Extraction:
    with open_pdf(path) as document:
        texts = page_texts(document)
        info = pdfium_metadata(document)
    if not texts:
        raise BrokenFileError("the PDF has no pages")
    title, authors, created = _metadata_from(info.get)
    return Extraction(
        content_type=PDF,
        pages=tuple(Page(number=n, text=t) for n, t in enumerate(texts, start=1)),
        title=title,
        authors=authors,
        created=created,
    )


def _parse_with_pypdf(path: Path) -> Extraction:
    with _collected_messages() as messages:
        reader = PdfReader(path, strict=False)
        _unlock(reader)
        try:
            page_list = list(reader.pages)
        except FileNotDecryptedError as error:
            raise PasswordProtectedError("password protected") from error
        pages: list[Page] = []
        failures: list[str] = []
        for number, page in enumerate(page_list, start=1):
            try:
                text = page.extract_text(extraction_mode="plain")
            except (RecursionError, MemoryError):
                raise
            except Exception as error:  # one unreadable page must not lose the others
                failures.append(f"page {number}: no text could be read ({_reason(error)})")
                text = ""
            pages.append(Page(number=number, text=text))
        if not pages:
            raise BrokenFileError("the PDF has no pages")
        if len(failures) == len(pages):
            raise BrokenFileError(f"the PDF is damaged: {failures[0]}")
        messages[:0] = failures
        title, authors, created = _metadata(reader)
    return Extraction(
        content_type=PDF,
        pages=tuple(pages),
        title=title,
        authors=authors,
        created=created,
        warnings=tuple(dict.fromkeys(messages))[:MAX_WARNINGS],
    )


def _unlock(reader: PdfReader) -> None:
    if not reader.is_encrypted:
        return
    try:
        result = reader.decrypt("")
    except DependencyError as error:
        raise PasswordProtectedError(
            "encrypted with a method this installation cannot open "
            "(install the 'cryptography' package for AES)"
        ) from error
    except Exception as error:
        raise PasswordProtectedError(f"password protected ({_reason(error)})") from error
    if result == PasswordType.NOT_DECRYPTED:
        raise PasswordProtectedError("password protected")


def _metadata(reader: PdfReader) -> tuple[str | None, tuple[str, ...], datetime | None]:
    """The information dictionary's title, authors and date; XMP fills what it lacks."""
    try:
        info = reader.metadata
    except Exception:
        info = None
    title: str | None = None
    authors: tuple[str, ...] = ()
    created: datetime | None = None
    if info is not None:
        title, authors, created = _metadata_from(lambda key: _text_entry(info, f"/{key}"))
    if title and authors and created:
        return title, authors, created
    xmp_title, xmp_authors, xmp_created = read_xmp(reader)
    return title or xmp_title, authors or xmp_authors, created or xmp_created


MAX_XMP_BYTES = 4 * 1024 * 1024
_RDF = "{http://www.w3.org/1999/02/22-rdf-syntax-ns#}"
_DC = "{http://purl.org/dc/elements/1.1/}"
_XMP = "{http://ns.adobe.com/xap/1.0/}"
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def read_xmp(reader: PdfReader) -> tuple[str | None, tuple[str, ...], datetime | None]:
    """Title, creators and creation date from the document's XMP packet, safely parsed.

    pypdf's own XMP reader expands internal entities; this one uses `ingest.safexml`.
    """
    try:
        stream = reader.root_object.get("/Metadata")
        stream = stream.get_object() if stream is not None else None
        data = stream.get_data() if stream is not None and hasattr(stream, "get_data") else b""
    except Exception:
        return None, (), None
    if not data or len(data) > MAX_XMP_BYTES:
        return None, (), None
    try:
        root = parse_xml(data.strip(b"\x00 \t\r\n"), "the XMP metadata")
    except ExtractionError:
        return None, (), None
    titles = [
        (li.get(_XML_LANG) != "x-default", "".join(li.itertext()).strip())
        for element in root.iter(f"{_DC}title")
        for li in element.iter(f"{_RDF}li")
    ]
    title = min((t for t in titles if t[1]), default=(True, None))[1]
    authors = tuple(
        text
        for element in root.iter(f"{_DC}creator")
        for li in element.iter(f"{_RDF}li")
        if (text := " ".join("".join(li.itertext()).split()))
    )
    created = None
    for element in root.iter(f"{_XMP}CreateDate"):
        created = created or parse_iso_datetime("".join(element.itertext()))
    for description in root.iter(f"{_RDF}Description"):
        created = created or parse_iso_datetime(description.get(f"{_XMP}CreateDate"))
    return title, authors, created


def _metadata_from(
    entry: Callable[[str], str | None],
) -> tuple[str | None, tuple[str, ...], datetime | None]:
    """Title, authors and creation date from an information dictionary's entries."""
    title = entry("Title")
    author = entry("Author")
    authors = tuple(
        name
        for name in (a.strip() for a in re.split(r"[;\n]", author or ""))
        if name and not _JUNK_AUTHOR.match(name)
    )
    created = parse_pdf_date(entry("CreationDate"))
    return title, authors, created


def _text_entry(info: Any, key: str) -> str | None:
    try:
        value = info.get(key)
        if value is not None and hasattr(value, "get_object"):
            value = value.get_object()
    except Exception:
        return None
    if isinstance(value, bytes):
        value = value.decode("latin-1", errors="replace")
    if not isinstance(value, str):
        return None
    value = value.replace("\x00", "").strip()
    return value or None


def _reason(error: BaseException) -> str:
    message = str(error).strip().splitlines()[0] if str(error).strip() else ""
    message = message[:160]
    return f"{type(error).__name__}: {message}" if message else type(error).__name__


class _ListHandler(logging.Handler):
    def __init__(self, sink: list[str]) -> None:
        super().__init__(level=logging.WARNING)
        self.sink = sink

    def emit(self, record: logging.LogRecord) -> None:
        self.sink.append(record.getMessage()[:200])


@contextmanager
def _collected_messages() -> Iterator[list[str]]:
    """Collect pypdf's warnings and log messages instead of letting them out."""
    messages: list[str] = []
    logger = logging.getLogger("pypdf")
    handler = _ListHandler(messages)
    propagate = logger.propagate
    logger.addHandler(handler)
    logger.propagate = False
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            yield messages
        messages.extend(str(w.message)[:200] for w in caught)
    finally:
        logger.removeHandler(handler)
        logger.propagate = propagate
