"""How well do Hungarian stemmers conflate word forms to their lemma? Run by hand:

    .venv/bin/python bench/analysis_conflation.py [CORPUS_DIR]

CORPUS_DIR defaults to ../shared/corpus (or $CLUSNET_TEST_CORPUS). For each hand-written word
family below (a lemma and inflected or derived forms of it) only the forms that occur in the
Hungarian corpus texts are counted. A form is conflated when a stemmer gives it the same key as
the lemma itself. Prints the share of conflated forms for:

- clusnet's Hungarian analysis (hunspell hu_HU, shortest stem, Snowball for unknown words),
- the same with hunspell's first stem instead of the shortest,
- Snowball (PyStemmer "hungarian") alone,
- Whoosh's built-in Hungarian stemmer,

and the cold (uncached) speed of the hunspell stemming on distinct corpus words.
"""

from __future__ import annotations

import gzip
import json
import os
import re
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from search import analysis

# lemma: forms (inflections and close derivations a searcher expects to meet the lemma)
FAMILIES: dict[str, list[str]] = {
    "klaszter": [
        "klaszterek",
        "klaszterekkel",
        "klaszternek",
        "klaszterben",
        "klasztereket",
        "klaszterhez",
        "klaszterekben",
        "klaszterbe",
        "klaszterré",
    ],
    "pályázat": [
        "pályázatok",
        "pályázatot",
        "pályázati",
        "pályázatokat",
        "pályázatban",
        "pályázatra",
        "pályázaton",
        "pályázatnak",
        "pályázatokon",
        "pályázatokra",
    ],
    "önkormányzat": [
        "önkormányzati",
        "önkormányzatok",
        "önkormányzatoknak",
        "önkormányzatot",
        "önkormányzatokat",
        "önkormányzatnak",
        "önkormányzatoktól",
        "önkormányzatokkal",
        "önkormányzatok",
    ],
    "fejlesztés": [
        "fejlesztések",
        "fejlesztéseket",
        "fejlesztési",
        "fejlesztésre",
        "fejlesztésére",
        "fejlesztését",
        "fejlesztésével",
        "fejlesztésekre",
    ],
    "támogatás": [
        "támogatások",
        "támogatást",
        "támogatásokat",
        "támogatásban",
        "támogatással",
        "támogatására",
        "támogatási",
        "támogatásokra",
        "támogatásnak",
    ],
    "erőforrás": ["erőforrások", "erőforrásokat", "erőforrásait", "erőforrást", "erőforrásainak"],
    "fejlődés": ["fejlődését", "fejlődéshez", "fejlődésének", "fejlődésben", "fejlődést"],
    "működés": ["működését", "működésének", "működéséhez", "működésben", "működéshez"],
    "gazdaság": [
        "gazdasági",
        "gazdaságot",
        "gazdaságban",
        "gazdaságnak",
        "gazdaságok",
        "gazdaságát",
        "gazdaságának",
        "gazdaságra",
    ],
    "törvény": [
        "törvények",
        "törvényt",
        "törvényben",
        "törvénynek",
        "törvényeket",
        "törvénnyel",
        "törvényi",
        "törvényekben",
    ],
    "kormány": [
        "kormányok",
        "kormányt",
        "kormánynak",
        "kormánnyal",
        "kormányban",
        "kormányra",
        "kormányhoz",
    ],
    "vállalkozás": [
        "vállalkozások",
        "vállalkozásokat",
        "vállalkozásoknak",
        "vállalkozást",
        "vállalkozásnak",
        "vállalkozásban",
        "vállalkozási",
    ],
    "munkahely": [
        "munkahelyek",
        "munkahelyet",
        "munkahelyeket",
        "munkahelyen",
        "munkahelyről",
        "munkahelyekre",
    ],
    "ország": [
        "országok",
        "országban",
        "országot",
        "országnak",
        "országba",
        "országokban",
        "országokat",
    ],
    "forrás": ["források", "forrást", "forrásokat", "forrásból", "forrásokból", "forrásai"],
    "program": ["programok", "programot", "programban", "programnak", "programokat", "programmal"],
    "intézmény": [
        "intézmények",
        "intézményt",
        "intézményeket",
        "intézményben",
        "intézménynek",
        "intézményi",
    ],
    "szabályozás": [
        "szabályozások",
        "szabályozást",
        "szabályozásban",
        "szabályozásnak",
        "szabályozási",
    ],
    "beruházás": ["beruházások", "beruházást", "beruházásokat", "beruházásra", "beruházási"],
    "település": [
        "települések",
        "települést",
        "településeken",
        "településen",
        "települési",
        "településeknek",
    ],
    "vízügy": ["vízügyi"],
    "megye": ["megyék", "megyében", "megyei", "megyét", "megyéknek", "megyéből"],
    "régió": ["régiók", "régióban", "régiót", "régiónak", "régiós", "régiókban"],
    "pénz": ["pénzt", "pénzek", "pénzből", "pénzzel", "pénzeket", "pénznek"],
    "adó": ["adók", "adót", "adóval", "adóját", "adókat", "adónak"],
    "szerződés": ["szerződések", "szerződést", "szerződésben", "szerződéseket", "szerződésnek"],
    "kérdés": ["kérdések", "kérdést", "kérdésre", "kérdéseket", "kérdésben", "kérdéssel"],
    "tudomány": ["tudományos", "tudományok", "tudományt", "tudománynak"],
    "kutatás": ["kutatások", "kutatást", "kutatási", "kutatásokat", "kutatásra"],
    "egyetem": ["egyetemek", "egyetemen", "egyetemi", "egyetemet", "egyetemeken"],
    "kör": ["körök", "körben", "kört", "körnek", "körökben"],
    "kor": ["korok", "korban", "kort", "kornak", "korunk"],
    "energia": ["energiát", "energiák", "energiával", "energiára", "energiának"],
    "vidék": ["vidéki", "vidéken", "vidéket", "vidékre", "vidékek"],
    "ember": ["emberek", "embert", "embereket", "embernek", "embereknek", "emberekkel"],
    "nő": ["nők", "nőt", "nőknek", "nőket", "nőnek"],
    "kő": ["kövek", "követ", "kőből", "kövekkel"],
    "tűz": ["tüzet", "tűzben", "tüzek", "tűzzel"],
}


