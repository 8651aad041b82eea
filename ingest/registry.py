"""Parsers chosen by sniffed content type.

A parser takes a path and returns a raw `Extraction` (text per page as the library gave
it, plus metadata); the pipeline cleans it up afterwards. Content types without a parser
get an `UnsupportedFormatError` that tells the librarian what to do instead.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from archive.errors import EmptyDocumentError, PasswordProtectedError, UnsupportedFormatError
from archive.model import Extraction
from ingest import mime
from ingest.docx import parse_docx
from ingest.html import parse_html
from ingest.pdf import parse_pdf
from ingest.text import parse_text

Parser = Callable[[Path], Extraction]

PARSERS: dict[str, Parser] = {
    mime.PDF: parse_pdf,
    mime.DOCX: parse_docx,
    mime.TEXT: parse_text,
    mime.HTML: parse_html,
}

_ADVICE: dict[str, str] = {
    mime.XLSX: "an Excel workbook",
    mime.PPTX: "a PowerPoint presentation",
    mime.OOXML: "an Office Open XML package of an unknown kind",
    mime.ZIP: "a zip archive: unpack it and add the documents one by one",
    mime.RTF: "an RTF document: save it as DOCX or PDF",
    mime.XML: "an XML file",
    mime.POSTSCRIPT: "a PostScript file: convert it to PDF",
    mime.GZIP: "a compressed archive: unpack it and add the documents one by one",
    mime.BINARY: "not a document clusnet can read",
    "application/vnd.oasis.opendocument.text": "an OpenDocument text: save it as DOCX or PDF",
}

_OLE_SCAN_LIMIT = 64 * 1024 * 1024


def parser_for(content_type: str) -> Parser:
    """Return the parser for ``content_type``; one that raises if there is none."""
    parser = PARSERS.get(content_type)
    if parser is not None:
        return parser
    if content_type == mime.EMPTY:
        return _refuse_empty
    if content_type == mime.OLE:
        return _refuse_ole
    return lambda path: _refuse(content_type)


def _refuse(content_type: str) -> Extraction:
    if content_type.startswith("image/"):
        what = "an image (no text layer; clusnet does not do OCR)"
    elif content_type.startswith("application/vnd.oasis.opendocument"):
        what = "an OpenDocument file: save it as DOCX or PDF"
    else:
        what = _ADVICE.get(content_type, f"of type {content_type}")
    raise UnsupportedFormatError(f"unsupported file format: {what}")


def _refuse_empty(path: Path) -> Extraction:
    raise EmptyDocumentError("the file is empty (0 bytes)")


def _refuse_ole(path: Path) -> Extraction:
    """An OLE2 compound file: an encrypted Office document or a legacy Office file."""
    with path.open("rb") as stream:
        data = stream.read(_OLE_SCAN_LIMIT)
    if "EncryptedPackage".encode("utf-16-le") in data:
        raise PasswordProtectedError("password protected (encrypted Office document)")
    if "WordDocument".encode("utf-16-le") in data:
        raise UnsupportedFormatError(
            "unsupported file format: a Word 97-2003 .doc file: save it as DOCX or PDF"
        )
    raise UnsupportedFormatError(
        "unsupported file format: a legacy Office file (Excel, PowerPoint or other): save it as PDF"
    )
