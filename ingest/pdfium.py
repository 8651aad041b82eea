"""PDF files read with PDFium (pypdfium2): the fallback for files pypdf cannot open or
reads as garbage, and the renderer of pages for OCR.

PDFium is the engine of Chromium's PDF viewer: it repairs broken cross-reference tables
and tolerates malformed objects that stop pypdf. It is native code, so like every parser
it only ever runs inside the sandbox's child process.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from archive.errors import BrokenFileError, PasswordProtectedError

_SOFT_HYPHEN = re.compile(r"\x02(?:\n|(?=\S))")

MAX_RENDER_PIXELS = 60_000_000
"""A page is rendered for OCR at a lower resolution if it would have more pixels than this."""


@contextmanager
def open_pdf(path: Path) -> Iterator[pdfium.PdfDocument]:
    """Open a PDF with PDFium (an empty user password is tried); close it afterwards."""
    try:
        document = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as error:
        message = str(error)
        if "password" in message.lower():
            raise PasswordProtectedError("password protected") from error
        raise BrokenFileError(f"the PDF file is damaged (PDFium: {_reason(message)})") from error
    try:
        yield document
    finally:
        document.close()


def page_texts(document: pdfium.PdfDocument) -> list[str]:
    """The text of every page; a page PDFium cannot load reads as empty."""
    texts: list[str] = []
    for index in range(len(document)):
        try:
            page = document[index]
        except pdfium.PdfiumError:
            texts.append("")
            continue
        try:
            textpage = page.get_textpage()
            try:
                texts.append(_clean(textpage.get_text_bounded()))
            finally:
                textpage.close()
        finally:
            page.close()
    return texts


def metadata(document: pdfium.PdfDocument) -> dict[str, str]:
    """The document information dictionary (Title, Author, CreationDate ...), non-empty values."""
    try:
        info = document.get_metadata_dict(skip_empty=True)
    except (pdfium.PdfiumError, UnicodeDecodeError, ValueError):
        return {}
    return {str(key): str(value) for key, value in info.items()}


def has_images(document: pdfium.PdfDocument, index: int) -> bool:
    """Whether page ``index`` (from 0) shows at least one image."""
    try:
        page = document[index]
    except pdfium.PdfiumError:
        return False
    try:
        for _ in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=3):
            return True
        return False
    finally:
        page.close()


def render_png(document: pdfium.PdfDocument, index: int, dpi: int) -> bytes:
    """Page ``index`` (from 0) as a greyscale PNG at ``dpi``, for OCR."""
    page = document[index]
    try:
        width, height = page.get_size()
        scale = dpi / 72
        pixels = width * scale * height * scale
        if pixels > MAX_RENDER_PIXELS:
            scale *= (MAX_RENDER_PIXELS / pixels) ** 0.5
        bitmap = page.render(scale=scale, grayscale=True)
        image = bitmap.to_pil()
        buffer = io.BytesIO()
        image.save(buffer, format="PNG")
        return buffer.getvalue()
    finally:
        page.close()


def _clean(text: str) -> str:
    # PDFium joins a word hyphenated at a line end and marks the join with U+0002 (or
    # U+FFFE). Put the hyphen and the line break back: the repair step's dehyphenation
    # then decides, as for pypdf's text, whether the hyphen belongs to the word.
    text = text.replace("\r\n", "\n").replace("\ufffe", "\x02")
    return _SOFT_HYPHEN.sub("-\n", text)


def _reason(message: str) -> str:
    message = " ".join(message.split())
    return message[:120]
