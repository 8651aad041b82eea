"""Language detection on real Hungarian and English text from the corpus."""

from __future__ import annotations

import gzip
import itertools
import json
from pathlib import Path

import pytest

from ingest import detect_language


def speeches(path: Path, count: int, min_chars: int = 400) -> list[str]:
    with gzip.open(path, "rt", encoding="utf-8") as lines:
        texts = (json.loads(line)["text"] for line in lines)
        return list(itertools.islice((t for t in texts if len(t) >= min_chars), count))


@pytest.mark.corpus
@pytest.mark.parametrize(
    ("name", "language"),
    [
        ("hu_parlamint_speeches.jsonl.gz", "hu"),
        ("hu_nerkor.jsonl.gz", "hu"),
        ("en_irish_budgets.jsonl.gz", "en"),
        ("en_ungd2017.jsonl.gz", "en"),
    ],
)
def test_real_text(corpus_dir: Path, name: str, language: str) -> None:
    texts = speeches(corpus_dir / "text" / name, 25)
    assert len(texts) == 25
    assert [detect_language(text) for text in texts] == [language] * len(texts)


@pytest.mark.corpus
def test_short_passages_are_deterministic(corpus_dir: Path) -> None:
    texts = speeches(corpus_dir / "text" / "hu_parlamint_speeches.jsonl.gz", 40, min_chars=60)
    passages = [text[:80] for text in texts]
    first = [detect_language(p) for p in passages]
    assert [detect_language(p) for p in passages] == first
    assert first.count("hu") >= 0.9 * len(first)


def test_too_little_text_is_undetermined() -> None:
    assert detect_language("") == "und"
    assert detect_language("OK 2011") == "und"
    assert detect_language("12345 67890 /g18/g152/g135/g148/g152/g139") == "und"


def test_unexpected_scripts_are_undetermined() -> None:
    assert detect_language("这是一个关于区域集群政策的研讨会参加者来自十一个伙伴地区" * 3) == "und"


def test_short_examples() -> None:
    assert detect_language("A klaszterpolitika célja a térségi gazdaságfejlesztés.") == "hu"
    assert detect_language("Cluster policy strengthens regional economic development.") == "en"


@pytest.mark.corpus
def test_long_pages_are_detected_on_a_few_samples(
    corpus_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A long page costs a bounded number of detections, and a page clearly in one
    language stops after two; a page with a Hungarian and an English half is seen as both."""
    from ingest import language

    hu = "\n".join(speeches(corpus_dir / "text" / "hu_parlamint_speeches.jsonl.gz", 60))
    en = "\n".join(speeches(corpus_dir / "text" / "en_irish_budgets.jsonl.gz", 60))
    calls: list[str] = []
    detect = language._detect_sure

    def counted(text: str) -> tuple[str, int, float]:
        calls.append(text)
        return detect(text)

    monkeypatch.setattr(language, "_detect_sure", counted)
    pages, main, languages = language.detect_page_languages([hu[:200_000]])
    assert (pages, main, languages) == (["hu"], "hu", ("hu",))
    assert len(calls) == 2
    assert all(len(text) <= language.SAMPLE_CHARS for text in calls)

    calls.clear()
    pages, main, languages = language.detect_page_languages([hu[:60_000] + "\n" + en[:40_000]])
    assert main == "hu"
    assert languages == ("hu", "en")
    assert len(calls) <= language.MAX_SAMPLES
