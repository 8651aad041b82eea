"""Tell a file's content type from its bytes, never from its name.

The name is only a tie-breaker where the bytes cannot decide: a text file with a few
tags in it is HTML when it is called ``.html`` and plain text otherwise.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable
from pathlib import Path

from ingest.mime import (
    BINARY,
    DOCX,
    EML,
    EMPTY,
    GZIP,
    HTML,
    OLE,
    OOXML,
    PDF,
    POSTSCRIPT,
    PPTX,
    RTF,
    TEXT,
    XLSX,
    XML,
    ZIP,
)
from ingest.text import looks_like_text

_HEAD_SIZE = 64 * 1024
_PDF_MAGIC_WINDOW = 1024

_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
    (b"II*\x00", "image/tiff"),
    (b"MM\x00*", "image/tiff"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", OLE),
    (b"{\\rtf", RTF),
    (b"%!PS", POSTSCRIPT),
    (b"\x1f\x8b", GZIP),
    (b"7z\xbc\xaf\x27\x1c", "application/x-7z-compressed"),
    (b"Rar!\x1a\x07", "application/vnd.rar"),
)
_ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")

_STRONG_HTML = re.compile(rb"<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]", re.IGNORECASE)
_WEAK_HTML = re.compile(
    rb"<(?:title|meta|p|div|span|br|table|h[1-6]|ul|ol|li|a\s+href|script|style)[\s/>]",
    re.IGNORECASE,
)
_OPENDOCUMENT = re.compile(r"application/vnd\.oasis\.opendocument\.[a-z.-]{1,40}")
_HTML_NAMES = (".html", ".htm", ".xhtml", ".shtml")
_MAX_HEADER_LINES = 300
_HEADER_FIELD = re.compile(rb"([!-9;-~]{1,76}):")
_MESSAGE_FIELDS = frozenset(
    {
        b"from", b"to", b"cc", b"subject", b"date", b"message-id", b"mime-version",
        b"received", b"return-path", b"reply-to", b"content-type", b"delivered-to", b"sender",
    }
)  # fmt: skip
_MESSAGE_ONLY_FIELDS = frozenset({b"from", b"received", b"message-id", b"mime-version"})


def sniff_content_type(path: Path | str, filename: str | None = None) -> str:
    """Return the MIME type of the file at ``path``, judged by its content.

    ``filename`` (the name the file was uploaded under; defaults to the path's name) only
    breaks ties between plain text and HTML.
    """
    path = Path(path)
    name = (filename if filename is not None else path.name).lower()
    with path.open("rb") as stream:
        head = stream.read(_HEAD_SIZE)
    if not head:
        return EMPTY
    if b"%PDF-" in head[:_PDF_MAGIC_WINDOW]:
        return PDF
    if head.startswith(_ZIP_MAGICS):
        kind = _sniff_zip(path, head)
        if kind == OOXML and name.endswith(".docx"):
            return DOCX  # an Office package without a Word part yet: the name breaks the tie
        return kind
    for magic, content_type in _MAGIC:
        if head.startswith(magic):
            return content_type
    if not looks_like_text(head):
        return BINARY
    if looks_like_email(head):
        return EML
    return _sniff_markup(head, name)


def looks_like_email(head: bytes) -> bool:
    """Whether ``head`` starts with an RFC 5322 header block that names a message.

    Every line up to the first blank one is a header field (``Name: value``) or the
    continuation of one, and at least two of them are the usual fields of a message, one
    of which only a message has (From, Received, Message-ID, MIME-Version).
    """
    lines = head.lstrip(b"\xef\xbb\xbf").split(b"\n", _MAX_HEADER_LINES + 1)
    if lines and lines[0].startswith(b"From "):  # an mbox separator line
        lines = lines[1:]
    names: set[bytes] = set()
    for line in lines[:_MAX_HEADER_LINES]:
        line = line.rstrip(b"\r")
        if not line:
            break
        if line[:1] in (b" ", b"\t") and names:
            continue
        match = _HEADER_FIELD.match(line)
        if match is None:
            return False
        names.add(match.group(1).lower())
    else:
        return False
    known = names & _MESSAGE_FIELDS
    return len(known) >= 2 and bool(known & _MESSAGE_ONLY_FIELDS)


def _sniff_zip(path: Path, head: bytes) -> str:
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            if "mimetype" in names:
                info = archive.getinfo("mimetype")
                if info.file_size <= 200:
                    declared = archive.read(info).decode("ascii", "replace").strip()
                    if _OPENDOCUMENT.fullmatch(declared):
                        return declared
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError):
        # Damaged container: the local file headers still name the members.
        return _ooxml_kind(lambda prefix: prefix.encode() in head)
    return _ooxml_kind(lambda prefix: any(n.startswith(prefix) for n in names))


def _ooxml_kind(has: Callable[[str], bool]) -> str:
    if has("word/document.xml") or has("word/"):
        return DOCX
    if has("xl/"):
        return XLSX
    if has("ppt/"):
        return PPTX
    if has("[Content_Types].xml"):
        return OOXML
    return ZIP


def _sniff_markup(head: bytes, name: str) -> str:
    start = head.lstrip(b"\xef\xbb\xbf\xff\xfe\x00 \t\r\n")[:1024].lower()
    named_html = name.endswith(_HTML_NAMES)
    if start.startswith(b"<?xml"):
        return HTML if _STRONG_HTML.search(head) else XML
    if start.startswith(b"<") and _STRONG_HTML.search(head[:4096]):
        return HTML
    if named_html and (_STRONG_HTML.search(head) or _WEAK_HTML.search(head)):
        return HTML  # markup, but not at the start: the name breaks the tie
    return TEXT
