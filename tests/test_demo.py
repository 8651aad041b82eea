"""The demo archive `make run` loads: rendered by a script of the repository, and loaded
with its seminars, descriptions and language versions, as an archive in use looks."""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
DEMO = REPO / "demo"
FONTS = Path(os.environ.get("CLUSNET_DEMO_FONT_DIR", "/usr/share/fonts/truetype/dejavu"))


def test_the_script_renders_the_demo_files_byte_for_byte(tmp_path: Path) -> None:
    if not (FONTS / "DejaVuSans.ttf").is_file():
        pytest.skip(f"the DejaVu fonts are not in {FONTS} (Debian: fonts-dejavu-core)")
    if importlib.util.find_spec("fpdf") is None:
        pytest.skip("fpdf2 is not installed (pip install -e '.[dev]')")
    out, manifest = tmp_path / "documents", tmp_path / "demo.json"
    result = subprocess.run(
        [sys.executable, str(REPO / "tools" / "make_demo.py"), "--out", str(out),
         "--manifest", str(manifest)],
        capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    rendered = {p.name: p.read_bytes() for p in out.iterdir()}
    shipped = {p.name: p.read_bytes() for p in (DEMO / "documents").iterdir()}
    assert set(rendered) == set(shipped)
    changed = sorted(name for name in rendered if rendered[name] != shipped[name])
    assert not changed, f"run tools/make_demo.py and commit: {changed}"
    assert manifest.read_text(encoding="utf-8") == (DEMO / "demo.json").read_text("utf-8")


def test_the_manifest_describes_an_archive_in_use() -> None:
    manifest = json.loads((DEMO / "demo.json").read_text(encoding="utf-8"))
    documents = manifest["documents"]
    assert len(documents) >= 30
    assert {Path(d["file"]).suffix for d in documents} >= {".pdf", ".docx", ".pptx"}
    seminars = Counter(d["seminar"] for d in documents if d["seminar"])
    assert len(seminars) >= 4 and min(seminars.values()) >= 5
    assert len({d["partner"] for d in documents if d["partner"]}) >= 8
    assert set(Counter(d["doc_type"] for d in documents)) == {
        "paper", "case_study", "presentation", "report", "minutes", "other"
    }  # fmt: skip
    assert Counter(d["language"] for d in documents)["hu"] >= 10
    assert len({d["doc_date"][:4] for d in documents}) >= 3
    versions = Counter(d["versions"] for d in documents if d["versions"])
    assert len(versions) >= 3 and set(versions.values()) == {2}


@pytest.mark.slow
def test_make_run_loads_the_demo_with_its_descriptions(home: Path, runner) -> None:  # type: ignore[no-untyped-def]
    assert runner.invoke("init").exit_code == 0
    load = [sys.executable, str(DEMO / "load.py")]
    env = {**os.environ, "CLUSNET_HOME": str(home)}
    first = subprocess.run(load, env=env, capture_output=True, text=True, timeout=600, check=False)
    assert first.returncode == 0, first.stderr
    assert "0 failed" in first.stderr

    from web.wiring import open_archive, read_settings

    manifest = json.loads((DEMO / "demo.json").read_text(encoding="utf-8"))
    archive = open_archive(read_settings())
    try:
        documents = archive.catalogue.find()
        assert len(documents) == len(manifest["documents"])
        assert {d.status.value for d in documents} == {"ready"}
        assert {d.content_type for d in documents} >= {
            "application/pdf",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        }
        seminars = Counter(d.seminar for d in documents if d.seminar)
        assert len(seminars) == 4 and all(archive.catalogue.seminar(s) for s in seminars)
        assert {d.language for d in documents} >= {"hu", "en"}
        by_name = {d.filename: d for d in documents}
        report_hu = by_name["budapest-seminar-2010-expert-report-hu.docx"]
        versions = archive.catalogue.versions(report_hu.id)
        assert [d.filename for d in versions] == ["budapest-seminar-2010-expert-report-en.pdf"]
        assert {e.actor for e in archive.audit.entries(actions=("document.ingest",))} == {"demo"}
    finally:
        archive.close()

    again = subprocess.run(load, env=env, capture_output=True, text=True, timeout=600, check=False)
    assert again.returncode == 0, again.stderr
    assert "0 documents added" in again.stderr

    found = json.loads(runner.invoke("search", "--json", "klaszterpolitika").stdout)
    languages = {hit["language"] for hit in found["hits"]}
    assert languages >= {"hu", "en"}  # the glossary finds the English documents too
    seminar_page = json.loads(
        runner.invoke("search", "--json", "--seminar", "helsinki-2010").stdout
    )
    assert seminar_page["total"] >= 5
