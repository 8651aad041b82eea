"""Title, authors and dates: PDF information and XMP, and dates as real files write them."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from ingest import extract_file
from ingest.dates import parse_iso_datetime, parse_pdf_date


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        # as seen in ../shared/corpus/pdf
        ("D:20210907072129Z", datetime(2021, 9, 7, 7, 21, 29, tzinfo=UTC)),
        ("D:20050527150349-01'00'", datetime(2005, 5, 27, 16, 3, 49, tzinfo=UTC)),
        ("D:20100316021332-0100", datetime(2010, 3, 16, 3, 13, 32, tzinfo=UTC)),
        ("D:20230410074654Z07'46'", datetime(2023, 4, 10, 7, 46, 54, tzinfo=UTC)),
        ("D:20220415120134", datetime(2022, 4, 15, 12, 1, 34, tzinfo=UTC)),
        ("D:19900428000000+02'00'", datetime(1990, 4, 27, 22, 0, tzinfo=UTC)),
        # seen elsewhere in the wild
        ("D:2010", datetime(2010, 1, 1, tzinfo=UTC)),
        ("20100316", datetime(2010, 3, 16, tzinfo=UTC)),
        (" D: 20100316021332+05'30' ", datetime(2010, 3, 15, 20, 43, 32, tzinfo=UTC)),
        ("Tue Mar 16 02:13:32 2010", datetime(2010, 3, 16, 2, 13, 32, tzinfo=UTC)),
        ("Tue, 16 Mar 2010 02:13:32 +0100", datetime(2010, 3, 16, 1, 13, 32, tzinfo=UTC)),
        ("2011-03-14T09:30:00+01:00", datetime(2011, 3, 14, 8, 30, tzinfo=UTC)),
    ],
)
def test_pdf_dates(raw: str, expected: datetime) -> None:
    assert parse_pdf_date(raw) == expected


@pytest.mark.parametrize(
    "raw",
    [None, "", "D:", "ARRAY(0x55d5c8)", "D:191000315120000", "D:20101340", "D:99999999999999",
     "D:00000000", "not a date", 20100316, b"D:20100316"],
)  # fmt: skip
def test_what_is_not_a_date_is_none(raw: object) -> None:
    assert parse_pdf_date(raw) is None


def test_iso_dates_with_long_fractions() -> None:
    assert parse_iso_datetime("2011-03-14T09:30:00.123456789") == datetime(
        2011, 3, 14, 9, 30, 0, 123456, tzinfo=UTC
    )
    assert parse_iso_datetime("2011-03-14T09:30:00.5Z") == datetime(
        2011, 3, 14, 9, 30, 0, 500000, tzinfo=UTC
    )
    assert parse_iso_datetime("garbage") is None


@pytest.mark.corpus
def test_xmp_fills_what_the_information_dictionary_lacks(corpus_dir: Path) -> None:
    path = corpus_dir / "pdf" / "pypdf_samples_020-xmp__output_with_metadata_pymupdf.pdf"
    result = extract_file(path, path.name)
    assert result.title == "Sample PDF with XMP Metadata"
    assert result.authors == ("John Doe",)


@pytest.mark.corpus
def test_every_corpus_pdf_date_is_plausible(corpus_dir: Path) -> None:
    dated = 0
    small = [p for p in (corpus_dir / "pdf").glob("*.pdf") if p.stat().st_size < 600_000]
    for path in sorted(small):
        try:
            result = extract_file(path, path.name, ocr=False)
        except Exception:
            continue
        if result.created is not None:
            dated += 1
            assert datetime(1990, 1, 1, tzinfo=UTC) < result.created < datetime.now(UTC)
        assert result.page_count >= 1
    assert dated >= 20
