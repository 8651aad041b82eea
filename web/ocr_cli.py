"""`clusnet ocr`: read the documents kept as "needs OCR", once Tesseract is installed.

Registered on the `clusnet` group by `register(main)` in `web/cli.py`.
"""

from __future__ import annotations

import click

from archive import ArchiveError, Outcome
from web.cli_support import Progress, command_archive, print_json


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
@click.option("--silent", is_flag=True, help="No progress bar.")
@click.pass_context
def ocr(ctx: click.Context, as_json: bool, silent: bool) -> None:
    """Read the documents that need OCR (scans and images stored while OCR was missing).

    Install the Debian packages tesseract-ocr, tesseract-ocr-hun and tesseract-ocr-eng
    first; documents OCR still cannot read stay marked "needs OCR". Exits with status 1
    when any document failed or still needs OCR.

    Example: sudo apt-get install tesseract-ocr tesseract-ocr-hun tesseract-ocr-eng && clusnet ocr
    """
    try:
        archive = command_archive(ctx)
        archive.ensure_ready()
        waiting = archive.queue_waiting_scans()
        progress = Progress(silent)
        try:
            outcomes = archive.process(waiting, progress=progress.files(len(waiting)))
        finally:
            progress.close()
    except ArchiveError as exc:
        raise click.ClickException(str(exc)) from exc
    counts = {kind: sum(1 for o in outcomes if o.outcome is kind) for kind in Outcome}
    if as_json:
        print_json(
            {
                "read": counts[Outcome.INGESTED],
                "needs_ocr": counts[Outcome.NEEDS_OCR],
                "failed": counts[Outcome.FAILED],
                "documents": [
                    {
                        "id": o.document_id,
                        "path": o.path,
                        "outcome": o.outcome.value,
                        "reason": o.reason,
                    }
                    for o in outcomes
                ],
            }
        )
    else:
        for item in outcomes:
            if item.outcome is not Outcome.INGESTED:
                click.echo(f"{item.outcome.value:10} {item.path}: {item.reason}")
        click.echo(
            f"{counts[Outcome.INGESTED]} read, {counts[Outcome.NEEDS_OCR]} still need OCR, "
            f"{counts[Outcome.FAILED]} failed"
        )
    if counts[Outcome.NEEDS_OCR] or counts[Outcome.FAILED]:
        ctx.exit(1)


def register(main: click.Group) -> None:
    main.add_command(ocr)
