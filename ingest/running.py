"""Running headers and footers: lines that repeat at the top or bottom of most pages.

A report's title, its chapter name, "Page 3 of 40": on every page they say nothing about
the page and skew search (a word in the footer matches every page). A line is *running*
when, with its digits ignored (page numbers vary), it is among the first or last
`ZONE_LINES` lines of at least `MIN_SHARE` of the pages (and of at least `MIN_PAGES`). The
first copy of each running line that has letters is kept; the others, and all running lines
of digits only (bare page numbers), are removed.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

ZONE_LINES = 3
"""How many lines at the top and at the bottom of a page can be running lines."""
MIN_PAGES = 3
MIN_SHARE = 0.5
MAX_LINE_CHARS = 200
"""Longer lines are body text, whatever repeats."""

_DIGITS = re.compile(r"\d+")
_ROMAN = re.compile(r"^[ivxlc]+$")


def remove_running_lines(pages: Sequence[str]) -> tuple[list[str], int]:
    """The pages without their running headers and footers, and how many lines went."""
    if len(pages) < MIN_PAGES:
        return list(pages), 0
    lines = [page.split("\n") for page in pages]
    zones = [_zone(page_lines) for page_lines in lines]
    counts: Counter[tuple[str, str]] = Counter()
    for zone in zones:
        counts.update({(where, _key(line)) for where, _, line in zone})
    needed = max(MIN_PAGES, int(MIN_SHARE * len(pages) + 0.999))
    running = {key for key, count in counts.items() if count >= needed and key[1]}
    if not running:
        return list(pages), 0
    kept: set[str] = set()
    removed = 0
    result: list[str] = []
    for page_lines, zone in zip(lines, zones, strict=True):
        drop: set[int] = set()
        for where, index, line in zone:
            key = _key(line)
            if (where, key) not in running:
                continue
            if any(char.isalpha() for char in key) and key not in kept:
                kept.add(key)  # the first copy stays
                continue
            drop.add(index)
        removed += len(drop)
        result.append("\n".join(line for i, line in enumerate(page_lines) if i not in drop))
    return result, removed


def _zone(lines: list[str]) -> list[tuple[str, int, str]]:
    """The first and last `ZONE_LINES` non-blank lines as (where, index, line)."""
    filled = [i for i, line in enumerate(lines) if line.strip()]
    if len(filled) <= 2 * ZONE_LINES:  # a short page: its lines are its content
        return []
    top = filled[:ZONE_LINES]
    bottom = [i for i in filled[-ZONE_LINES:] if i not in top]
    return [("top", i, lines[i]) for i in top] + [("bottom", i, lines[i]) for i in bottom]


def _key(line: str) -> str:
    """A line as compared across pages: lowercase, digits as ``#``, single spaces."""
    text = " ".join(line.split()).lower()
    if len(text) > MAX_LINE_CHARS:
        return ""
    text = _DIGITS.sub("#", text)
    if _ROMAN.match(text):  # roman page numbers of front matter
        return "#"
    return text
