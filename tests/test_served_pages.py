"""Every page a new user meets, in a real browser against `clusnet serve`: in English and
Hungarian, 390 px (a phone) and 1280 px wide, signed out, as an officer and as a
librarian. No page may scroll sideways; each has one <h1>. Then what only a browser
shows: the skip link comes first, "next match" walks the marks, dates follow the
browser's locale, and on a phone the first hit comes before the filters."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.support import CHROMIUM_ARGS, PASSWORD, chromium_path, clusnet, serving

HU = (
    "A budapesti klaszterpolitika a tudásipar fejlesztésének eszköze. Az önkormányzat "
    "támogatja a klaszterek együttműködését és a pályázatokat. A klaszterek tagjai a "
    "tudástranszfer és a kis- és középvállalkozások fejlesztése érdekében dolgoznak együtt; "
    "a klaszterpolitika hosszú távú feladat. A tudásipar a város hídfőállása; ez a "
    "hídfőállás a partnerek szerint is fontos."
)
EN = (
    "Budapest's cluster policy is a tool for developing the knowledge industry. The city "
    "supports cooperation between clusters and calls for proposals. Cluster members work "
    "together on knowledge transfer and on small and medium-sized enterprises; cluster "
    "policy is a long-term task."
)
LEIPZIG = "Leipzig builds its cluster policy on the automotive and logistics clusters."
LONG_NAME = "budapest-seminar-2010-expert-report-on-the-knowledge-industry-and-clusters-final.txt"

REPO = Path(__file__).resolve().parents[1]
WIDTHS = (390, 1280)
LOCALES = {"en": "en-GB", "hu": "hu-HU"}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    root = tmp_path_factory.mktemp("served-pages")
    home = root / "archive"
    env = {**os.environ, "CLUSNET_HOME": str(home)}
    docs = root / "docs"
    (docs / "budapest").mkdir(parents=True)
    (docs / "budapest" / "klaszterpolitika-hu.txt").write_text(HU, encoding="utf-8")
    (docs / "budapest" / LONG_NAME).write_text(EN, encoding="utf-8")
    (docs / "leipzig").mkdir()
    (docs / "leipzig" / "leipzig.txt").write_text(LEIPZIG, encoding="utf-8")
    (docs / "broken").mkdir()
    (docs / "broken" / "broken.pdf").write_bytes(b"%PDF-1.7\nbroken beyond repair")
    clusnet("init", env=env)
    demo = subprocess.run(
        [sys.executable, str(REPO / "demo" / "load.py")],
        env=env, capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip
    assert demo.returncode == 0, demo.stderr
    described = ("--seminar", "budapest-2010", "--partner", "budapest", "--type", "paper")
    clusnet("ingest", "--silent", *described, str(docs / "budapest"), env=env)
    clusnet("ingest", "--silent", "--partner", "leipzig", str(docs / "leipzig"), env=env)
    with pytest.raises(AssertionError):  # a failed file: exit status 1
        clusnet("ingest", "--silent", "--seminar", "budapest-2010", str(docs / "broken"), env=env)
    for name, role in (("lili", "librarian"), ("olga", "officer")):
        clusnet("users", "add", name, "--role", role, "--password-stdin", env=env,
                stdin=PASSWORD + "\n")  # fmt: skip

    from archive import Curation
    from web.wiring import open_archive, read_settings

    archive = open_archive(read_settings({"HOME": str(home)}))
    try:
        ids = {d.filename: d.id for d in archive.catalogue.find()}
        Curation(archive).link_versions(ids["klaszterpolitika-hu.txt"], ids[LONG_NAME], "lili")
    finally:
        archive.close()
    with serving(env, root / "serve.log") as url:
        yield {"url": url, "ids": ids}


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    sync_api = pytest.importorskip("playwright.sync_api")
    executable = chromium_path()
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            yield launched
        finally:
            launched.close()


def sign_in(page: Any, url: str, name: str) -> None:
    page.goto(f"{url}/login")
    page.fill("input[name=name]", name)
    page.fill("input[name=password]", PASSWORD)
    page.locator("form.login button[type=submit], main form button[type=submit]").first.click()
    page.wait_for_load_state()


def overflow(page: Any) -> int:
    """How many pixels the page is wider than the window (0: no sideways scrolling)."""
    return int(
        page.evaluate(
            "Math.max(document.documentElement.scrollWidth, document.body.scrollWidth)"
            " - document.documentElement.clientWidth"
        )
    )


def pages_of(ids: dict[str, int]) -> dict[str, list[str]]:
    hu, en, broken = ids["klaszterpolitika-hu.txt"], ids[LONG_NAME], ids["broken.pdf"]
    slides = ids["budapest-nyilt-innovacio-eloadas-hu.pptx"]
    report = ids["budapest-seminar-2010-expert-report-hu.docx"]
    return {
        "reader": [
            "/",
            f"/documents/{slides}?q=klaszter",
            f"/documents/{report}",
            "/seminars/helsinki-2010",
            "/?q=klaszterpolitika&seminar=budapest-2010",
            "/?q=klaszterpolitika",
            "/?q=cluster&from=2009&to=2011",
            "/?q=nothingmatchesthis",
            f"/documents/{en}?q=cluster+policy",
            f"/documents/{hu}",
            f"/documents/{hu}/similar",
            "/seminars/",
            "/seminars/budapest-2010",
            "/partners/",
            "/partners/budapest",
            "/help/search",
        ],
        "olga": ["/uploads/new", "/uploads/"],
        "lili": [
            "/librarian/",
            "/librarian/failed",
            "/librarian/audit",
            "/librarian/withdrawn",
            "/librarian/index",
            f"/documents/{hu}/versions",
            f"/documents/{report}/versions",
            f"/documents/{hu}/edit",
            f"/documents/{broken}",
            "/seminars/budapest-2010",
        ],
    }


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("language", sorted(LOCALES))
def test_no_page_scrolls_sideways(site: dict[str, Any], browser: Any, language: str,
                                  width: int) -> None:  # fmt: skip
    url = site["url"]
    wrong: list[str] = []
    for who, paths in pages_of(site["ids"]).items():
        context = browser.new_context(
            viewport={"width": width, "height": 800}, locale=LOCALES[language]
        )
        try:
            page = context.new_page()
            if who != "reader":
                sign_in(page, url, who)
            for path in paths:
                response = page.goto(url + path)
                assert response is not None and response.status == 200, (who, path)
                assert page.locator("html").get_attribute("lang") == language, path
                assert page.locator("h1").count() == 1, (who, path)
                if (extra := overflow(page)) > 0:
                    wrong.append(f"{path} ({who}): {extra} px too wide")
        finally:
            context.close()
    assert not wrong, f"{language} at {width} px: {wrong}"


def test_the_skip_link_is_the_first_stop(site: dict[str, Any], browser: Any) -> None:
    page = browser.new_page(locale="en-GB")
    try:
        page.goto(site["url"] + "/?q=klaszterpolitika")
        page.keyboard.press("Tab")
        focused = page.evaluate("[document.activeElement.className, document.activeElement.hash]")
        assert focused == ["skip", "#main"]
        assert page.locator("a.skip").is_visible()
    finally:
        page.close()


def test_from_a_hit_to_its_marks_and_back(site: dict[str, Any], browser: Any) -> None:
    page = browser.new_page(locale="en-GB")
    try:
        page.goto(site["url"] + "/?q=hídfőállás&language=hu")
        page.locator("li.hit h2 a").first.click()
        page.wait_for_load_state()
        marks = page.locator(".page .text mark")
        assert marks.count() == 2
        page.get_by_role("button", name="Next match").click()
        assert page.evaluate("document.activeElement.id") == "match-1"
        page.get_by_role("button", name="Next match").click()
        assert page.evaluate("document.activeElement.id") == "match-2"
        assert page.locator(".match-buttons .where").inner_text() == "Match 2 of 2"
        page.get_by_role("button", name="Previous match").click()
        assert page.evaluate("document.activeElement.id") == "match-1"
        page.get_by_role("link", name="Back to the results").click()
        page.wait_for_load_state()
        assert page.url.endswith("/?q=h%C3%ADdf%C5%91%C3%A1ll%C3%A1s&language=hu")
        assert page.locator("li.hit").count() == 1
    finally:
        page.close()


@pytest.mark.parametrize(
    ("locale", "written"),
    [  # (thin spaces around the dash, as CLDR writes a span of days)
        ("en-GB", "3\u2009\u2013\u20095 Mar 2010"),
        ("en-US", "Mar 3\u2009\u2013\u20095, 2010"),
        ("hu-HU", "2010. márc. 3\u20135."),
    ],
)
def test_dates_follow_the_browser_locale(site: dict[str, Any], browser: Any, locale: str,
                                         written: str) -> None:  # fmt: skip
    page = browser.new_page(locale=locale)
    try:
        page.goto(site["url"] + "/seminars/budapest-2010")
        assert written in page.locator("dl.meta").inner_text()
    finally:
        page.close()


def test_on_a_phone_the_first_hit_comes_before_the_filters(
    site: dict[str, Any], browser: Any
) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 800}, locale="en-GB")
    try:
        page = context.new_page()
        page.goto(site["url"] + "/?q=cluster+OR+klaszter&expand=0")
        hit = page.locator("li.hit").first.bounding_box()
        facets = page.locator("aside.facets").bounding_box()
        assert hit is not None and facets is not None
        assert hit["y"] < 800 and hit["y"] < facets["y"]
        page.get_by_role("link", name="Narrow the results").click()
        assert page.url.endswith("#facets")
    finally:
        context.close()


def test_a_reader_sees_neither_failures_nor_codes(site: dict[str, Any], browser: Any) -> None:
    page = browser.new_page(locale="hu-HU")
    try:
        page.goto(site["url"] + "/seminars/budapest-2010")
        text = page.locator("main").inner_text()
        assert "broken.pdf" not in text and "failed" not in text
        assert "magyar" in text and "angol" in text
        hu = site["ids"]["klaszterpolitika-hu.txt"]
        page.goto(f"{site['url']}/documents/{hu}")
        versions = page.locator("ul.versions a")
        assert versions.count() == 1 and versions.get_attribute("hreflang") == "en"
    finally:
        page.close()
