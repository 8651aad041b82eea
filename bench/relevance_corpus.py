"""The documents of the relevance set: natural units of the real text in ../shared/corpus.

The units are those `../shared/tools/make_corpus.py` renders into PDF, DOCX, TXT and HTML
files (a speech, a law, a chunk of an EU text or of a news page, a chapter), with the same
titles, so the relevance set meets the archive's documents as an officer's upload would give
them. A fixed, seeded sample of them is the collection the judged queries run against:

    .venv/bin/python bench/relevance_corpus.py --write     # choose the sample again
    .venv/bin/python bench/relevance_corpus.py --show law/1999C

Each document's key is ``source/id`` (``parlamint/ParlaMint-HU_2014-...``, ``law/1999C``,
``ungd/Afghanistan``, ``sotu/Washington-1790-0``, ``nerkor/huwiki_12-0``,
``irishbudget/2008_BUDGET_01_Brian_Cowen_FF``, ``wealth/ch3``) and its ``collection`` is its
source: topical queries are scoped to one collection, as a user scopes a search to one
seminar.
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
SAMPLE = HERE / "relevance" / "collection.json"
DEFAULT_CORPUS = HERE.parent.parent / "shared" / "corpus"
MAX_CHARS = 10_000
"""Text kept of each document: enough for several pages, small enough to index quickly."""
SEED = 2026
PER_LANGUAGE = 1100
WHOLE_COLLECTIONS = ("law", "ungd")
"""Collections taken whole: the topical queries are scoped to them."""


@dataclass(frozen=True)
class Unit:
    key: str
    collection: str
    language: str
    title: str
    text: str


def _jsonl(corpus: Path, name: str) -> Iterator[dict[str, object]]:
    with gzip.open(corpus / "text" / name, "rt", encoding="utf-8") as handle:
        for line in handle:
            yield json.loads(line)


def _chunks(lines: list[str], size: int) -> Iterator[tuple[int, list[str]]]:
    for i in range(0, len(lines), size):
        part = [x for x in lines[i : i + size] if x.strip()]
        if part:
            yield i // size, part


def _title(paras: list[str]) -> str:
    first = re.sub(r"\s+", " ", paras[0]).strip()
    return first[:90].rsplit(" ", 1)[0] if len(first) > 90 else first


def _raw_units(corpus: Path) -> Iterator[tuple[str, str, str, list[str]]]:
    """(source, id, language, paragraphs), as make_corpus.py reads them."""
    for r in _jsonl(corpus, "hu_parlamint_speeches.jsonl.gz"):
        yield "parlamint", str(r["id"]), "hu", str(r["text"]).split("\n")
    for r in _jsonl(corpus, "hu_nerkor.jsonl.gz"):
        if r["genre"] in ("legal", "news", "wikipedia", "web"):
            for n, part in _chunks(str(r["text"]).split("\n"), 12):
                yield "nerkor", f"{r['id']}-{n}", "hu", [" ".join(part)]
    for r in _jsonl(corpus, "hu_laws_1999.jsonl.gz"):
        yield "law", str(r["id"]), "hu", [p for p in str(r["text"]).split("\n") if p.strip()]
    for r in _jsonl(corpus, "en_irish_budgets.jsonl.gz"):
        yield (
            "irishbudget",
            str(r["id"]),
            "en",
            [p for p in str(r["text"]).split("\n") if p.strip()],
        )
    for r in _jsonl(corpus, "en_ungd2017.jsonl.gz"):
        yield "ungd", str(r["id"]), "en", [p for p in str(r["text"]).split("\n") if p.strip()]
    for r in _jsonl(corpus, "en_sotu.jsonl.gz"):
        paras = [p for p in str(r["text"]).split("\n") if p.strip()]
        for n, part in _chunks(paras, 10):
            yield "sotu", f"{r['id']}-{n}", "en", part
    with gzip.open(corpus / "text" / "en_wealth_of_nations.txt.gz", "rt", encoding="latin-1") as f:
        book = f.read().replace("\r\n", "\n")
    for n, chapter in enumerate(re.split(r"\n(?=CHAPTER [IVXLC]+\.)", book)):
        paras = [p.replace("\n", " ") for p in chapter.split("\n\n") if p.strip()]
        if len(paras) > 3:
            yield "wealth", f"ch{n}", "en", paras


def all_units(corpus: Path) -> dict[str, Unit]:
    units: dict[str, Unit] = {}
    for source, uid, lang, paras in _raw_units(corpus):
        paras = [p for p in paras if p.strip()]
        if not paras:
            continue
        title = _title(paras)
        text = "\n\n".join([title, *paras])[:MAX_CHARS]
        key = f"{source}/{uid}"
        units[key] = Unit(key, source, lang, title, text)
    return units


def choose_sample(units: dict[str, Unit]) -> list[str]:
    """Whole collections for the topical queries, and a seeded sample of the rest."""
    rng = random.Random(SEED)
    chosen = [k for k, u in units.items() if u.collection in WHOLE_COLLECTIONS]
    rest = sorted(k for k, u in units.items() if u.collection not in WHOLE_COLLECTIONS)
    rng.shuffle(rest)
    for lang in ("hu", "en"):
        have = sum(1 for k in chosen if units[k].language == lang)
        extra = [k for k in rest if units[k].language == lang][: max(0, PER_LANGUAGE - have)]
        chosen.extend(extra)
    return sorted(chosen)


def load_collection(corpus: Path, keys: list[str] | None = None) -> list[Unit]:
    """The sample's documents (or the documents of `keys`), in key order."""
    if keys is None:
        keys = json.loads(SAMPLE.read_text(encoding="utf-8"))["documents"]
    units = all_units(corpus)
    missing = [k for k in keys if k not in units]
    if missing:
        raise SystemExit(f"documents not in the corpus: {missing[:5]} ...")
    return [units[k] for k in keys]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--write", action="store_true", help="choose the sample again")
    parser.add_argument("--show", metavar="KEY", help="print one document's title and text")
    parser.add_argument("--list", action="store_true", help="key, language, title per line")
    args = parser.parse_args()
    if args.write:
        keys = choose_sample(all_units(args.corpus))
        SAMPLE.write_text(
            json.dumps({"seed": SEED, "max_chars": MAX_CHARS, "documents": keys}, indent=0) + "\n",
            encoding="utf-8",
        )
        print(f"{len(keys)} documents written to {SAMPLE.name}", file=sys.stderr)
    if args.show:
        unit = all_units(args.corpus)[args.show]
        print(f"{unit.key} [{unit.language}] {unit.title}\n\n{unit.text}")
    if args.list:
        for unit in load_collection(args.corpus):
            print(f"{unit.key}\t{unit.language}\t{unit.title}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
