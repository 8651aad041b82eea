"""DOCX files, read with python-docx: body text (paragraphs, tables, nested tables, content
controls, text boxes) in document order, then footnotes, endnotes and comments, then
headers and footers; core properties.

python-docx's ``Document.paragraphs`` misses tables, content controls and headers, so the
body XML is walked directly; it also leaves the notes and comments parts unparsed, and
`ingest.safexml` parses them. python-docx parses with ``resolve_entities=False``: external
and internal entities are never expanded. The zip's declared sizes are checked before the
package is opened, so a zip bomb is refused before it is inflated.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import docx
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.exceptions import PackageNotFoundError

from archive.errors import BrokenFileError, ResourceLimitError, UnsupportedFormatError
from archive.model import Extraction, Page
from ingest.mime import DOCX
from ingest.safexml import parse_xml

MAX_UNCOMPRESSED_BYTES = 256 * 1024 * 1024
"""A DOCX whose members declare more than this in total is refused as a likely zip bomb."""
MAX_MEMBERS = 10_000
MAX_RATIO = 200
"""A member larger than 1 MiB that compresses better than this is refused."""

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_NOTES = (f"{_W}footnote", f"{_W}endnote", f"{_W}comment")
_SEPARATORS = frozenset({"separator", "continuationSeparator", "continuationNotice"})
_SKIPPED = frozenset(
    {
        _MC_FALLBACK,  # duplicate of mc:Choice (text boxes appear twice otherwise)
        f"{_W}delText",  # deleted text in tracked changes
        f"{_W}instrText",  # field codes
        f"{_W}rPr",
        f"{_W}pPr",
        f"{_W}sectPr",
        f"{_W}tblPr",
        f"{_W}trPr",
        f"{_W}tcPr",
    }
)


def parse_docx(path: Path) -> Extraction:
    """Read a DOCX into one page: body first, then headers and footers."""
    check_zip_limits(path)
    try:
        document = docx.Document(str(path))
    except PackageNotFoundError as error:
        raise BrokenFileError("the DOCX file is damaged: it is not a valid Word package") from error
    except zipfile.BadZipFile as error:
        raise BrokenFileError(f"the DOCX file is damaged: {error}") from error
    except KeyError as error:
        if _is_strict(path):
            raise UnsupportedFormatError(
                "unsupported file format: a Strict Open XML document: "
                "save it as a regular Word document (.docx)"
            ) from error
        raise BrokenFileError("the DOCX file is damaged: a required part is missing") from error
    except ValueError as error:
        message = str(error)
        if "macroEnabled" in message or "template" in message:
            raise UnsupportedFormatError(
                "unsupported file format: a macro-enabled Word document or a Word template: "
                "save it as a .docx document"
            ) from error
        if "content type" in message:
            raise BrokenFileError(
                "the DOCX file is damaged: it holds no Word document part"
            ) from error
        raise
    blocks = list(_blocks(document.element.body))
    for notes in _note_parts(document):
        for note in notes.iterchildren(*_NOTES):
            if note.get(f"{_W}type") not in _SEPARATORS:
                blocks.extend(_blocks(note))
    for part in _header_footer_parts(document):
        blocks.extend(_blocks(part.element))
    text = "\n".join(blocks)
    title, authors, created = _core_properties(document)
    return Extraction(
        content_type=DOCX,
        pages=(Page(number=1, text=text),),
        title=title,
        authors=authors,
        created=created,
    )


def check_zip_limits(path: Path, kind: str = "DOCX") -> None:
    """Refuse a zip package (a ``kind`` file) whose declared sizes point to a zip bomb."""
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except zipfile.BadZipFile as error:
        raise BrokenFileError(f"the {kind} file is damaged: {error}") from error
    if len(members) > MAX_MEMBERS:
        raise ResourceLimitError(
            f"the {kind} holds {len(members)} parts, over the limit of {MAX_MEMBERS}"
        )
    total = sum(member.file_size for member in members)
    if total > MAX_UNCOMPRESSED_BYTES:
        raise ResourceLimitError(
            f"the {kind} unpacks to {total / 2**20:.0f} MiB, over the limit of "
            f"{MAX_UNCOMPRESSED_BYTES / 2**20:.0f} MiB (possibly a zip bomb)"
        )
    for member in members:
        if member.file_size > 2**20 and member.file_size > MAX_RATIO * max(member.compress_size, 1):
            raise ResourceLimitError(
                f"the {kind} part {member.filename} unpacks {member.file_size // 2**20} MiB "
                f"from {member.compress_size} bytes (possibly a zip bomb)"
            )


def _is_strict(path: Path) -> bool:
    try:
        with zipfile.ZipFile(path) as archive:
            info = archive.getinfo("_rels/.rels")
            if info.file_size > 2**20:
                return False
            return b"purl.oclc.org/ooxml" in archive.read(info)
    except (KeyError, zipfile.BadZipFile, OSError, ValueError):
        return False


def _note_parts(document: Any) -> list[Any]:
    """The root elements of the footnotes, endnotes and comments parts, in that order.

    python-docx loads these as opaque parts: their XML is parsed here, by the safe parser.
    """
    related = {
        rel.reltype: rel.target_part for rel in document.part.rels.values() if not rel.is_external
    }
    roots: list[Any] = []
    for reltype in (RT.FOOTNOTES, RT.ENDNOTES, RT.COMMENTS):
        part = related.get(reltype)
        if part is None:
            continue
        element = getattr(part, "element", None)
        if element is None:
            element = parse_xml(part.blob, f"the DOCX part {part.partname}")
        roots.append(element)
    return roots


def _header_footer_parts(document: Any) -> list[Any]:
    parts = [
        rel.target_part
        for rel in document.part.rels.values()
        if not rel.is_external and rel.reltype in (RT.HEADER, RT.FOOTER)
    ]
    headers = sorted(
        (p for p in parts if "header" in str(p.partname)), key=lambda p: str(p.partname)
    )
    footers = sorted(
        (p for p in parts if "header" not in str(p.partname)), key=lambda p: str(p.partname)
    )
    return headers + footers


def _blocks(element: Any) -> Iterator[str]:
    """Yield the text of each paragraph or table row under ``element``, in order."""
    for child in element.iterchildren():
        tag = child.tag
        if not isinstance(tag, str) or tag in _SKIPPED:
            continue
        if tag == f"{_W}p":
            text, boxes = _paragraph(child)
            if text.strip():
                yield text
            for box in boxes:
                yield from _blocks(box)
        elif tag == f"{_W}tbl":
            yield from _table(child)
        else:  # content controls, custom XML, smart tags ...: look inside
            yield from _blocks(child)


def _table(table: Any) -> Iterator[str]:
    for row in table.iterchildren(f"{_W}tr"):
        cells: list[str] = []
        nested: list[str] = []
        for cell in row.iter(f"{_W}tc"):
            if _parent_row(cell) is not row:
                continue
            parts: list[str] = []
            for child in cell.iterchildren():
                if child.tag == f"{_W}tbl":
                    nested.extend(_table(child))
                elif child.tag not in _SKIPPED:
                    parts.extend(_blocks_of(child))
            cells.append(" ".join(p.strip() for p in parts if p.strip()))
        line = "\t".join(c for c in cells if c)
        if line:
            yield line
        yield from nested


def _blocks_of(element: Any) -> Iterator[str]:
    if element.tag == f"{_W}p":
        text, boxes = _paragraph(element)
        yield text
        for box in boxes:
            yield from _blocks(box)
    else:
        yield from _blocks(element)


def _parent_row(cell: Any) -> Any:
    parent = cell.getparent()
    while parent is not None and parent.tag != f"{_W}tr":
        parent = parent.getparent()
    return parent


def _paragraph(paragraph: Any) -> tuple[str, list[Any]]:
    """Text of a paragraph, and the text box contents found inside it."""
    pieces: list[str] = []
    boxes: list[Any] = []
    stack = [paragraph]
    # Depth-first, children in order, skipping fallbacks and deleted text.
    order: list[Any] = []
    while stack:
        node = stack.pop()
        order.append(node)
        children = [
            c for c in node.iterchildren() if isinstance(c.tag, str) and c.tag not in _SKIPPED
        ]
        for child in reversed(children):
            if child.tag == f"{_W}txbxContent":
                boxes.append(child)
            else:
                stack.append(child)
    for node in order:
        tag = node.tag
        if tag == f"{_W}t":
            pieces.append(node.text or "")
        elif tag == f"{_W}tab":
            pieces.append("\t")
        elif tag in (f"{_W}br", f"{_W}cr"):
            pieces.append("\n")
        elif tag == f"{_W}noBreakHyphen":
            pieces.append("-")
    return "".join(pieces), boxes


def _core_properties(document: Any) -> tuple[str | None, tuple[str, ...], datetime | None]:
    try:
        properties = document.core_properties
    except Exception:
        return None, (), None
    return core_property_values(properties)


def core_property_values(
    properties: Any,
) -> tuple[str | None, tuple[str, ...], datetime | None]:
    """Title, authors and creation date from OPC core properties (DOCX, PPTX)."""
    title = _safe(lambda: properties.title)
    author = _safe(lambda: properties.author)
    created = _safe(lambda: properties.created)
    authors = tuple(a.strip() for a in (author or "").split(";") if a.strip())
    if isinstance(created, datetime):
        created = created.replace(tzinfo=UTC) if created.tzinfo is None else created
        created = created.astimezone(UTC)
        if created.year < 1900:
            created = None
    else:
        created = None
    return (title.strip() or None) if isinstance(title, str) else None, authors, created


def _safe(read: Any) -> Any:
    try:
        return read()
    except Exception:
        return None
