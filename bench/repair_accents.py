"""How many words still have broken accents after ``ingest.repair``? Run by hand.

    .venv/bin/python bench/repair_accents.py [CORPUS_DIR]

Extracts the three Hungarian LaTeX PDFs of the shared corpus with pypdf and prints, for
the raw text and for the repaired text, the share of words (whitespace-separated tokens
with a letter) that still contain a broken accent (see ``find_broken_accents``) and the
share that contain a Hungarian accented letter, with the repaired figure as a ratio of
the raw one measured in the same run. The corpus folder defaults to ``../shared/corpus``
beside the checkout, or ``CLUSNET_TEST_CORPUS``.
"""

from __future__ import annotations

import os
import sys
import time
import warnings
from pathlib import Path

from pypdf import PdfReader

from ingest.repair import find_broken_accents, repair_text

PDFS = (
    "NerKor_annotation_guidelines.pdf",
    "NerKor_annotation_scheme.pdf",
    "WebAnno__tmutat_.pdf",
)
HUNGARIAN_LETTERS = frozenset("áéíóöőúüűÁÉÍÓÖŐÚÜŰ")


def corpus_dir() -> Path:
    if len(sys.argv) > 1:
        return Path(sys.argv[1])
    configured = os.environ.get("CLUSNET_TEST_CORPUS")
    if configured:
        return Path(configured)
    return Path(__file__).resolve().parents[2] / "shared" / "corpus"


def extract(path: Path) -> str:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        reader = PdfReader(path)
        return "\n".join(page.extract_text() for page in reader.pages)


def measure(text: str) -> tuple[int, int, int]:
    """Words, words with a broken accent, words with a Hungarian accented letter."""
    words = [token for token in text.split() if any(ch.isalpha() for ch in token)]
    hungarian = sum(1 for word in words if HUNGARIAN_LETTERS.intersection(word))
    return len(words), len(find_broken_accents(text)), hungarian


def ratio(after: float, before: float) -> str:
    return f"{after / before:.3f}x" if before else "n/a"


def main() -> None:
    folder = corpus_dir() / "pdf"
    if not folder.is_dir():
        sys.exit(f"corpus not found at {folder}: pass its folder as the first argument")
    totals = [0] * 6
    header = f"{'document':34} {'words':>6} {'broken raw':>11} {'broken fixed':>13}"
    print(header + f" {'hu-accented raw':>16} {'hu-accented fixed':>18}")
    seconds = 0.0
    for name in PDFS:
        raw = extract(folder / name)
        started = time.perf_counter()
        fixed = repair_text(raw)
        seconds += time.perf_counter() - started
        figures = (*measure(raw), *measure(fixed))
        totals = [t + f for t, f in zip(totals, figures, strict=True)]
        print_row(name, figures)
    print_row("all three", tuple(totals))
    words, broken, hungarian, words_f, broken_f, hungarian_f = totals
    print()
    print(f"broken-accent share: {broken / words:.2%} raw -> {broken_f / words_f:.2%} repaired")
    print(f"  repaired / raw: {ratio(broken_f / words_f, broken / words)} (target < 0.1% absolute)")
    print(
        f"Hungarian-accented share: {hungarian / words:.2%} raw -> "
        f"{hungarian_f / words_f:.2%} repaired ({ratio(hungarian_f / words_f, hungarian / words)})"
    )
    print(f"repair_text time: {seconds * 1000:.1f} ms for all three")


def print_row(name: str, figures: tuple[int, ...]) -> None:
    words, broken, hungarian, words_f, broken_f, hungarian_f = figures
    print(
        f"{name:34} {words:>6} {broken / words:>11.2%} {broken_f / words_f:>13.2%}"
        f" {hungarian / words:>16.2%} {hungarian_f / words_f:>18.2%}"
    )


if __name__ == "__main__":
    main()
