"""`clusnet check`, `clusnet export` and `clusnet import`: keeping the archive whole.

Registered on the `clusnet` group by `register(main)` in `web/cli.py`.
"""

from __future__ import annotations

from pathlib import Path

import click

from archive import check_archive, export_bag, import_bag
from web.cli_support import Progress, archive_errors, command_archive, print_json


def _size(count: int) -> str:
    value = float(count)
    for unit in ("bytes", "KiB", "MiB", "GiB"):
        if value < 1024 or unit == "GiB":
            return f"{value:.0f} {unit}" if unit == "bytes" else f"{value:.1f} {unit}"
        value /= 1024
    raise AssertionError("unreachable")


@click.command()
@click.option("--repair", is_flag=True, help="Fix what can be fixed without losing anything.")
@click.option(
    "--budget",
    type=click.FloatRange(min=0),
    default=None,
    metavar="SECONDS",
    help="Re-hash originals for at most this long, least recently verified first.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@click.option("--silent", is_flag=True, help="No progress bar.")
@click.pass_context
def check(
    ctx: click.Context, repair: bool, budget: float | None, as_json: bool, silent: bool
) -> None:
    """Check that every original is intact and that catalogue, originals and index agree.

    Re-hashes the originals (with --budget, the least recently verified first, so that
    runs from cron cover the whole store in turn), and looks for missing and altered
    originals, files in the store the catalogue does not know, documents missing from the
    index or left in it, ready documents without text and interrupted extractions.

    --repair re-indexes, removes stale temporary files and index entries, catalogues
    uncatalogued originals as new documents and finishes interrupted extractions. It
    never deletes or changes an original. Exits with status 1 when a problem remains.

    Example: clusnet check --budget 600 --repair
    """
    progress = Progress(silent)
    with archive_errors():
        archive = command_archive(ctx)
        try:
            report = check_archive(
                archive, budget_seconds=budget, repair=repair, progress=progress.update
            )
        finally:
            progress.close()
    if as_json:
        print_json(report.as_dict())
    else:
        for finding in report.findings:
            click.echo(str(finding))
        if report.stopped:
            click.echo(f"stopped: {report.stopped}")
        verified = f"{report.verified} of {report.documents} originals verified"
        if report.not_verified:
            verified += f" ({report.not_verified} left for the next run by --budget)"
        summary = f"{verified}, {_size(report.verified_bytes)} in {report.seconds:.1f} s: "
        repaired = len(report.findings) - len(report.problems)
        if not report.findings:
            summary += "no problems found."
        elif repair:
            summary += f"{repaired} problems repaired, {len(report.problems)} remain."
        else:
            summary += f"{len(report.problems)} problems found."
            if any(f.kind.value not in _MANUAL for f in report.problems):
                summary += " Run `clusnet check --repair` to fix those it can."
        click.echo(summary)
    if not report.ok:
        ctx.exit(1)


_MANUAL = {
    "missing-original",
    "altered-original",
    "stray-file",
    "empty-text",
    "index-unwritable",
}
"""Kinds of problem only a person can fix."""


@click.command("export")
@click.argument("target", type=click.Path(file_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
@click.option("--silent", is_flag=True, help="No progress bar.")
@click.pass_context
def export_command(ctx: click.Context, target: Path, as_json: bool, silent: bool) -> None:
    """Export the whole archive as a BagIt bag into the new folder TARGET.

    The bag holds every original byte for byte, the catalogue metadata and extracted text
    of every document, and the partners and seminars, with SHA-256 checksums of every
    file. It is written while the archive stays in use. Exits with status 1 when an
    original was missing or altered (the bag holds everything else).

    Example: clusnet export /backup/clusnet-2026-12-01
    """
    progress = Progress(silent)
    with archive_errors():
        archive = command_archive(ctx)
        try:
            report = export_bag(archive, target, progress=progress.update)
        finally:
            progress.close()
    if as_json:
        print_json(report.as_dict())
    else:
        for problem in report.problems:
            click.echo(f"problem: {problem}", err=True)
        click.echo(
            f"Exported {report.documents} documents ({report.files} files, "
            f"{_size(report.bytes)}) to {report.target} in {report.seconds:.1f} s"
        )
    if report.problems:
        ctx.exit(1)


@click.command("import")
@click.argument("source", type=click.Path(file_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
@click.option("--silent", is_flag=True, help="No progress bar.")
@click.pass_context
def import_command(ctx: click.Context, source: Path, as_json: bool, silent: bool) -> None:
    """Restore an archive from a bag written by `clusnet export`, into an empty archive.

    Every checksum in the bag is verified first: a damaged bag is refused, with the files
    that fail, and nothing is written. Then the originals, the catalogue (same document
    ids), the text, the partners and seminars are restored and the index is rebuilt.

    Example: CLUSNET_HOME=/srv/clusnet-restored clusnet import /backup/clusnet-2026-12-01
    """
    progress = Progress(silent)
    with archive_errors():
        archive = command_archive(ctx)
        try:
            report = import_bag(archive, source, progress=progress.update)
        finally:
            progress.close()
    if as_json:
        print_json(report.as_dict())
    else:
        click.echo(
            f"Restored {report.documents} documents ({report.originals} originals, "
            f"{_size(report.bytes)}; {report.pages} pages of text) from {report.source}, "
            f"indexed {report.indexed}, in {report.seconds:.1f} s"
        )


def register(group: click.Group) -> None:
    group.add_command(check)
    group.add_command(export_command)
    group.add_command(import_command)
