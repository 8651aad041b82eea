"""Real and hostile documents from the shared corpus: an Extraction or an ExtractionError,
never anything else."""

from __future__ import annotations

import resource
import time
from collections import Counter
from pathlib import Path

import pytest

from archive.errors import ExtractionError, PasswordProtectedError
from ingest import SandboxedExtractor, extract_file, sniff_content_type

pytestmark = pytest.mark.corpus

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def documents(corpus_dir: Path, *folders: str) -> list[Path]:
    return sorted(
        path
        for folder in folders
        for path in (corpus_dir / folder).iterdir()
        if path.suffix in (".pdf", ".docx")
    )


def test_real_pdfs_and_docx_extract_or_fail_cleanly(corpus_dir: Path) -> None:
    outcomes: Counter[str] = Counter()
    for path in documents(corpus_dir, "pdf", "docx"):
        try:
            result = extract_file(path, path.name, ocr=False)  # OCR has tests of its own
        except ExtractionError as error:
            assert str(error), path.name
            outcomes[type(error).__name__] += 1
        else:
            assert result.text.strip(), path.name
            assert result.page_count >= 1
            outcomes["ok"] += 1
    assert outcomes["ok"] >= 60, outcomes


def test_real_documents_are_sniffed_by_content(corpus_dir: Path) -> None:
    for path in documents(corpus_dir, "pdf", "docx"):
        expected = "application/pdf" if path.suffix == ".pdf" else DOCX
        assert sniff_content_type(path, "upload.bin") == expected, path.name


def test_password_protected_sample(corpus_dir: Path) -> None:
    (path,) = (corpus_dir / "pdf").glob("*libreoffice-writer-password.pdf")
    with pytest.raises(PasswordProtectedError, match="password protected"):
        extract_file(path, path.name)


def test_hungarian_latex_pdfs(corpus_dir: Path) -> None:
    path = corpus_dir / "pdf" / "NerKor_annotation_guidelines.pdf"
    result = extract_file(path, path.name)
    assert result.language == "hu"
    assert result.title == "NerKor annotálási útmutató"
    assert "\u00b4" not in result.text  # LaTeX's spacing acute accents are repaired


def test_docx_header_footer_sample(corpus_dir: Path) -> None:
    path = corpus_dir / "docx" / "pythondocx_hdr-header-footer.docx"
    text = extract_file(path, path.name).text
    assert "header" in text.lower()
    assert "footer" in text.lower()


def test_hostile_files_through_the_sandbox(corpus_dir: Path) -> None:
    """All 159 files of bad/; about 25 s in all (a fork per file, PDFium and antiword
    where they are needed). Measured peaks: about 115 MiB per reader, 120 MiB parent."""
    extractor = SandboxedExtractor(timeout=20, ocr=False)
    files = sorted(p for p in (corpus_dir / "bad").iterdir() if p.name not in _NOT_SAMPLES)
    assert len(files) == 159
    outcomes: Counter[str] = Counter()
    started = time.monotonic()
    for path in files:
        try:
            extractor.extract(path, path.name)
        except ExtractionError as error:
            assert str(error), path.name
            assert "Traceback" not in str(error)
            outcomes[type(error).__name__] += 1
        else:
            outcomes["Extraction"] += 1
    elapsed = time.monotonic() - started
    assert outcomes["Extraction"] > 0
    assert outcomes["PasswordProtectedError"] >= 10, outcomes
    assert elapsed < 159 * 20
    # Peak memory: each reader stays far below its 1 GiB limit (bombs are refused before
    # they inflate), and the parent only ever holds one small answer at a time.
    parent = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss << 10
    reader = extractor.peak_child_memory
    assert 0 < reader < PEAK_READER_MEMORY, f"a reader peaked at {reader >> 20} MiB"
    assert parent < PEAK_PARENT_MEMORY, f"the parent peaked at {parent >> 20} MiB"


PEAK_READER_MEMORY = 400 << 20
PEAK_PARENT_MEMORY = 1 << 30


_NOT_SAMPLES = {"MANIFEST.tsv", "SOURCE.md"}
