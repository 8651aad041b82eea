"""Property: whatever the bytes, the facade answers with an Extraction or an ExtractionError."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from archive.errors import ExtractionError
from ingest import detect_language, extract_file, sniff_content_type

PREFIXES = [b"", b"%PDF-1.4\n", b"PK\x03\x04", b"<html><body>", b"\xef\xbb\xbf", b"{\\rtf1"]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(prefix=st.sampled_from(PREFIXES), body=st.binary(max_size=2048), name=st.text(max_size=12))
def test_any_bytes(prefix: bytes, body: bytes, name: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "upload"
        path.write_bytes(prefix + body)
        assert isinstance(sniff_content_type(path, name), str)
        try:
            result = extract_file(path, name)
        except ExtractionError as error:
            assert str(error)
        else:
            assert result.text


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=500))
def test_detect_language_takes_any_text(text: str) -> None:
    language = detect_language(text)
    assert language == "und" or len(language) == 2
    assert detect_language(text) == language
