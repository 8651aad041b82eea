"""The content types ingest tells apart (MIME types)."""

from __future__ import annotations

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
TEXT = "text/plain"
HTML = "text/html"

ODT = "application/vnd.oasis.opendocument.text"
ODP = "application/vnd.oasis.opendocument.presentation"
RTF = "application/rtf"
DOC = "application/msword"
EML = "message/rfc822"
PNG = "image/png"
JPEG = "image/jpeg"
TIFF = "image/tiff"
GIF = "image/gif"
IMAGES: frozenset[str] = frozenset({PNG, JPEG, TIFF})
"""Images read by OCR."""

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
OOXML = "application/x-ooxml"
ZIP = "application/zip"
OLE = "application/x-ole-storage"
XML = "application/xml"
POSTSCRIPT = "application/postscript"
GZIP = "application/gzip"
EMPTY = "application/x-empty"
BINARY = "application/octet-stream"

SUPPORTED_CONTENT_TYPES: frozenset[str] = frozenset(
    {PDF, DOCX, TEXT, HTML, PPTX, ODT, ODP, RTF, DOC, EML, *IMAGES}
)
