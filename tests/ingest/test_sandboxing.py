"""`SandboxedExtractor`: the pipeline in a child process with a time and memory limit."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from archive.errors import (
    BrokenFileError,
    EmptyDocumentError,
    OcrUnavailableError,
    PasswordProtectedError,
    ResourceLimitError,
)
from archive.ports import Extractor
from ingest import SandboxedExtractor, extract_file


@pytest.fixture(scope="module")
def extractor() -> SandboxedExtractor:
    return SandboxedExtractor(timeout=30)


def test_it_is_an_extractor() -> None:
    extractor: Extractor = SandboxedExtractor()  # mypy checks the protocol here
    assert isinstance(extractor, SandboxedExtractor)


@pytest.mark.parametrize(
    "name", ["hu_en_report.pdf", "hu_table_header_footer.docx", "hu_cp1250.txt"]
)
def test_same_result_as_in_process(
    extractor: SandboxedExtractor, fixtures_dir: Path, name: str
) -> None:
    path = fixtures_dir / name
    assert extractor.extract(path, name) == extract_file(path, name)


@pytest.mark.parametrize(
    ("name", "error"),
    [
        ("encrypted_password.pdf", PasswordProtectedError),
        ("truncated.pdf", BrokenFileError),
        ("empty.pdf", EmptyDocumentError),
        # an image: OCR finds no text in it, or it "needs OCR" where OCR is not installed
        ("png_named.pdf", EmptyDocumentError if shutil.which("tesseract") else OcrUnavailableError),
        ("zip_bomb.docx", ResourceLimitError),
    ],
)
def test_errors_come_back_as_the_same_class_with_the_message(
    extractor: SandboxedExtractor, fixtures_dir: Path, name: str, error: type[Exception]
) -> None:
    path = fixtures_dir / name
    with pytest.raises(error) as in_process:
        extract_file(path, name)
    with pytest.raises(error) as sandboxed:
        extractor.extract(path, name)
    assert type(sandboxed.value) is type(in_process.value)
    assert str(sandboxed.value) == str(in_process.value)


def test_timeout_kills_the_child(fixtures_dir: Path) -> None:
    extractor = SandboxedExtractor(timeout=0.001)
    started = time.monotonic()
    with pytest.raises(ResourceLimitError, match="longer than"):
        extractor.extract(fixtures_dir / "hu_en_report.pdf", "hu_en_report.pdf")
    assert time.monotonic() - started < 10


def test_memory_limit(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    big.write_text("A klaszterpolitika célja a fejlesztés. " * 200_000, encoding="utf-8")
    extractor = SandboxedExtractor(timeout=30, memory_limit=64 << 20)
    with pytest.raises(ResourceLimitError, match="memory"):
        extractor.extract(big, "big.txt")


def test_missing_file(extractor: SandboxedExtractor, tmp_path: Path) -> None:
    with pytest.raises(BrokenFileError, match="cannot be read"):
        extractor.extract(tmp_path / "missing.pdf", "missing.pdf")


def test_invalid_limits() -> None:
    with pytest.raises(ValueError, match="timeout"):
        SandboxedExtractor(timeout=0)
    with pytest.raises(ValueError, match="memory_limit"):
        SandboxedExtractor(memory_limit=0)


LEAN_CALLER = """
import sys
from pathlib import Path

if __name__ == "__mp_main__":  # what a reader process would run if it imported this file
    Path(__file__).with_suffix(".imported").write_text("imported by a reader")

if __name__ == "__main__":
    import flask  # noqa: F401  (a caller with the web app loaded, like `clusnet`)

    from ingest import SandboxedExtractor

    extraction = SandboxedExtractor(timeout=30).extract(Path(sys.argv[1]), sys.argv[2])
    print(len(extraction.pages))
"""


def test_readers_do_not_import_the_callers_main_module(tmp_path: Path, fixtures_dir: Path) -> None:
    """A reader imports neither the ``clusnet`` script nor what it loads (Flask, the web
    app, Whoosh): that cost 0.4 s of CPU a file."""
    script = tmp_path / "caller.py"
    script.write_text(LEAN_CALLER, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, str(script), str(fixtures_dir / "hu_cp1250.txt"), "hu_cp1250.txt"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "1"
    assert not script.with_suffix(".imported").exists()


def test_the_reader_server_loads_no_web_or_search_code() -> None:
    code = (
        "import sys, ingest.preload; "
        "print(sorted(m for m in ('flask', 'werkzeug', 'whoosh', 'web', 'search', 'sqlalchemy')"
        " if m in sys.modules))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert done.stdout.strip() == "[]"
