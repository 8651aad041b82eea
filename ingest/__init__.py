"""ingest: one file in, one `archive.model.Extraction` out.

The facade of the package; other packages import from here only. Parser libraries'
exceptions never come out of it: every failure is an `archive.errors.ExtractionError`.

- `SandboxedExtractor`: the `archive.ports.Extractor` to use in production; it parses in a
  child process with a time and memory limit.
- `extract_file`: the same pipeline in this process, for tests and debugging.
- `sniff_content_type`: the MIME type of a file judged by its bytes.
- `detect_language`: ISO 639-1 code of a text's language, or ``"und"``.

Names are imported when first used (PEP 562), so that a command, or a reader process,
loads only the modules it needs.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ingest.language import detect_language
    from ingest.mime import SUPPORTED_CONTENT_TYPES
    from ingest.pipeline import extract_file
    from ingest.sandbox import SandboxedExtractor
    from ingest.sniff import sniff_content_type

_EXPORTS: dict[str, tuple[str, str]] = {
    "detect_language": ("ingest.language", "detect_language"),
    "SUPPORTED_CONTENT_TYPES": ("ingest.mime", "SUPPORTED_CONTENT_TYPES"),
    "extract_file": ("ingest.pipeline", "extract_file"),
    "SandboxedExtractor": ("ingest.sandbox", "SandboxedExtractor"),
    "sniff_content_type": ("ingest.sniff", "sniff_content_type"),
}

__all__ = [
    "SUPPORTED_CONTENT_TYPES",
    "SandboxedExtractor",
    "detect_language",
    "extract_file",
    "sniff_content_type",
]


def __getattr__(name: str) -> object:
    """Import what the facade names when it is first asked for (PEP 562)."""
    try:
        module, attribute = _EXPORTS[name]
    except KeyError:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}") from None
    value = getattr(importlib.import_module(module), attribute)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
