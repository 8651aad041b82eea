"""The `clusnet` command: a thin layer over the archive's use cases."""

from __future__ import annotations

import getpass
import logging
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from archive import (
    SETTINGS,
    DocumentMetadata,
    DocumentType,
    Outcome,
    describe,
    iter_files,
)
from web import curation_cli, maintenance_cli, ocr_cli, search_cli, users_cli
from web.cli_support import Progress, archive_errors, command_archive, print_json
from web.wiring import open_archive, read_settings

F = TypeVar("F", bound=Callable[..., Any])

log = logging.getLogger("clusnet")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--home",
    type=click.Path(file_okay=False, path_type=Path),
    envvar="CLUSNET_HOME",
    help="Folder of the archive (default: ./instance, or CLUSNET_HOME).",
)
@click.option("-v", "--verbose", is_flag=True, help="Log more detail to stderr.")
@click.version_option(package_name="clusnet")
@click.pass_context
def main(ctx: click.Context, home: Path | None, verbose: bool) -> None:
    """clusnet: the CLUSNET seminar archive, with full-text search in Hungarian and English.

    Example: clusnet init && clusnet ingest seminars/ && clusnet search klaszterpolitika
    """
    logging.basicConfig(
        level=logging.DEBUG if verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )
    ctx.ensure_object(dict)
    ctx.obj["overrides"] = {"HOME": str(home)} if home else {}


@main.command()
@click.pass_context
def init(ctx: click.Context) -> None:
    """Create the archive (catalogue, index, store of originals); safe to run again.

    Example: CLUSNET_HOME=/srv/clusnet clusnet init
    """
    with archive_errors():
        archive = command_archive(ctx)
        archive.init()
    click.echo(f"Archive ready in {archive.layout.home}", err=True)


def _login_name() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no user name for this uid (a bare container)
        return "unknown"


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--seminar", help="Seminar of every new file (its short name: budapest-2010).")
@click.option("--partner", help="City or partner of every new file (its short name: leipzig).")
@click.option(
    "--type",
    "doc_type",
    type=click.Choice([t.value for t in DocumentType], case_sensitive=False),
    help="Document type of every new file.",
)
@click.option(
    "--language", help="Language of every new file (hu, en ...); default: read from the text."
)
@click.option(
    "--as",
    "actor",
    default=None,
    help="Name recorded in the audit log (default: cli:LOGIN, your login name).",
)
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
@click.option("--silent", is_flag=True, help="No progress bar.")
@click.pass_context
def ingest(
    ctx: click.Context,
    paths: tuple[Path, ...],
    seminar: str | None,
    partner: str | None,
    doc_type: str | None,
    language: str | None,
    actor: str | None,
    as_json: bool,
    silent: bool,
) -> None:
    """Store, catalogue, extract and index files and folders (recursively).

    --seminar, --partner, --type and --language describe every new file, as the upload
    form does; files archived before keep their description. A file already in the
    archive (same SHA-256) is reported as a duplicate, or as failed again if it could not
    be read then. Exits with status 1 when any file failed; the others are ingested all
    the same. Each new file is recorded in the audit log.

    Example: clusnet ingest --seminar budapest-2010 --partner budapest --type report reports/
    """
    from web.cli_checks import check_languages, check_slugs

    languages = check_languages([language], "--language") if language else ()
    with archive_errors():
        archive = command_archive(ctx)
        archive.ensure_ready()
        metadata = describe(  # checked as the upload form, the API and the CSV are
            {
                "seminar": check_slugs(archive, "seminar", [seminar])[0] if seminar else None,
                "partner": check_slugs(archive, "partner", [partner])[0] if partner else None,
                "doc_type": doc_type,
                "language": languages[0] if languages else None,
            },
            archive.directory.choices(),
        )
        total = sum(1 for _ in iter_files(paths))
        progress = Progress(silent)
        try:
            report = archive.ingest(
                paths,
                progress=progress.files(total),
                metadata=metadata if metadata != DocumentMetadata() else None,
                actor=actor or f"cli:{_login_name()}",
            )
        finally:
            progress.close()
    if as_json:
        print_json(report.as_dict())
    else:
        for item in report.files:
            if item.outcome is Outcome.FAILED:
                click.echo(f"failed     {item.path}: {item.reason}")
            elif item.outcome is Outcome.DUPLICATE:
                click.echo(f"duplicate  {item.path}: {item.reason}")
            elif item.outcome is Outcome.NEEDS_OCR:
                click.echo(f"needs OCR  {item.path}: {item.reason}")
        if report.stopped:
            click.echo(f"stopped: {report.stopped}")
            for path in report.not_done:
                click.echo(f"not done   {path}")
        if report.index_problem:
            click.echo(f"not searchable yet: {report.index_problem}")
        duplicates = report.count(Outcome.DUPLICATE)
        click.echo(
            f"{report.count(Outcome.INGESTED)} ingested, "
            f"{duplicates} {'duplicate' if duplicates == 1 else 'duplicates'}, "
            f"{report.count(Outcome.FAILED)} failed"
            + (
                f", {n} need{'s' if n == 1 else ''} OCR"
                if (n := report.count(Outcome.NEEDS_OCR))
                else ""
            )
        )
    if not report.ok:
        ctx.exit(1)


