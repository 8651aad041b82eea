"""ingest: one file in, one `archive.model.Extraction` out.

The facade of the package; other packages import from here only. Parser libraries'
exceptions never come out of it: every failure is an `archive.errors.ExtractionError`.

- `SandboxedExtractor`: the `archive.ports.Extractor` to use in production; it parses in a
  child process with a time and memory limit.
- `extract_file`: the same pipeline in this process, for tests and debugging.
- `sniff_content_type`: the MIME type of a file judged by its bytes.
- `detect_language`: ISO 639-1 code of a text's language, or ``"und"``.
"""

from __future__ import annotations

from ingest.language import detect_language
from ingest.mime import SUPPORTED_CONTENT_TYPES
from ingest.pipeline import extract_file
from ingest.sandbox import SandboxedExtractor
from ingest.sniff import sniff_content_type

__all__ = [
    "SUPPORTED_CONTENT_TYPES",
    "SandboxedExtractor",
    "detect_language",
    "extract_file",
    "sniff_content_type",
]
