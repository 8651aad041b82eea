"""The content types ingest tells apart (MIME types)."""

from __future__ import annotations

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
TEXT = "text/plain"
HTML = "text/html"

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
OOXML = "application/x-ooxml"
ZIP = "application/zip"
OLE = "application/x-ole-storage"
RTF = "application/rtf"
XML = "application/xml"
POSTSCRIPT = "application/postscript"
GZIP = "application/gzip"
EMPTY = "application/x-empty"
BINARY = "application/octet-stream"

SUPPORTED_CONTENT_TYPES: frozenset[str] = frozenset({PDF, DOCX, TEXT, HTML})
