"""`clusnet search` with filters, sorting, facets and the glossary; `clusnet suggest`."""

from __future__ import annotations

import json
from pathlib import Path

from .conftest import SECRET_WORD, build, open_test_archive


def loaded(initialised: Path) -> dict[str, int]:
    archive = open_test_archive(initialised)
    try:
        return build(archive)
    finally:
        archive.close()


def search_json(runner, *args: str) -> dict:  # type: ignore[no-untyped-def, type-arg]
    result = runner.invoke("search", "--json", *args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_filters_sort_and_expansion(runner, initialised: Path) -> None:
    ids = loaded(initialised)
    found = search_json(runner, "klaszter")
    assert "cluster" in found["expansions"]
    assert {h["language"] for h in found["hits"]} == {"hu", "en"}
    only_hu = search_json(runner, "klaszter", "--lang", "hu", "--sort", "newest")
    assert [h["id"] for h in only_hu["hits"]] == [ids["budapest-case"], ids["kor-note"]]
    assert search_json(runner, "klaszter", "--no-expand")["expansions"] == []
    typed = search_json(runner, "cluster", "--type", "report", "--year", "2011")
    assert [h["id"] for h in typed["hits"]] == [ids["eindhoven-report"]]
    assert search_json(runner, "--city", "Budapest")["total"] == 1
    assert search_json(runner, SECRET_WORD)["total"] == 0
    assert search_json(runner, SECRET_WORD, "--restricted")["total"] == 1
    like = search_json(runner, "--like", str(ids["eindhoven-report"]))
    assert ids["eindhoven-report"] not in [h["id"] for h in like["hits"]]


def test_facets_and_snippets_in_text(runner, initialised: Path) -> None:
    loaded(initialised)
    result = runner.invoke("search", "klaszter OR cluster", "--no-expand", "--facets")
    assert result.exit_code == 0, result.output
    assert "language:" in result.stdout
    assert "Budapest seminar: the knowledge industry of Budapest (budapest-2010)" in result.stdout
    result = runner.invoke("search", "tárgyalóasztal")
    assert "p. 3: " in result.stdout and "*tárgyalóasztal*" in result.stdout
    assert runner.invoke("search").exit_code == 2  # nothing to search for


def test_suggest(runner, initialised: Path) -> None:
    loaded(initialised)
    result = runner.invoke("suggest", "kerek tárgy")
    assert result.exit_code == 0
    assert "kerek tárgyalóasztal" in result.stdout.splitlines()
    assert runner.invoke("suggest", "titkos").stdout == ""
    assert SECRET_WORD in runner.invoke("suggest", "titkos", "--restricted").stdout
