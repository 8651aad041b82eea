"""Every setting of the archive, declared once with its default and help text.

The table feeds `clusnet settings`, the README's configuration section and a test that
fails when a setting is undocumented. Each setting is read from an environment variable
`CLUSNET_<NAME>` and, in the web app, is a Flask config key of the same name.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from archive.errors import ConfigurationError
from archive.layout import Layout


@dataclass(frozen=True)
class Setting:
    name: str
    default: Any
    help: str
    kind: type = str

    @property
    def env_var(self) -> str:
        return f"CLUSNET_{self.name}"


SETTINGS: tuple[Setting, ...] = (
    Setting("HOME", "instance", "Folder of the archive: catalogue, index and originals."),
    Setting(
        "DATABASE_URL",
        "",
        "SQLAlchemy URL of the catalogue; empty means SQLite in HOME/catalogue.sqlite3.",
    ),
    Setting(
        "DATABASE_READ_URL",
        "",
        "SQLAlchemy URL of a read replica of the PostgreSQL catalogue that searches go to "
        "(SEARCH_ENGINE postgresql); empty means DATABASE_URL.",
    ),
    Setting("EXTRACT_TIMEOUT", 60.0, "Seconds one file may take to parse.", float),
    Setting("EXTRACT_MEMORY_MB", 1024, "Memory (MiB) the parser of one file may use.", int),
    Setting("INGEST_WORKERS", 0, "Files parsed at once by `ingest`; 0 means one per core.", int),
    Setting(
        "SEARCH_ENGINE",
        "whoosh",
        "The search engine: whoosh (an index in HOME/index, the embedded default) or "
        "postgresql (tables in the catalogue's PostgreSQL database; needs DATABASE_URL).",
    ),
    Setting(
        "INDEX_MAX_CHARS",
        1_000_000,
        "Characters of a document's text that are searchable (about 500 pages); the whole "
        "text is kept and shown.",
        int,
    ),
    Setting(
        "INDEX_TIMEOUT",
        120.0,
        "Seconds indexing one long document may take; a document that times out twice is "
        "marked failed.",
        float,
    ),
    Setting("INDEX_MEMORY_MB", 1024, "Memory (MiB) indexing one long document may use.", int),
    Setting("SEARCH_LIMIT", 10, "Hits on one page of results.", int),
    Setting(
        "SEARCH_TIME_LIMIT",
        2.0,
        "Seconds a search may run; then it shows what it found so far, with a notice.",
        float,
    ),
    Setting(
        "DICTIONARY_DIR",
        "/usr/share/dictd",
        "Folder of the FreeDict Hungarian-English dictionaries (Debian's dict-freedict-hun-eng "
        "and dict-freedict-eng-hun) that translate query words; empty turns them off.",
    ),
    Setting("HOST", "127.0.0.1", "Address `clusnet serve` binds to."),
    Setting("PORT", 5000, "Port `clusnet serve` listens on.", int),
    Setting(
        "WEB_WORKERS", 0, "Processes of `clusnet serve` answering requests; 0: one per core.", int
    ),
    Setting(
        "SECRET_KEY",
        "",
        "Key signing web sessions; empty means one made once and kept in the catalogue "
        "(shared by every web node).",
    ),
    Setting(
        "PRIVATE", False, "When true, reading the archive needs an account (role reader).", bool
    ),
    Setting("MAX_UPLOAD_MB", 200, "Largest upload accepted, in MiB.", int),
    Setting(
        "RATE_LIMIT_STORAGE",
        "catalogue",
        "Where rate limits are counted: catalogue (shared by every process and web node), "
        "or a storage URI of the limits library (memory://, redis://host:6379).",
    ),
    Setting(
        "LOGIN_RATE_LIMIT",
        "10 per minute;50 per hour",
        "Login attempts allowed from one address (Flask-Limiter syntax).",
    ),
)

SETTINGS_BY_NAME: dict[str, Setting] = {s.name: s for s in SETTINGS}


_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def _convert(setting: Setting, raw: Any) -> Any:
    if setting.kind is str or not isinstance(raw, str):
        return raw
    if setting.kind is bool:
        if raw.strip().lower() in _TRUE | _FALSE:
            return raw.strip().lower() in _TRUE
        raise ConfigurationError(f"{setting.env_var}={raw!r}: use true or false")
    try:
        return setting.kind(raw)
    except ValueError as exc:
        raise ConfigurationError(
            f"{setting.env_var}={raw!r} is not a valid {setting.kind.__name__}: "
            f"set it to a number, e.g. {setting.default!r}"
        ) from exc


def load_settings(
    environ: Mapping[str, str], overrides: Mapping[str, Any] | None = None
) -> dict[str, Any]:
    """Defaults, then `CLUSNET_*` environment variables, then explicit overrides."""
    values: dict[str, Any] = {}
    for setting in SETTINGS:
        value = environ.get(setting.env_var, setting.default)
        values[setting.name] = _convert(setting, value)
    for name, value in (overrides or {}).items():
        known = SETTINGS_BY_NAME.get(name)
        values[name] = _convert(known, value) if known else value
    return values


def archive_layout(values: Mapping[str, Any]) -> Layout:
    """The places of the archive whose home folder `HOME` names."""
    return Layout(Path(values["HOME"]).expanduser().resolve())