@main.command()
@click.argument("document_id", type=int)
@click.option("--json", "as_json", is_flag=True, help="Print the document as JSON.")
@click.option("--text/--no-text", default=False, help="Include the extracted text.")
@click.pass_context
def show(ctx: click.Context, document_id: int, as_json: bool, text: bool) -> None:
    """Show one document's metadata (and with --text its extracted text).

    Example: clusnet show 12 --text
    """
    from web.shapes import document_json

    with archive_errors():
        archive = command_archive(ctx)
        archive.ensure_ready()
        document = archive.document(document_id)
    data = document_json(document, with_text=text)
    if as_json:
        print_json(data)
        return
    for key, value in data.items():
        if key != "pages" and value not in (None, [], ""):
            click.echo(f"{key:13} {value}")
    for page in data.get("pages", []):
        click.echo(f"\n--- page {page['number']} ({page['language']})\n{page['text']}")


@main.command()
@click.option("--if-needed", is_flag=True, help="Only when the index is missing or stale.")
@click.pass_context
def reindex(ctx: click.Context, if_needed: bool) -> None:
    """Rebuild the search index from the catalogue.

    Example: clusnet reindex --if-needed
    """
    with archive_errors():
        archive = command_archive(ctx)
        archive.ensure_ready()
        count = archive.reindex(if_needed=if_needed)
    if count is None:
        click.echo("The index is up to date.", err=True)
    else:
        click.echo(f"Indexed {count} documents.", err=True)


@main.command()
@click.option("--host", default=None, help="Address to bind (default 127.0.0.1).")
@click.option("--port", default=None, type=int, help="Port (default 5000).")
@click.option(
    "--workers",
    default=None,
    type=click.IntRange(0, 64),
    help="Processes answering requests (default CLUSNET_WEB_WORKERS; 0: one per core).",
)
@click.option(
    "--threads",
    default=4,
    show_default=True,
    type=click.IntRange(1, 64),
    help="Threads of each process (slow clients and uploads wait in them).",
)
@click.option(
    "--worker/--no-worker",
    default=True,
    show_default=True,
    help="Run the queue's worker (extraction and indexing of uploads) beside the server.",
)
@click.pass_context
def serve(
    ctx: click.Context,
    host: str | None,
    port: int | None,
    workers: int | None,
    threads: int,
    worker: bool,
) -> None:
    """Serve the web interface with gunicorn, in one process per core.

    Uploads are extracted and indexed by one `clusnet worker` process the server starts
    and stops; with --no-worker, run `clusnet worker` beside it yourself.

    Example: clusnet serve --port 8080 --workers 4
    """
    from web.server import serve as run_server
    from web.server import web_workers

    overrides = ctx.obj.get("overrides") or None
    with archive_errors():
        settings = read_settings(overrides)
        archive = open_archive(settings)
        try:
            archive.ensure_ready()
        finally:
            archive.close()
    host = host or str(settings["HOST"])
    port = port or int(settings["PORT"])
    processes = web_workers(int(settings["WEB_WORKERS"]) if workers is None else workers)
    click.echo(
        f"clusnet is serving at http://{host}:{port}/ with {processes} processes (Ctrl-C stops it)",
        err=True,
    )
    run_server(overrides, host, port, processes, threads, worker)


@main.command("settings")
@click.option("--json", "as_json", is_flag=True, help="Print the settings as JSON.")
@click.pass_context
def settings_command(ctx: click.Context, as_json: bool) -> None:
    """List every setting with its environment variable, current value and meaning.

    Example: clusnet settings --json
    """
    with archive_errors():
        values = read_settings(ctx.obj.get("overrides"))
    rows = [
        {
            "name": s.name,
            "env": s.env_var,
            "value": "(set)" if s.name == "SECRET_KEY" and values[s.name] else values[s.name],
            "default": s.default,
            "help": s.help,
        }
        for s in SETTINGS
    ]
    if as_json:
        print_json(rows)
        return
    shown = [(str(row["env"]), _setting_text(row["value"]), str(row["help"])) for row in rows]
    env_width = max(len(env) for env, _value, _help in shown)
    value_width = max(len(value) for _env, value, _help in shown)
    for env, value, help_text in shown:
        click.echo(f"{env:{env_width}}  {value:{value_width}}  {help_text}")


def _setting_text(value: Any) -> str:
    """A setting's value as it would be written in the environment."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value) if value != "" else "(empty)"


for commands in (users_cli, maintenance_cli, curation_cli, search_cli, ocr_cli):
    commands.register(main)
