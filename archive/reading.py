"""A document's text in parts of bounded size, for its page and its API answer.

A document's text can be tens of megabytes (a text file of 63 MiB, one page long, was
uploaded once): sent whole, it took seconds to render and pushed the server's memory up by
hundreds of megabytes for each reader. So the text is read and sent in parts of at most
`PART_CHARS` characters: pages are taken whole while they fit in a part, a longer page is
cut into pieces, and each piece is read from the catalogue on its own.
"""

from __future__ import annotations

from dataclasses import dataclass

from archive.catalogue import Catalogue

PART_CHARS = 200_000
"""Characters of text in one part (about 100 pages)."""


@dataclass(frozen=True)
class PagePiece:
    """A page of text, or a piece of one that is longer than a part."""

    number: int
    """The page's number."""
    language: str
    text: str
    start: int = 0
    """Where the piece begins in its page (0 for a whole page)."""
    page_chars: int = 0
    """Characters of the whole page."""

    @property
    def whole(self) -> bool:
        return self.start == 0 and len(self.text) >= self.page_chars


@dataclass(frozen=True)
class TextPart:
    number: int
    """1 to `count`."""
    count: int
    pieces: tuple[PagePiece, ...]
    total_chars: int
    """Characters of the document's whole text."""

    @property
    def first_page(self) -> int | None:
        return self.pieces[0].number if self.pieces else None

    @property
    def last_page(self) -> int | None:
        return self.pieces[-1].number if self.pieces else None


_Slice = tuple[int, int, int, str, int]
"""(page number, start, length, language, page length)"""


def plan_parts(lengths: list[tuple[int, int, str]], size: int = PART_CHARS) -> list[list[_Slice]]:
    """Cut pages of these (number, characters, language) into parts of at most `size`
    characters; a part holds at least one piece."""
    parts: list[list[_Slice]] = [[]]
    room = size
    for number, length, language in lengths:
        if length <= room:
            parts[-1].append((number, 0, length, language, length))
            room -= length
            continue
        if parts[-1]:
            parts.append([])
            room = size
        for start in range(0, max(length, 1), size):
            if not room:
                parts.append([])
                room = size
            piece = min(size, length - start)
            parts[-1].append((number, start, piece, language, length))
            room -= piece
    return parts


def read_part(
    catalogue: Catalogue, document_id: int, number: int, size: int = PART_CHARS
) -> TextPart:
    """Part `number` (clamped to those there are) of the document's text."""
    lengths = catalogue.page_lengths(document_id)
    parts = plan_parts(lengths, size)
    number = min(max(number, 1), len(parts))
    pieces = []
    for page, start, length, language, page_chars in parts[number - 1]:
        if start == 0 and length == page_chars:
            text = catalogue.page_text(document_id, page)
        else:
            text = catalogue.page_text(document_id, page, start, length)
        pieces.append(PagePiece(page, language, text, start, page_chars))
    return TextPart(number, len(parts), tuple(pieces), sum(n for _, n, _ in lengths))
