"""Language detection: bounded samples with an early stop against every 2,000 characters.

    .venv/bin/python bench/language_detection.py            # 400 documents

Real Hungarian and English texts from ../shared/corpus/text (parliament speeches, laws,
budget speeches, UN debates), as the ingest pipeline sees them: whole texts (one long page,
like a TXT or HTML file), pages of about 3,000 characters (like a PDF), and bilingual
documents (a Hungarian half and an English half). In the same run, each document is
detected twice by `ingest.language.detect_page_languages`:

- every chunk: every 2,000-character piece of every page detected (the baseline; what
  ingest did before);
- sampled: at most `MAX_SAMPLES` samples of `SAMPLE_CHARS` a page, stopping when the
  first two agree and are sure.

Prints seconds, the speed-up, and accuracy: pages whose language is their source's
language, documents whose main language is right, bilingual documents listing both.
"""

from __future__ import annotations

import gzip
import itertools
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
TEXT = HERE.parent.parent / "shared" / "corpus" / "text"
SOURCES = {
    "hu_parlamint_speeches.jsonl.gz": "hu",
    "hu_laws_1999.jsonl.gz": "hu",
    "en_irish_budgets.jsonl.gz": "en",
    "en_ungd2017.jsonl.gz": "en",
}
PAGE_CHARS = 3000


def texts(name: str, count: int) -> list[str]:
    with gzip.open(TEXT / name, "rt", encoding="utf-8") as lines:
        found = (json.loads(line)["text"] for line in lines)
        return list(itertools.islice((t for t in found if len(t) >= 1500), count))


def paged(text: str) -> list[str]:
    return [text[i : i + PAGE_CHARS] for i in range(0, len(text), PAGE_CHARS)]


def documents(count: int) -> list[tuple[list[str], list[str], set[str]]]:
    """(pages, language of each page, languages of the document)."""
    per = count // (2 * len(SOURCES))
    by_language: dict[str, list[str]] = {"hu": [], "en": []}
    docs = []
    for name, language in SOURCES.items():
        for number, text in enumerate(texts(name, per)):
            by_language[language].append(text)
            pages = [text] if number % 2 else paged(text)
            docs.append((pages, [language] * len(pages), {language}))
    for hu, en in zip(by_language["hu"], by_language["en"], strict=False):
        pages = paged(hu[:6000]) + paged(en[:6000])
        langs = ["hu"] * len(paged(hu[:6000])) + ["en"] * len(paged(en[:6000]))
        docs.append((pages, langs, {"hu", "en"}))
    return docs


def measure(detect: Callable, docs: list) -> dict[str, float]:  # type: ignore[type-arg]
    pages_right = pages = main_right = both = bilingual = 0
    started = time.process_time()
    for page_texts, page_langs, doc_langs in docs:
        found, main, listed = detect(page_texts)
        pages += len(page_langs)
        pages_right += sum(a == b for a, b in zip(found, page_langs, strict=True))
        if len(doc_langs) == 1:
            main_right += main in doc_langs
        else:
            bilingual += 1
            both += doc_langs <= set(listed)
    return {
        "seconds": time.process_time() - started,
        "pages": pages_right / pages,
        "main": main_right / (len(docs) - bilingual),
        "bilingual": both / max(bilingual, 1),
    }


def main() -> None:
    from ingest import language

    docs = documents(int(sys.argv[1]) if len(sys.argv) > 1 else 400)
    language.warm_up()
    sampled = measure(language.detect_page_languages, docs)
    kept = language.MAX_SAMPLES, language.CLEAR_PROBABILITY, language.SAMPLE_CHARS
    # every chunk, whole, no early stop
    language.MAX_SAMPLES, language.CLEAR_PROBABILITY, language.SAMPLE_CHARS = 10**9, 2.0, 10**9
    every = measure(language.detect_page_languages, docs)
    language.MAX_SAMPLES, language.CLEAR_PROBABILITY, language.SAMPLE_CHARS = kept
    chars = sum(len(p) for d in docs for p in d[0]) / 2**20
    print(f"{len(docs)} documents, {chars:.1f} MiB of text")
    print("              CPU s  speed-up  pages right  main language right  bilingual listed")
    for name, row in (("every chunk", every), ("sampled", sampled)):
        print(
            f"{name:12} {row['seconds']:6.1f}  {every['seconds'] / row['seconds']:8.1f}"
            f"  {row['pages']:11.3f}  {row['main']:19.3f}  {row['bilingual']:16.3f}"
        )


if __name__ == "__main__":
    main()
