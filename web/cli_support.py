"""What every `clusnet` command shares: the archive it works on, archive errors as one
line, JSON on stdout, progress bars on stderr."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import click

from archive import Archive, ArchiveError, FileOutcome, Outcome
from web.wiring import open_archive, read_settings


def command_archive(ctx: click.Context) -> Archive:
    """The archive of this `clusnet` run (`--home`, `CLUSNET_*`), opened on first use and
    closed when the command ends."""
    root = ctx.find_root()
    root.ensure_object(dict)
    archive: Archive | None = root.obj.get("archive")
    if archive is None:
        archive = open_archive(read_settings(root.obj.get("overrides")))
        root.obj["archive"] = archive
        root.call_on_close(archive.close)
    return archive


@contextmanager
def archive_errors() -> Iterator[None]:
    """Archive errors become one line on stderr and exit status 1, never a traceback."""
    try:
        yield
    except ArchiveError as exc:
        raise click.ClickException(str(exc)) from exc


def print_json(data: Any) -> None:
    """`data` as indented JSON on stdout (dates and paths as strings)."""
    click.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))


class Progress:
    """A tqdm bar per stage on stderr, only when stderr is a terminal and not `silent`."""

    def __init__(self, silent: bool = False) -> None:
        self.shown = not silent and sys.stderr.isatty()
        self._bars: dict[str, Any] = {}

    def update(self, stage: str, done: int, total: int) -> None:
        """`done` of `total` in `stage`; a new stage closes the bars before it."""
        if not self.shown:
            return
        bar = self._bars.get(stage)
        if bar is None:
            from tqdm import tqdm

            self.close()
            bar = self._bars[stage] = tqdm(
                total=total, desc=stage, unit="file", file=sys.stderr, dynamic_ncols=True
            )
        bar.update(done - bar.n)

    def note(self, message: str) -> None:
        """A line on stderr that does not break the bars."""
        if self._bars:
            next(iter(self._bars.values())).write(message, file=sys.stderr)
        elif self.shown:
            click.echo(message, err=True)

    def close(self) -> None:
        for bar in self._bars.values():
            bar.close()
        self._bars.clear()

    def files(self, total: int) -> Callable[[FileOutcome], None]:
        """A step for each file done of `total`, saying the failures as they come."""
        done = 0

        def step(outcome: FileOutcome) -> None:
            nonlocal done
            done += 1
            self.update("files", done, total)
            if outcome.outcome is Outcome.FAILED:
                self.note(f"failed: {outcome.path}: {outcome.reason}")

        return step
