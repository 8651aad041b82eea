"""Running headers and footers are removed from PDF pages; one copy of each is kept."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ingest import extract_file
from ingest.running import remove_running_lines

BODY = [
    "A klaszterpolitika célja a térségi gazdaságfejlesztés.",
    "Participants compared their support schemes.",
    "A jó gyakorlatok cseréje a program eredménye.",
    "The partners agreed to publish a joint report.",
]
PLACES = ["Győr", "Pécs", "Szeged", "Graz", "Lyon", "Turku"]
HEADER = "CLUSNET - Győr, 2011"


def body(number: int) -> list[str]:
    """Body lines that differ from page to page (not only in their digits)."""
    return [f"{PLACES[number]}: {line}" for line in BODY]


def page(number: int, total: int) -> str:
    lines = [HEADER, "Klaszterek és régiók", *body(number), f"{number}. oldal / {total}"]
    return "\n".join(lines)


def test_repeated_lines_are_removed_and_one_copy_kept() -> None:
    pages = [page(n, 5) for n in range(1, 6)]
    cleaned, removed = remove_running_lines(pages)
    assert removed == 3 * 4  # header, subtitle and footer on pages 2-5
    text = "\n".join(cleaned)
    assert text.count(HEADER) == 1
    assert text.count("Klaszterek és régiók") == 1
    assert text.count("oldal / 5") == 1
    assert all(line in text for n in range(1, 6) for line in body(n))  # body text stays


def test_bare_page_numbers_all_go() -> None:
    pages = ["\n".join([*body(n), *body(n), f"{n}"]) for n in range(1, 5)]
    cleaned, removed = remove_running_lines(pages)
    assert removed == 4
    assert all(p.count(f"{PLACES[n]}:") == 8 for n, p in enumerate(cleaned, start=1))
    assert not any(re.search(r"^\d+$", p, re.M) for p in cleaned)


def test_short_documents_and_short_pages_are_left_alone() -> None:
    assert remove_running_lines(["Fejléc\nszöveg", "Fejléc\nmás"]) == (
        ["Fejléc\nszöveg", "Fejléc\nmás"],
        0,
    )
    slides = ["habibi"] * 4
    assert remove_running_lines(slides) == (slides, 0)


@given(st.lists(st.text(alphabet="ab1 \n", max_size=80), max_size=8))
def test_never_adds_text(pages: list[str]) -> None:
    cleaned, removed = remove_running_lines(pages)
    assert len(cleaned) == len(pages)
    assert removed >= 0
    for before, after in zip(pages, cleaned, strict=True):
        assert len(after) <= len(before)


@pytest.mark.corpus
def test_real_pdf_loses_its_running_header_and_page_numbers(corpus_dir: Path) -> None:
    path = corpus_dir / "pdf" / "owasp_asvs-webapp-release-2009-en.pdf"
    result = extract_file(path, path.name, ocr=False)
    (note,) = [w for w in result.warnings if "header and footer" in w]
    assert int(note.split()[0]) >= 60
    # once, and on the few pages too short to judge (their lines are all kept)
    assert result.text.count("ASVS 2009 Web Application Standard\n") <= 3
    assert len(re.findall(r"^Page \d+$", result.text, re.M)) <= 3
