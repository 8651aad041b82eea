"""OpenDocument text and presentations (ODT, ODP), read from their XML parts with the safe
parser: ``content.xml`` for the text, ``meta.xml`` for title, author and creation date.

An ODT is one page; an ODP has one page per slide (``draw:page``), with its speaker notes.
The zip's declared sizes are checked before any part is read, as for DOCX.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from archive.errors import BrokenFileError, ResourceLimitError
from archive.model import Extraction, Page
from ingest.dates import parse_iso_datetime
from ingest.docx import MAX_UNCOMPRESSED_BYTES, check_zip_limits
from ingest.mime import ODP, ODT
from ingest.safexml import parse_xml

_TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_DRAW = "{urn:oasis:names:tc:opendocument:xmlns:drawing:1.0}"
_OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
_PRESENTATION = "{urn:oasis:names:tc:opendocument:xmlns:presentation:1.0}"
_META = "{urn:oasis:names:tc:opendocument:xmlns:meta:1.0}"
_DC = "{http://purl.org/dc/elements/1.1/}"

_BLOCKS = frozenset({f"{_TEXT}p", f"{_TEXT}h"})
_SKIPPED = frozenset(
    {
        f"{_TEXT}tracked-changes",  # deleted text of tracked changes
        f"{_TEXT}note-citation",  # the footnote's number, not its text
        f"{_OFFICE}annotation-end",
        f"{_TEXT}sequence-decls",
        f"{_TEXT}variable-decls",
    }
)


def parse_odt(path: Path) -> Extraction:
    """Read an OpenDocument text into one page."""
    content, meta = _parts(path, "ODT")
    body = content.find(f"{_OFFICE}body")
    text = "\n".join(_blocks(body)) if body is not None else ""
    return _extraction(ODT, (Page(number=1, text=text),), meta)


def parse_odp(path: Path) -> Extraction:
    """Read an OpenDocument presentation into one page per slide, with its notes."""
    content, meta = _parts(path, "ODP")
    slides = list(content.iter(f"{_DRAW}page"))
    pages = tuple(
        Page(number=number, text="\n".join(_blocks(slide)))
        for number, slide in enumerate(slides, start=1)
    ) or (Page(number=1, text=""),)
    return _extraction(ODP, pages, meta)


def _parts(path: Path, kind: str) -> tuple[Any, Any]:
    check_zip_limits(path, kind)
    try:
        with zipfile.ZipFile(path) as archive:
            content = parse_xml(_read(archive, "content.xml", kind), f"the {kind} content")
            try:
                meta = parse_xml(_read(archive, "meta.xml", kind), f"the {kind} metadata")
            except (KeyError, BrokenFileError):
                meta = None
    except KeyError as error:
        raise BrokenFileError(f"the {kind} file is damaged: it has no content.xml") from error
    return content, meta


def _read(archive: zipfile.ZipFile, name: str, kind: str) -> bytes:
    info = archive.getinfo(name)
    if info.file_size > MAX_UNCOMPRESSED_BYTES:
        raise ResourceLimitError(f"the {kind} part {name} is too large")
    return archive.read(info)


def _blocks(element: Any) -> Iterator[str]:
    """The text of each paragraph, heading and table row under ``element``, in order."""
    for child in element.iterchildren():
        tag = child.tag
        if not isinstance(tag, str) or tag in _SKIPPED:
            continue
        if tag in _BLOCKS:
            text = _inline(child)
            if text.strip():
                yield text
            for note in child.iter(f"{_TEXT}note-body", f"{_OFFICE}annotation"):
                yield from _blocks(note)
        elif tag == f"{_TABLE}table-row":
            cells = [
                " ".join(" ".join(_blocks(cell)).split())
                for cell in child.iterchildren(f"{_TABLE}table-cell")
            ]
            line = "\t".join(c for c in cells if c)
            if line:
                yield line
        else:  # sections, lists, frames, text boxes, notes of a slide ...: look inside
            yield from _blocks(child)


def _inline(paragraph: Any) -> str:
    """Text of one paragraph; footnote bodies and comments are left for `_blocks`."""
    pieces: list[str] = [paragraph.text or ""]
    for child in paragraph.iterchildren():
        tag = child.tag
        if isinstance(tag, str) and tag not in _SKIPPED:
            if tag == f"{_TEXT}s":
                pieces.append(" " * _count(child.get(f"{_TEXT}c")))
            elif tag == f"{_TEXT}tab":
                pieces.append("\t")
            elif tag == f"{_TEXT}line-break":
                pieces.append("\n")
            elif tag not in (f"{_TEXT}note", f"{_OFFICE}annotation"):
                pieces.append(_inline(child))
        pieces.append(child.tail or "")
    return "".join(pieces)


def _count(value: str | None) -> int:
    try:
        return max(1, min(int(value or 1), 100))
    except ValueError:
        return 1


def _extraction(content_type: str, pages: tuple[Page, ...], meta: Any) -> Extraction:
    title = creator = created_text = None
    if meta is not None:
        title = _first_text(meta, f"{_DC}title")
        creator = _first_text(meta, f"{_DC}creator") or _first_text(meta, f"{_META}initial-creator")
        created_text = _first_text(meta, f"{_META}creation-date")
    authors = tuple(a.strip() for a in (creator or "").split(";") if a.strip())
    return Extraction(
        content_type=content_type,
        pages=pages,
        title=title,
        authors=authors,
        created=parse_iso_datetime(created_text),
    )


def _first_text(root: Any, tag: str) -> str | None:
    for element in root.iter(tag):
        text = "".join(element.itertext()).strip()
        if text:
            return text
    return None
