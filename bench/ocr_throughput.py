"""OCR throughput in pages per minute: pages in parallel against one page at a time.

    .venv/bin/python bench/ocr_throughput.py             # a 12-page scan
    .venv/bin/python bench/ocr_throughput.py --pages 24

Makes a scanned PDF (no text layer) of PAGES pages by rendering real Hungarian and English
PDFs from ../shared/tools/make_corpus.py at 200 dpi and saving the images as a PDF (cached
in bench/out/scan-PAGES.pdf), then reads it with `ingest.extract_file` (PDFium renders at
300 dpi, Tesseract with the Hungarian and English models), in the same run, three ways:

- one page at a time, Tesseract with its default threads (OpenMP, one a core): the
  baseline, what Tesseract does left to itself;
- one page at a time, one thread a run (``OMP_THREAD_LIMIT=1``);
- pages in parallel, one run a core, one thread each: what clusnet does.

Prints seconds, pages per minute and the ratio against the baseline, and checks that the
three read the same text. Needs Tesseract with ``hun`` and ``eng``.
"""

from __future__ import annotations

import argparse
import io
import os
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "out"
MAKE_CORPUS = HERE.parent.parent / "shared" / "tools" / "make_corpus.py"
sys.path.insert(0, str(HERE.parent))


def scan(pages: int) -> Path:
    target = OUT / f"scan-{pages}.pdf"
    if target.exists():
        return target
    import pypdfium2
    from PIL import Image

    folder = OUT / "scan-sources"
    if not folder.is_dir():
        command = [sys.executable, str(MAKE_CORPUS), str(folder), "--docs", "40"]
        subprocess.run([*command, "--formats", "pdf", "--seed", "5"], check=True)
    images: list[Image.Image] = []
    for path in sorted(folder.glob("*.pdf")):
        document = pypdfium2.PdfDocument(str(path))
        for index in range(len(document)):
            if len(images) < pages:
                images.append(document[index].render(scale=200 / 72).to_pil().convert("L"))
        document.close()
    buffer = io.BytesIO()
    images[0].save(buffer, format="PDF", save_all=True, append_images=images[1:], resolution=200)
    target.write_bytes(buffer.getvalue())
    return target


def read(path: Path, workers: int, threads: str) -> tuple[float, str]:
    from ingest import extract_file, ocr

    ocr.THREADS_PER_RUN = threads  # type: ignore[assignment]
    ocr.PAGE_TIMEOUT = 3600.0  # a loaded machine is slow, and that is what is measured
    kept = ocr.page_workers
    ocr.page_workers = lambda: workers  # type: ignore[assignment]
    try:
        started = time.perf_counter()
        text = extract_file(path).text
        return time.perf_counter() - started, text
    finally:
        ocr.page_workers = kept  # type: ignore[assignment]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pages", type=int, default=12)
    args = parser.parse_args()
    from ingest.ocr import available_languages

    if not available_languages():
        raise SystemExit("Tesseract is not installed (tesseract-ocr, -hun, -eng)")
    path = scan(args.pages)
    cores = os.cpu_count() or 1
    runs = [
        ("one page at a time, default threads", 1, str(cores)),
        ("one page at a time, 1 thread", 1, "1"),
        (f"{cores} pages at a time, 1 thread each", cores, "1"),
    ]
    results = [(name, *read(path, workers, threads)) for name, workers, threads in runs]
    base = results[0][1]
    print(f"{args.pages} scanned pages ({path.name}), {cores} CPUs")
    print("                                        seconds  pages/min  vs baseline")
    for name, seconds, _ in results:
        print(f"{name:38} {seconds:8.1f}  {args.pages * 60 / seconds:9.1f}  {base / seconds:11.2f}")
    same = all(text == results[0][2] for _, _, text in results)
    print("same text all three ways:", same)


if __name__ == "__main__":
    main()
