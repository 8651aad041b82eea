"""Text repair: one example group per step, the real LaTeX PDFs, and properties."""

# The inputs are broken text on purpose: acute accents, dotless i, look-alike letters.
# ruff: noqa: RUF001

from __future__ import annotations

import unicodedata
import warnings
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ingest.repair import (
    expand_ligatures,
    find_broken_accents,
    join_hyphenated_words,
    normalize_unicode,
    normalize_whitespace,
    repair_spacing_accents,
    repair_text,
    restore_double_acute,
)

HUNGARIAN_PDFS = (
    "NerKor_annotation_guidelines.pdf",
    "NerKor_annotation_scheme.pdf",
    "WebAnno__tmutat_.pdf",
)

CLEAN_HUNGARIAN = (
    "Árvíztűrő tükörfúrógép.",
    "A pályázatok elbírálása után a kuratórium dönt az alapítvány támogatásáról.",
    "Előző évben tíz ügyfél kért hiteleket; az ő kérelmük még függőben van.",
    "ŐSZI ÜLÉSSZAK – Öt új törvény, 2010-ben, az EU-ban és a PDF-ben is.",
    "Kis- és középvállalkozások, gazdaságfejlesztési operatív program (GOP).",
    "Üdvözlöm!\n\nA tűzoltóság egyúttal a műszaki mentést is végzi.\n",
)


# --- step by step ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("gazdasa\u0301gi", "gazdasági"),  # decomposed -> NFC
        ("fejlesz\u00adtés", "fejlesztés"),  # soft hyphen inside a word
        ("fejlesz\u00ad\ntés", "fejlesztés"),  # soft hyphen at a line end
        ("tör\x00vény\x07", "törvény"),
        ("első\r\nmásodik\roldal\x0charmadik", "első\nmásodik\noldal\nharmadik"),
        ("tab\tés\nújsor", "tab\tés\nújsor"),
    ],
)
def test_normalize_unicode(raw: str, expected: str) -> None:
    assert normalize_unicode(raw) == expected


def test_expand_ligatures() -> None:
    assert expand_ligatures("speciﬁkus ﬂotta ﬀ ﬃ ﬄ ﬅ ﬆ") == "specifikus flotta ff ffi ffl st st"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Alap´ıtv´any", "Alapítvány"),
        ("kottaszed˝o", "kottaszedő"),
        ("¨osszetett ˝ur", "összetett űr"),
        ("jel¨olj¨uk", "jelöljük"),
        ("c´ımk´ek", "címkék"),
        ("´Eszak ´Allami ¨Unnep ˝Ori", "Észak Állami Ünnep Őri"),
        ("Az [ ´Allami Privatiz´aci´os", "Az [Állami Privatizációs"),  # as pypdf emits it
        ("(14) ´Uristen", "(14) Úristen"),
        ("Alap´ ıtv´any", "Alapítvány"),  # space before a dotless i
        ("Alap\u0301ıtv\u0301any", "Alapítvány"),  # combining accents before the letter
        ("ı\u0301r", "ír"),  # combining accent after a dotless i
        ("na¨ıve", "naïve"),  # in pdfjs_tracemonkey.pdf
        ("S˜ao Paulo", "São Paulo"),
    ],
)
def test_repair_spacing_accents(raw: str, expected: str) -> None:
    assert repair_spacing_accents(raw) == expected


@pytest.mark.parametrize(
    "text",
    [
        "John´s car, it´s fine",  # acute typed as an apostrophe
        "a ´ b",  # accent between two spaces
        "f′(x) = x´ + y´",  # primes
        "see http://example.org/˜anna",  # LaTeX-typeset tilde in a URL
        "`code` and x^2 and a'b",  # ASCII is never an accent here
        "Işık ılık",  # Turkish dotless i without accent
        "kuća, świat",  # real consonants with acute
    ],
)
def test_repair_spacing_accents_keeps_look_alikes(text: str) -> None:
    assert repair_spacing_accents(text) == text


def test_find_broken_accents() -> None:
    assert find_broken_accents("Alap´ıtv´any a ´ b és Işık 12´") == ["Alap´ıtv´any", "Işık"]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (
            "A fõ szabály az elõírás szerinti tûzvédelem.",
            "A fő szabály az előírás szerinti tűzvédelem.",
        ),
        ("ÕSZI ÜLÉS, KÉTSZÁZ FÕ ÉS EGY ÛRHAJÓ", "ŐSZI ÜLÉS, KÉTSZÁZ FŐ ÉS EGY ŰRHAJÓ"),
    ],
)
def test_restore_double_acute_in_hungarian(raw: str, expected: str) -> None:
    assert restore_double_acute(raw) == expected


