"""HTML pages, read with BeautifulSoup on lxml's HTML parser.

Scripts, styles and other non-content elements are dropped; line breaks in the source are
spaces, as a browser shows them; paragraphs become blank lines, list items and rows lines.
lxml's HTML parser loads no DTD and fetches nothing from the network, so external entities
are never resolved.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from bs4 import BeautifulSoup
from bs4.dammit import EncodingDetector
from bs4.element import Comment, NavigableString, Tag

from archive.errors import ResourceLimitError
from archive.model import Extraction, Page
from ingest.mime import HTML
from ingest.text import decode_bytes, plausible_text

MAX_HTML_BYTES = 32 * 1024 * 1024
_BOMS = (codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)

_DROPPED = ("script", "style", "noscript", "template", "head", "svg", "math", "iframe", "object")
_PARAGRAPHS = (
    "address", "article", "aside", "blockquote", "dl", "figure", "footer", "form", "h1",
    "h2", "h3", "h4", "h5", "h6", "header", "hr", "main", "nav", "ol", "p", "pre",
    "section", "table", "ul",
)  # fmt: skip
_LINES = ("br", "caption", "dd", "div", "dt", "figcaption", "li", "tr")
_CELLS = ("td", "th")
_PARAGRAPH_BREAK = "\u2029"
_SPACE = re.compile(r"\s+")
_PARAGRAPH_GAP = re.compile(r"\s*\u2029\s*")
_LINE_GAP = re.compile(r"[^\S\n\u2029]*\n[^\S\u2029]*")


def parse_html(path: Path) -> Extraction:
    """Read the visible text of an HTML page as one page, and its title."""
    size = path.stat().st_size
    if size > MAX_HTML_BYTES:
        raise ResourceLimitError(
            f"the HTML file is {size / 2**20:.0f} MiB, over the limit of "
            f"{MAX_HTML_BYTES / 2**20:.0f} MiB"
        )
    text, title = html_to_text(decode_html(path.read_bytes()))
    return Extraction(content_type=HTML, pages=(Page(number=1, text=text),), title=title)


def decode_html(data: bytes) -> str:
    """The page's characters: in the encoding it declares when its bytes read well in it,
    else as `decode_bytes` reads any text. A declared UTF-16 (or UTF-32) without a BOM
    means UTF-8, as browsers take it (WHATWG encoding rules): pages that say utf-16 and
    hold UTF-8 exist."""
    declared = EncodingDetector.find_declared_encoding(data, is_html=True)
    if declared and not data.startswith(_BOMS):
        try:
            name = codecs.lookup(declared).name
        except LookupError:
            name = ""
        if name and not name.startswith(("utf-16", "utf-32")):
            try:
                text = data.decode(name)
            except (UnicodeDecodeError, LookupError):
                pass
            else:
                if plausible_text(text):
                    return text
    text, _ = decode_bytes(data)
    return text


def html_to_text(markup: str | bytes) -> tuple[str, str | None]:
    """The visible text of an HTML page, and its title (or first heading)."""
    soup = BeautifulSoup(markup, "lxml")
    title = _title(soup)
    for comment in soup.find_all(string=lambda s: isinstance(s, Comment)):
        comment.extract()
    for element in soup.find_all(_DROPPED):
        element.decompose()
    for string in soup.find_all(string=True):
        if type(string) is NavigableString and string.find_parent(("pre", "textarea")) is None:
            string.replace_with(_SPACE.sub(" ", string))  # HTML source line breaks are spaces
    for tags, mark in ((_PARAGRAPHS, _PARAGRAPH_BREAK), (_LINES, "\n"), (_CELLS, "\t")):
        for element in soup.find_all(tags):
            element.insert_before(mark)
            element.insert_after(mark)
    text = _PARAGRAPH_GAP.sub("\n\n", _LINE_GAP.sub("\n", soup.get_text()))
    return text, title


def _title(soup: BeautifulSoup) -> str | None:
    for tag in (soup.title, soup.find("h1")):
        if isinstance(tag, Tag):
            text = " ".join(tag.get_text(" ").split())
            if text:
                return text
    return None
