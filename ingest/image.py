"""Images (PNG, JPEG, TIFF) of text: read by OCR, one page per frame of a multi-page TIFF.

The image's size is read from its header first: an image with more pixels than
`MAX_PIXELS` is refused before anything decodes it.
"""

from __future__ import annotations

import warnings
from pathlib import Path

from PIL import Image, UnidentifiedImageError

from archive.errors import BrokenFileError, ResourceLimitError
from archive.model import Extraction, Page
from ingest.ocr import available_languages, ocr_image, require_ocr

MAX_PIXELS = 100_000_000
"""About a 1 m² poster at 300 dpi; larger images are refused (a decompression bomb)."""


def parse_image(path: Path, content_type: str) -> Extraction:
    """Read the text of an image with OCR."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # Pillow's DecompressionBombWarning: judged below
        try:
            with Image.open(path) as image:
                width, height = image.size
                frames = getattr(image, "n_frames", 1)
        except Image.DecompressionBombError as error:
            raise ResourceLimitError(
                f"the image has too many pixels (over {MAX_PIXELS // 1_000_000} million)"
            ) from error
        except (UnidentifiedImageError, OSError, ValueError) as error:
            reason = " ".join(str(error).split())[:160]
            raise BrokenFileError(
                f"the image is damaged or of an unknown kind ({reason})"
            ) from error
    if width * height * frames > MAX_PIXELS:
        raise ResourceLimitError(
            f"the image has {width} x {height} pixels in {frames} frame(s), over the limit of "
            f"{MAX_PIXELS // 1_000_000} million"
        )
    require_ocr("an image of text")
    text = ocr_image(path)
    pages = text.split("\f")
    while len(pages) > 1 and not pages[-1].strip():
        pages.pop()
    return Extraction(
        content_type=content_type,
        pages=tuple(Page(number=n, text=t) for n, t in enumerate(pages, start=1)),
        warnings=(f"text read by OCR (tesseract {'+'.join(available_languages())})",),
    )
