"""`clusnet worker` and `clusnet metadata ...`: the queue and metadata in bulk."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from archive import (
    COMMAND_LINE,
    ArchiveError,
    Curation,
    MetadataImportError,
    QueueWorker,
    export_csv,
    import_csv,
)
from web.cli_support import command_archive


@click.command()
@click.option(
    "--interval",
    default=5.0,
    show_default=True,
    type=click.FloatRange(0.1),
    help="Seconds between looks at the queue.",
)
@click.option("--once", is_flag=True, help="Process what is queued now, then exit.")
@click.option(
    "--no-index",
    is_flag=True,
    help="Only read documents; leave indexing to a worker that can write the index.",
)
@click.pass_context
def worker(ctx: click.Context, interval: float, once: bool, no_index: bool) -> None:
    """Extract and index uploaded documents in the background (the queue's worker).

    `clusnet serve` runs one itself; run this instead (with `serve --no-worker`) to keep
    extraction in its own process. Several workers may run at once, on this machine or
    others that share the catalogue and the originals: each claims the documents it reads,
    and a stopped worker's documents go to another. With the Whoosh index, only workers
    on the index's machine index; run the others with --no-index.

    Example: clusnet worker --interval 2
    """
    try:
        archive = command_archive(ctx)
        archive.ensure_ready()
        queue = QueueWorker(archive, interval=interval, index=not no_index)
        if once:
            count = queue.drain()
            click.echo(f"Processed {count} documents.", err=True)
            return
        click.echo("The worker is waiting for queued documents (Ctrl-C stops it).", err=True)
        archive.repairs_index = True  # it lives long enough to rebuild a damaged index
        queue.start()
        try:
            while queue.wait(1.0):
                pass
        except KeyboardInterrupt:
            click.echo("Stopping after the current document...", err=True)
        finally:
            queue.stop()
    except ArchiveError as exc:
        raise click.ClickException(str(exc)) from exc


@click.group()
def metadata() -> None:
    """Metadata of many documents: export to CSV, edit in a spreadsheet, import back.

    Example: clusnet metadata export > metadata.csv && clusnet metadata import metadata.csv
    """


@metadata.command("export")
@click.pass_context
def export_command(ctx: click.Context) -> None:
    """Write every document's metadata as CSV (UTF-8) to stdout.

    Example: clusnet metadata export > metadata.csv
    """
    try:
        archive = command_archive(ctx)
        archive.ensure_ready()
        documents = sorted(archive.documents(withdrawn=None), key=lambda d: d.id)
    except ArchiveError as exc:
        raise click.ClickException(str(exc)) from exc
    sys.stdout.write(export_csv(documents))


@metadata.command("import")
@click.argument("csv_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--as", "actor", default=COMMAND_LINE, show_default=True, help="Name for the audit log."
)
@click.pass_context
def import_command(ctx: click.Context, csv_file: Path, actor: str) -> None:
    """Apply an edited CSV: every changed field is saved and audited; nothing changes
    unless every row is valid.

    Example: clusnet metadata import metadata.csv --as anna
    """
    try:
        text = csv_file.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise click.ClickException(f"{csv_file} is not UTF-8: save it as UTF-8 CSV") from exc
    try:
        archive = command_archive(ctx)
        archive.ensure_ready()
        report = import_csv(Curation(archive), text, actor)
    except MetadataImportError as exc:
        for error in exc.errors:
            click.echo(error, err=True)
        raise click.ClickException("nothing was changed: fix the rows above") from exc
    except ArchiveError as exc:
        raise click.ClickException(str(exc)) from exc
    for document_id, names in report.changed.items():
        click.echo(f"{document_id}: {', '.join(names)}")
    click.echo(f"{len(report.changed)} changed, {report.unchanged} unchanged", err=True)


def register(main: click.Group) -> None:
    main.add_command(worker)
    main.add_command(metadata)
