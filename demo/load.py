"""Load the demo archive: its seminars, documents with their descriptions, and the
language versions among them. `make run` runs it after `clusnet init`; running it again
changes nothing (documents already archived keep their description).

    .venv/bin/python demo/load.py            # into CLUSNET_HOME (./instance by default)

What each file is (seminar, partner, type, language, date, language versions) is read
from demo/demo.json, which tools/make_demo.py writes together with the files. The changes
are recorded in the audit log under the name "demo".
"""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))  # the checkout's packages

from archive import (  # noqa: E402
    Curation,
    DocumentMetadata,
    DocumentType,
    Outcome,
    Seminar,
)
from web.wiring import open_archive, read_settings  # noqa: E402

ACTOR = "demo"


def describe(item: dict[str, Any]) -> DocumentMetadata:
    return DocumentMetadata(
        seminar=item.get("seminar"),
        partner=item.get("partner"),
        doc_type=DocumentType(item["doc_type"]) if item.get("doc_type") else None,
        doc_date=date.fromisoformat(item["doc_date"]) if item.get("doc_date") else None,
        language=item.get("language"),
    )


def load(manifest_path: Path = HERE / "demo.json", folder: Path = HERE / "documents") -> int:
    """Load the demo into the archive of CLUSNET_HOME; exit status 1 if a file failed."""
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    items = {item["file"]: item for item in manifest["documents"]}
    missing = [name for name in items if not (folder / name).is_file()]
    if missing:
        print(f"missing demo files in {folder}: {', '.join(missing)}", file=sys.stderr)
        return 1
    archive = open_archive(read_settings())
    try:
        archive.catalogue.ensure_ready()
        catalogue = archive.catalogue
        for entry in manifest["seminars"]:
            if catalogue.seminar(entry["slug"]) is None:
                seminar = Seminar(
                    slug=entry["slug"],
                    title=entry["title"],
                    host=entry.get("host"),
                    starts=date.fromisoformat(entry["starts"]),
                    ends=date.fromisoformat(entry["ends"]),
                    theme=entry.get("theme", ""),
                )
                catalogue.save_seminar(seminar)
                archive.audit.record(ACTOR, "seminar.add", None, slug=seminar.slug,
                                     title=seminar.title)  # fmt: skip

        report = archive.ingest(
            [folder / name for name in items],
            metadata=lambda path: describe(items[path.name]),
            actor=ACTOR,
        )
        ids = {Path(f.path).name: f.document_id for f in report.files if f.document_id}
        groups: dict[str, list[int]] = {}
        for name, item in items.items():
            if item.get("versions") and name in ids:
                groups.setdefault(item["versions"], []).append(ids[name])
        curation = Curation(archive)
        for members in groups.values():
            for other in members[1:]:
                curation.link_versions(members[0], other, ACTOR)
    finally:
        archive.close()
    print(
        f"Demo archive: {report.count(Outcome.INGESTED)} documents added, "
        f"{report.count(Outcome.DUPLICATE)} there already, "
        f"{report.count(Outcome.FAILED)} failed; {len(manifest['seminars'])} demo seminars, "
        f"{len(groups)} sets of language versions.",
        file=sys.stderr,
    )
    for failure in report.files:
        if failure.outcome is Outcome.FAILED:
            print(f"  failed: {failure.path}: {failure.reason}", file=sys.stderr)
    return 0 if report.ok else 1


if __name__ == "__main__":
    sys.exit(load())
