"""File names as people send them: kept for display only, never used as a path."""

from __future__ import annotations

import unicodedata

MAX_FILENAME_LENGTH = 200
"""Characters kept of a file name (the extension is kept whole when it is short)."""


def clean_filename(name: str | None, fallback: str = "unnamed") -> str:
    """The last part of `name`, without control characters, NUL or line breaks, capped.

    Originals are stored by SHA-256; this name is only shown and offered on download.
    """
    text = unicodedata.normalize("NFC", name or "")
    text = text.replace("\\", "/").rsplit("/", 1)[-1]
    text = "".join(" " if unicodedata.category(c) in {"Cc", "Cf", "Zl", "Zp"} else c for c in text)
    text = " ".join(text.split()).strip(" .")
    if not text:
        return fallback
    if len(text) > MAX_FILENAME_LENGTH:
        stem, dot, ext = text.rpartition(".")
        if dot and 0 < len(ext) <= 10:
            text = stem[: MAX_FILENAME_LENGTH - len(ext) - 1].rstrip() + "." + ext
        else:
            text = text[:MAX_FILENAME_LENGTH]
    return text