def corpus_words(corpus: Path) -> Counter[str]:
    counts: Counter[str] = Counter()
    for path in sorted((corpus / "text").glob("hu_*.jsonl.gz")):
        with gzip.open(path, "rt", encoding="utf-8") as f:
            for line in f:
                counts.update(re.findall(r"[^\W\d_]+", json.loads(line)["text"].lower()))
    return counts


def conflation(key: Callable[[str], str], families: dict[str, list[str]]) -> tuple[int, int]:
    hits = total = 0
    for lemma, forms in families.items():
        lemma_key = key(lemma)
        for form in forms:
            total += 1
            hits += key(form) == lemma_key
    return hits, total


def main() -> None:
    default = Path(__file__).resolve().parents[2] / "shared" / "corpus"
    corpus = Path(
        sys.argv[1] if len(sys.argv) > 1 else os.environ.get("CLUSNET_TEST_CORPUS", default)
    )
    counts = corpus_words(corpus)
    families = {
        lemma: sorted({f for f in forms if counts[f]})
        for lemma, forms in FAMILIES.items()
        if counts[lemma]
    }
    families = {lemma: forms for lemma, forms in families.items() if forms}
    n_forms = sum(len(f) for f in families.values())
    print(f"corpus: {sum(counts.values()):,} word tokens, {len(counts):,} distinct words")
    print(f"gold: {len(families)} lemmas, {n_forms} word forms found in the corpus")
    print(f"hungarian backend: {analysis.hungarian_backend()}")

    import Stemmer
    from whoosh.lang import stemmer_for_language

    snowball = Stemmer.Stemmer("hungarian")
    whoosh_stem = stemmer_for_language("hu")
    h = analysis._hunspell()

    def first_stem(word: str) -> str:
        assert h is not None
        stems = h.stem(word) or h.stem(word.capitalize())
        return stems[0].lower() if stems else str(snowball.stemWord(word))

    stemmers: dict[str, Callable[[str], str]] = {
        "hunspell (shortest stem) + snowball": lambda w: analysis._hu_terms(w)[0],
    }
    if h is not None:
        stemmers["hunspell (first stem) + snowball"] = first_stem
    stemmers["snowball (PyStemmer) alone"] = lambda w: str(snowball.stemWord(w))
    stemmers["whoosh built-in hungarian"] = whoosh_stem

    for name, key in stemmers.items():
        hits, total = conflation(key, families)
        print(f"{name:38s} {hits:4d}/{total} = {hits / total:6.1%}")

    print()
    print("misses of clusnet's analysis:")
    for lemma, forms in families.items():
        lemma_key = analysis._hu_terms(lemma)[0]
        missed = [
            f"{f}->{analysis._hu_terms(f)[0]}"
            for f in forms
            if analysis._hu_terms(f)[0] != lemma_key
        ]
        if missed:
            print(f"  {lemma}->{lemma_key}: {', '.join(missed)}")

    if h is not None:
        sample = [w for w, _ in counts.most_common()][20_000:30_000]
        start = time.perf_counter()
        for w in sample:
            h.stem(w)
        stem_rate = len(sample) / (time.perf_counter() - start)
        start = time.perf_counter()
        for w in sample:
            h.analyze(w)
        analyze_rate = len(sample) / (time.perf_counter() - start)
        analysis._hu_terms.cache_clear()
        start = time.perf_counter()
        for w in sample:
            analysis._hu_terms(w)
        terms_rate = len(sample) / (time.perf_counter() - start)
        print()
        print(f"cold speed on {len(sample):,} distinct corpus words (no cache):")
        print(f"  hunspell stem()              {stem_rate:10,.0f} words/s")
        print(f"  hunspell analyze()           {analyze_rate:10,.0f} words/s")
        print(f"  clusnet stem + parts         {terms_rate:10,.0f} words/s")
        start = time.perf_counter()
        for w in sample:
            analysis._hu_terms(w)
        print(
            f"  same words again, cached     {len(sample) / (time.perf_counter() - start):10,.0f}"
            " words/s"
        )


if __name__ == "__main__":
    main()