@pytest.mark.parametrize(
    "text",
    [
        "As informações são públicas e não têm custo, disse o ministério.",  # Portuguese
        "Õpetaja ütles, et käsi on õnnelik ja see on hää.",  # Estonian
        "C'est sûr : le coût a été dû au mois d'août, à Paris.",  # French
        "Fõoldal",  # too short to judge
        "Plain English with one stray õ.",
    ],
)
def test_restore_double_acute_keeps_other_languages(text: str) -> None:
    assert restore_double_acute(text) == text


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("a gazdaság fejlesz-\ntése", "a gazdaság fejlesztése"),
        ("annotál-  \n  juk", "annotáljuk"),  # blanks round the line break
        ("a Nobel-dí-\njat", "a Nobel-díjat"),
        ("Language-\nIndependent", "Language-Independent"),  # uppercase after the break
        ("az EU-\nban és a PDF-\nben", "az EU-ban és a PDF-ben"),  # abbreviations
        ("2010-\nben", "2010-ben"),  # digits
        ("csak-\ncsak", "csak-csak"),  # reduplication
        ("kis-\nés középvállalkozások", "kis- és középvállalkozások"),  # suspended hyphen
        ("pre-\nand post-war", "pre- and post-war"),
        ("az e-mail címre, az e-\nmail", "az e-mail címre, az e-mail"),  # seen hyphenated
        ("az email címre, az e-\nmail", "az email címre, az email"),  # seen joined
        ("bekezdés vége-\n\nÚj bekezdés", "bekezdés vége-\n\nÚj bekezdés"),  # blank line
        ("pont - \nés", "pont - \nés"),  # a dash, not a hyphen
    ],
)
def test_join_hyphenated_words(raw: str, expected: str) -> None:
    assert join_hyphenated_words(raw) == expected


def test_normalize_whitespace() -> None:
    raw = "Első  \t sor   \n\n\n\nMásodik\u00a0bekezdés\t\n\n"
    assert normalize_whitespace(raw) == "Első sor\n\nMásodik\u00a0bekezdés\n\n"


def test_repair_text_runs_every_step_in_order() -> None:
    raw = "Alap´ıtv´any\u00ad ﬁnansz´ırozta  a fejlesz-\nt´est;\r\n\n\n\nk¨ovetkez˝o  "
    assert repair_text(raw) == "Alapítvány finanszírozta a fejlesztést;\n\nkövetkező"


# --- the real LaTeX PDFs ---------------------------------------------------------------


def _extract(path: Path) -> str:
    """pypdf's text for every page; pypdf's own warnings about the file are not ours."""
    from pypdf import PdfReader  # only this helper needs pypdf

    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", module=r"pypdf(\.|$)")
        reader = PdfReader(path)
        return "\n".join(page.extract_text() for page in reader.pages)


def _broken_share(text: str) -> float:
    words = [token for token in text.split() if any(ch.isalpha() for ch in token)]
    return len(find_broken_accents(text)) / len(words)


@pytest.mark.corpus
@pytest.mark.parametrize("name", HUNGARIAN_PDFS)
def test_repairs_hungarian_latex_pdfs(corpus_dir: Path, name: str) -> None:
    raw = _extract(corpus_dir / "pdf" / name)
    repaired = repair_text(raw)

    assert _broken_share(raw) > 0.2  # the trap is really there
    assert _broken_share(repaired) < 0.001
    assert repaired == repair_text(repaired)


@pytest.mark.corpus
def test_known_words_appear_after_repair(corpus_dir: Path) -> None:
    text = "\n".join(repair_text(_extract(corpus_dir / "pdf" / name)) for name in HUNGARIAN_PDFS)
    words = set(text.split())
    for word in [
        "tulajdonnevek",
        "annotálandó",
        "szövegben",
        "Brüsszelben",
        "felhasználónévvel",
        "[Észak-atlanti",
        "[Állami",
        "Úristen,",
        "jelöljük",
        "előfordul,",
    ]:
        assert word in words, word
    assert "Nobel-díjat" in text
    assert "specifikus" in text  # the ﬁ ligature


# --- properties ------------------------------------------------------------------------


@given(st.text())
def test_repair_text_takes_any_text(text: str) -> None:
    repaired = repair_text(text)
    assert repair_text(repaired) == repaired
    assert unicodedata.is_normalized("NFC", repaired)


# Text built from the characters the steps react to, to reach their corners.
_TRICKY = st.lists(
    st.sampled_from(
        [
            *"aeiouAEOUpnstcz019 -\t\n\r[(´˝¨ˆ˜ˇ˘ıṕśćőűõûÕÛáéöü_/'^`ﬁ\u00ad\x00\x0c",
            *"\u0301\u0308\u0303\u030b",
            *["és", "EU", "ã", "ä"],
        ]
    ),
    max_size=40,
).map("".join)


@given(_TRICKY)
def test_repair_text_is_idempotent(text: str) -> None:
    repaired = repair_text(text)
    assert repair_text(repaired) == repaired


@given(
    st.lists(st.sampled_from(CLEAN_HUNGARIAN), min_size=1, max_size=6),
    st.sampled_from([" ", "\n", "\n\n"]),
)
def test_repair_text_leaves_clean_hungarian_alone(sentences: list[str], sep: str) -> None:
    text = sep.join(sentences)
    assert repair_text(text) == normalize_whitespace(text)
    for sentence in CLEAN_HUNGARIAN:
        assert repair_text(sentence) == sentence
