"""Parsers chosen by sniffed content type.

A parser takes a path and returns a raw `Extraction` (text per page as the library gave
it, plus metadata); the pipeline cleans it up afterwards. Content types without a parser
get an `UnsupportedFormatError` that tells the librarian what to do instead.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path

from archive.errors import EmptyDocumentError, PasswordProtectedError, UnsupportedFormatError
from archive.model import Extraction
from ingest import mime
from ingest.doc import parse_doc
from ingest.docx import parse_docx
from ingest.eml import parse_eml
from ingest.html import parse_html
from ingest.image import parse_image
from ingest.odf import parse_odp, parse_odt
from ingest.pdf import parse_pdf
from ingest.pptx import parse_pptx
from ingest.rtf import parse_rtf
from ingest.text import parse_text

Parser = Callable[[Path], Extraction]

PARSERS: dict[str, Parser] = {
    mime.PDF: parse_pdf,
    mime.DOCX: parse_docx,
    mime.TEXT: parse_text,
    mime.HTML: parse_html,
    mime.PPTX: parse_pptx,
    mime.ODT: parse_odt,
    mime.ODP: parse_odp,
    mime.RTF: parse_rtf,
    mime.EML: parse_eml,
    **{kind: partial(parse_image, content_type=kind) for kind in mime.IMAGES},
}

_ADVICE: dict[str, str] = {
    mime.XLSX: "an Excel workbook",
    mime.OOXML: "an Office Open XML package of an unknown kind",
    mime.ZIP: "a zip archive: unpack it and add the documents one by one",
    mime.XML: "an XML file",
    mime.POSTSCRIPT: "a PostScript file: convert it to PDF",
    mime.GZIP: "a compressed archive: unpack it and add the documents one by one",
    mime.BINARY: "not a document clusnet can read",
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
        return _parse_ole
    return lambda path: _refuse(content_type)


def _refuse(content_type: str) -> Extraction:
    if content_type.startswith("image/"):
        what = f"an image of a kind OCR does not read ({content_type}): save it as PNG"
    elif content_type.startswith("application/vnd.oasis.opendocument"):
        what = "an OpenDocument spreadsheet or drawing: save it as PDF"
    else:
        what = _ADVICE.get(content_type, f"of type {content_type}")
    raise UnsupportedFormatError(f"unsupported file format: {what}")


def _refuse_empty(path: Path) -> Extraction:
    raise EmptyDocumentError("the file is empty (0 bytes)")


def _parse_ole(path: Path) -> Extraction:
    """An OLE2 compound file: an encrypted Office document or a legacy Office file."""
    with path.open("rb") as stream:
        data = stream.read(_OLE_SCAN_LIMIT)
    if "EncryptedPackage".encode("utf-16-le") in data:
        raise PasswordProtectedError("password protected (encrypted Office document)")
    if "WordDocument".encode("utf-16-le") in data:
        return parse_doc(path)
    raise UnsupportedFormatError(
        "unsupported file format: a legacy Office file (Excel, PowerPoint or other): save it as PDF"
    )
