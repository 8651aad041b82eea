"""RTF documents, read with striprtf (pure Python): the text as one page.

RTF is 7-bit text: accented letters are escapes (``\\'f5``) in the code page the file
declares with ``\\ansicpg`` (cp1250 for Hungarian), or ``\\u`` escapes; striprtf honours both.
"""

from __future__ import annotations

from pathlib import Path

from striprtf.striprtf import rtf_to_text

from archive.errors import ResourceLimitError
from archive.model import Extraction, Page
from ingest.mime import RTF

MAX_RTF_BYTES = 64 * 1024 * 1024


def parse_rtf(path: Path) -> Extraction:
    """Read an RTF file into one page."""
    size = path.stat().st_size
    if size > MAX_RTF_BYTES:
        raise ResourceLimitError(
            f"the RTF file is {size / 2**20:.0f} MiB, over the limit of "
            f"{MAX_RTF_BYTES / 2**20:.0f} MiB"
        )
    source = path.read_bytes().decode("latin-1")  # RTF is ASCII; escapes carry the rest
    text: str = rtf_to_text(source, encoding="cp1250", errors="replace")  # type: ignore[no-untyped-call]
    return Extraction(content_type=RTF, pages=(Page(number=1, text=text),))
