"""One file to one `Extraction`: sniff, parse, then small pure steps in order.

    sniff -> parser -> repair_text per page -> whitespace -> running headers and footers
    (PDF) -> language -> title

This runs in the calling process; `ingest.sandbox` runs it in a child process.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import replace
from pathlib import Path

from archive.errors import BrokenFileError, EmptyDocumentError, ExtractionError, ResourceLimitError
from archive.model import Extraction, Page
from ingest import mime
from ingest.language import detect_page_languages
from ingest.ocr import enabled as ocr_enabled
from ingest.quality import language_warning
from ingest.registry import parser_for
from ingest.repair import repair_text
from ingest.running import remove_running_lines
from ingest.sniff import sniff_content_type
from ingest.thumbnail import render_thumbnail

TITLE_MAX_CHARS = 200

_KINDS = {
    mime.PDF: "PDF",
    mime.DOCX: "DOCX",
    mime.TEXT: "text",
    mime.HTML: "HTML",
    mime.PPTX: "PPTX",
    mime.ODT: "ODT",
    mime.ODP: "ODP",
    mime.RTF: "RTF",
    mime.EML: "e-mail",
    mime.OLE: "Office",
    mime.PNG: "PNG",
    mime.JPEG: "JPEG",
    mime.TIFF: "TIFF",
}
_NAMED_KINDS = {
    ".pdf": "PDF",
    ".docx": "DOCX",
    ".html": "HTML",
    ".htm": "HTML",
    ".pptx": "PPTX",
    ".odt": "ODT",
    ".odp": "ODP",
    ".rtf": "RTF",
    ".doc": "Word",
    ".eml": "e-mail",
    ".png": "PNG",
    ".jpg": "JPEG",
    ".jpeg": "JPEG",
    ".tif": "TIFF",
    ".tiff": "TIFF",
}
_WORD_PREFIX = re.compile(r"^Microsoft (?:Word|PowerPoint) - ")
_FILE_NAME = re.compile(r"\S+\.(?:docx?|dotx?|pdf|rtf|odt|txt|html?|tex|dvi|ps|indd|pptx?|xlsx?)")
_PLACEHOLDER_TITLES = frozenset({"untitled", "title", "document", "no title", "normal.dot"})
_SPACES = re.compile(r"[^\S\n]+")
_BLANK_LINES = re.compile(r"\n{3,}")
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


def extract_file(path: Path | str, filename: str | None = None, *, ocr: bool = True) -> Extraction:
    """Read the file at ``path`` (uploaded as ``filename``) into an `Extraction`.

    Raises an `ExtractionError` subclass, and nothing else, for any file it cannot read.
    With ``ocr=False`` nothing is read by OCR: a file that needs it raises
    `OcrUnavailableError`, a PDF with some text keeps only that.
    """
    token = ocr_enabled.set(ocr)
    try:
        return _extract(Path(path), filename)
    finally:
        ocr_enabled.reset(token)


def _extract(path: Path, filename: str | None) -> Extraction:
    name = filename if filename is not None else path.name
    try:
        content_type = sniff_content_type(path, name)
    except OSError as error:
        raise BrokenFileError(f"the file cannot be read: {error.strerror or error}") from error
    if content_type == mime.BINARY:
        _refuse_misnamed(name)
    raw = _parse(path, content_type)
    return replace(finish(raw), thumbnail=render_thumbnail(path, content_type))


def finish(raw: Extraction) -> Extraction:
    """The pure steps after parsing: repair, whitespace, language, title."""
    texts = [normalise_whitespace(repair_text(p.text)) for p in raw.pages]
    removed = 0
    if raw.content_type == mime.PDF:
        texts, removed = remove_running_lines(texts)
    pages = [Page(number=p.number, text=t) for p, t in zip(raw.pages, texts, strict=True)]
    if not any(page.text for page in pages):
        if raw.content_type in mime.IMAGES:
            raise EmptyDocumentError("no text: OCR found none in the image")
        raise EmptyDocumentError("no extractable text (a scanned document needs OCR)")
    page_languages, language, languages = detect_page_languages([p.text for p in pages])
    pages = [replace(page, language=lang) for page, lang in zip(pages, page_languages, strict=True)]
    title = _metadata_title(raw.title) or first_meaningful_line(pages)
    warnings = raw.warnings
    if removed:
        warnings = (*warnings, f"{removed} repeated header and footer lines removed")
    unusual = language_warning([(p.text, p.language) for p in pages], language)
    if unusual:
        warnings = (*warnings, unusual)
    return replace(
        raw,
        pages=tuple(pages),
        warnings=warnings,
        title=title,
        language=language,
        languages=languages,
    )


def normalise_whitespace(text: str) -> str:
    """One space between words, no trailing spaces, at most one blank line in a row."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n")
    text = _CONTROLS.sub("", text)
    text = _SPACES.sub(" ", text)
    text = "\n".join(line.strip() for line in text.split("\n"))
    return _BLANK_LINES.sub("\n\n", text).strip()


def first_meaningful_line(pages: list[Page]) -> str | None:
    """The first line with at least three letters, shortened to `TITLE_MAX_CHARS`."""
    for page in pages:
        for line in page.text.split("\n"):
            if sum(1 for char in line if char.isalpha()) >= 3:
                return _clean_title(line)
    return None


def _metadata_title(title: str | None) -> str | None:
    """The title a file declares, unless it is a placeholder or a file name."""
    title = _clean_title(title)
    if title is None:
        return None
    title = _WORD_PREFIX.sub("", title)
    if title.lower() in _PLACEHOLDER_TITLES or _FILE_NAME.fullmatch(title):
        return None
    return title


def _clean_title(title: str | None) -> str | None:
    if not title:
        return None
    title = " ".join(repair_text(title).split())
    if len(title) > TITLE_MAX_CHARS:
        title = title[: TITLE_MAX_CHARS - 1].rstrip() + "…"
    return title or None


def _refuse_misnamed(name: str) -> None:
    """A file named like a document whose bytes are no known format is a damaged one."""
    suffix = Path(name).suffix.lower()
    kind = _NAMED_KINDS.get(suffix)
    if kind:
        raise BrokenFileError(
            f"the file's name ends in {suffix} but its content is not a {kind} file: "
            "it is damaged, or of another format"
        )


def _parse(path: Path, content_type: str) -> Extraction:
    parser = parser_for(content_type)
    kind = _KINDS.get(content_type, "")
    subject = f"the {kind} file" if kind else "the file"
    try:
        return parser(path)
    except ExtractionError:
        raise
    except MemoryError as error:
        raise ResourceLimitError("reading the file needed too much memory") from error
    except RecursionError as error:
        raise BrokenFileError(
            f"{subject} is damaged: its structure is nested too deeply"
        ) from error
    except (zipfile.BadZipFile, EOFError) as error:
        raise BrokenFileError(f"{subject} is damaged or truncated") from error
    except Exception as error:  # any library failure on a hostile file
        raise BrokenFileError(f"{subject} is damaged ({describe(error)})") from error


def describe(error: BaseException) -> str:
    """A one-line, human-sized description of an exception (no traceback)."""
    message = " ".join(str(error).split())
    if len(message) > 160:
        message = message[:159] + "…"
    return f"{type(error).__name__}: {message}" if message else type(error).__name__
