"""PowerPoint presentations (PPTX), read with python-pptx: one page per slide, with the
text of every shape (text boxes, placeholders, tables, grouped shapes) and the speaker
notes; core properties.

python-pptx parses with ``resolve_entities=False``; the zip's declared sizes are checked
first, as for DOCX.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from pptx import Presentation
from pptx.exc import PackageNotFoundError
from pptx.shapes.group import GroupShape

from archive.errors import BrokenFileError
from archive.model import Extraction, Page
from ingest.docx import check_zip_limits, core_property_values
from ingest.mime import PPTX


def parse_pptx(path: Path) -> Extraction:
    """Read a PPTX into one page per slide: the slide's shapes, then its notes."""
    check_zip_limits(path, "PPTX")
    try:
        presentation = Presentation(str(path))
    except PackageNotFoundError as error:
        raise BrokenFileError("the PPTX file is damaged: it is not a PowerPoint package") from error
    pages: list[Page] = []
    for number, slide in enumerate(presentation.slides, start=1):
        blocks = list(_shape_texts(slide.shapes))
        if slide.has_notes_slide:
            notes = slide.notes_slide.notes_text_frame
            if notes is not None and notes.text.strip():
                blocks.append(notes.text.replace("\v", "\n"))
        pages.append(Page(number=number, text="\n".join(blocks)))
    if not pages:
        pages.append(Page(number=1, text=""))
    title, authors, created = core_property_values(presentation.core_properties)
    return Extraction(
        content_type=PPTX,
        pages=tuple(pages),
        title=title,
        authors=authors,
        created=created,
    )


def _shape_texts(shapes: Iterable[Any]) -> Iterator[str]:
    """Text of shapes in reading order (top to bottom, left to right); groups recursed."""
    for shape in sorted(shapes, key=_position):
        if isinstance(shape, GroupShape):
            yield from _shape_texts(shape.shapes)
        elif getattr(shape, "has_table", False) and shape.has_table:
            for row in shape.table.rows:
                cells = [" ".join(cell.text.split()) for cell in row.cells]
                line = "\t".join(c for c in cells if c)
                if line:
                    yield line
        elif getattr(shape, "has_text_frame", False) and shape.has_text_frame:
            text = shape.text_frame.text.replace("\v", "\n")  # a line break in a paragraph
            if text.strip():
                yield text


def _position(shape: Any) -> tuple[int, int]:
    try:
        return (int(shape.top or 0), int(shape.left or 0))
    except (TypeError, ValueError, AttributeError):
        return (0, 0)
