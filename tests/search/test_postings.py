"""search.whoosh_postings: one analysis of a document for all its content fields gives exactly
the postings each field's own analyzer gives (the analyzer queries are analysed with)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from whoosh.formats import Characters

from archive.model import Document, DocumentStatus, Page
from ingest import extract_file
from search.whoosh_engine import CONTENT_FIELDS, build_schema, document_fields, term_map
from search.whoosh_postings import Analysed, Words, analyse

SCHEMA = build_schema()
DEMO = Path(__file__).resolve().parents[2] / "demo" / "documents"


def whoosh_postings(field: str, text: str) -> list[tuple[Any, ...]]:
    """What Whoosh itself makes of ``text`` in ``field``: its analyzer, its format."""
    whoosh = Characters()
    return sorted(
        (term, freq, weight, whoosh.decode_characters(value))
        for term, freq, weight, value in whoosh.word_values(
            text, SCHEMA[field].analyzer, mode="index"
        )
    )


def our_postings(field: str, value: Analysed) -> list[tuple[Any, ...]]:
    ours = SCHEMA[field].format
    return sorted(
        (term, freq, weight, ours.decode_characters(encoded))
        for term, freq, weight, encoded in ours.word_values(value, SCHEMA[field].analyzer)
    )


def same_for(field: str, text: str) -> None:
    value = analyse(Words.of(text), term_map(field))
    assert our_postings(field, value) == whoosh_postings(field, text)


@pytest.mark.parametrize("field", CONTENT_FIELDS)
def test_real_documents_give_whooshs_own_postings(field: str) -> None:
    for path in sorted(DEMO.iterdir()):
        text = extract_file(path).text
        same_for(field, text)


_LETTERS = "aábcdeéfghiíjklmnoóöőpqrstuúüűvwxyzAÁÉŐŰßæøłõûÕ"
_WORDS = st.sampled_from(
    [
        "a", "az", "és", "the", "of", "and", "nem", "hogy", "klaszter", "klaszterek",
        "gazdaságfejlesztési", "pályázatok", "önkormányzati", "kör", "kor", "Budapesten",
        "U.S.A", "3.141", "x*y", "under_score", "e-mail", "co-operation", "ÁRVÍZTŰRŐ",
    ]
)  # fmt: skip
_TEXT = st.lists(
    st.one_of(
        _WORDS,
        st.text(alphabet=_LETTERS + "0123456789.*_-'\u2019", min_size=1, max_size=12),
        st.sampled_from([" ", "  ", "\n", "\n\n", ". ", ", ", "\t", "\u2013", "(", ")"]),
    ),
    max_size=60,
).map(" ".join)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=_TEXT, field=st.sampled_from(CONTENT_FIELDS))
def test_any_text_gives_whooshs_own_postings(text: str, field: str) -> None:
    same_for(field, text)


def test_pages_in_other_languages_are_left_out_as_if_blanked() -> None:
    pages = (
        Page(1, "A klaszterek együttműködése erősíti a gazdaságfejlesztési stratégiát.", "hu"),
        Page(2, "The expert report recommends that city-regions coordinate cluster policy.", "en"),
        Page(3, "Az önkormányzati támogatás a pályázatok révén jut el a vállalkozásokhoz.", "hu"),
        Page(4, "Knowledge transfer between universities and SMEs.", "en"),
    )
    document = Document(1, "0" * 64, "mixed.pdf", 100, DocumentStatus.READY, pages=pages)
    fields = document_fields(document)
    for lang in ("hu", "en"):
        blanked = "\n\n".join(p.text if p.language == lang else " " * len(p.text) for p in pages)
        name = f"content_{lang}"
        assert our_postings(name, fields[name]) == whoosh_postings(name, blanked)
    full = "\n\n".join(p.text for p in pages)
    for name in ("content_exact", "content_folded"):
        assert our_postings(name, fields[name]) == whoosh_postings(name, full)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(0, 5), st.integers(0, 70_000), st.integers(1, 40)),
        min_size=1,
        max_size=30,
    )
)
def test_the_compact_format_decodes_what_it_encodes(steps: list[tuple[int, int, int]]) -> None:
    postings, position, end = [], 0, 0
    for move, gap, length in steps:
        position, start = position + move, end + gap
        end = start + length
        postings.append((position, start, end))
    fmt = SCHEMA["content_exact"].format
    value = fmt.encode(postings)
    assert fmt.decode_characters(value) == postings
    assert fmt.decode_positions(value) == [p for p, _, _ in postings]
    assert fmt.decode_frequency(value) == len(postings)
    assert fmt.decode_weight(value) == len(postings)
