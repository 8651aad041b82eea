"""The catalogue on PostgreSQL: the CLI end to end, and the migrations both ways.

A throwaway PostgreSQL server is started with `initdb` and `pg_ctl` in a temporary folder
on a free port of 127.0.0.1 (as the `postgres` user when the tests run as root), or the
server of `CLUSNET_TEST_POSTGRES_URL` (an SQLAlchemy URL of a role that may create
databases) is used. Each test gets a database of its own. Without either, the PostgreSQL
tests are skipped with the reason.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import inspect

from tests.postgres import drop_database, free_port, new_database

REPO = Path(__file__).resolve().parents[1]
DEMO = REPO / "demo" / "documents"
FILES = (
    "cluster-cooperation-note-hu-cp1250.txt",
    "manchester-helsinki-knowledge-transfer-smes-en.txt",
    "budapest-seminar-2010-programme-minutes-hu.html",
    "eindhoven-cluster-policy-case-study-en.docx",
)


@pytest.fixture()
def pg_runner(runner, postgres_url: str, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("CLUSNET_DATABASE_URL", postgres_url)
    return runner


def run_json(runner, *args: str) -> tuple[int, dict]:  # type: ignore[no-untyped-def]
    result = runner.invoke(*args, "--json")
    return result.exit_code, json.loads(result.stdout)


def hit_ids(runner, query: str) -> list[int]:  # type: ignore[no-untyped-def]
    code, found = run_json(runner, "search", query)
    assert code == 0
    return [hit["id"] for hit in found["hits"]]


def test_the_cli_on_postgresql(
    pg_runner, home: Path, tmp_path: Path, postgres_server: str, monkeypatch
) -> None:
    runner = pg_runner
    assert runner.invoke("init").exit_code == 0
    assert runner.invoke("init").exit_code == 0
    assert not (home / "catalogue.sqlite3").exists()

    code, report = run_json(runner, "ingest", *(str(DEMO / name) for name in FILES))
    assert code == 0 and report["ingested"] == len(FILES)
    queries = ("klaszter", "pályázatok", "knowledge transfer", "cluster policy")
    hits = {query: hit_ids(runner, query) for query in queries}
    assert all(hits.values())
    code, shown = run_json(runner, "show", "1")
    assert code == 0 and shown["filename"] == FILES[0] and shown["status"] == "ready"

    code, checked = run_json(runner, "check")
    assert code == 0 and checked["verified"] == len(FILES)
    sha = shown["sha256"]
    (home / "originals" / sha[:2] / sha[2:4] / sha).unlink()
    code, checked = run_json(runner, "check", "--repair")
    assert code == 1
    assert [(f["kind"], f["document_id"]) for f in checked["findings"]] == [("missing-original", 1)]

    bag = tmp_path / "bag"
    code, exported = run_json(runner, "export", str(bag))
    assert code == 1 and "document 1" in exported["problems"][0]

    # restore into another database and folder; then the archive goes on with new ids
    monkeypatch.setenv("CLUSNET_HOME", str(tmp_path / "restored"))
    target = new_database(postgres_server, "restored")
    monkeypatch.setenv("CLUSNET_DATABASE_URL", target)
    try:
        code, restored = run_json(runner, "import", str(bag))
        assert code == 0, restored
        assert restored["documents"] == len(FILES) and restored["originals"] == len(FILES) - 1
        assert {query: hit_ids(runner, query) for query in queries} == hits
        assert run_json(runner, "show", "2")[1]["sha256"] != sha
        new = tmp_path / "new.txt"
        new.write_text("Új jegyzet a klaszterek pályázatairól.", encoding="utf-8")
        code, report = run_json(runner, "ingest", str(new))
        assert code == 0 and report["files"][0]["id"] == len(FILES) + 1
    finally:
        drop_database(postgres_server, "restored")


def _migrate(url: str, direction: str, revision: str) -> None:
    from alembic import command
    from alembic.config import Config

    from archive import create_catalogue_engine

    config = Config()
    config.set_main_option("script_location", "archive:migrations")
    engine = create_catalogue_engine(url)
    try:
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            getattr(command, direction)(config, revision)
    finally:
        engine.dispose()


def _state(url: str) -> tuple[str | None, set[str]]:
    from archive import Catalogue, create_catalogue_engine

    catalogue = Catalogue(create_catalogue_engine(url))
    try:
        revision = catalogue.revision()
        with catalogue.engine.connect() as conn:
            tables = set(inspect(conn).get_table_names())
        return revision, tables
    finally:
        catalogue.engine.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'catalogue.sqlite3'}"
    return str(request.getfixturevalue("postgres_url"))


def test_migrations_upgrade_downgrade_upgrade(database_url: str) -> None:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    from archive.catalogue import Base

    config = Config()
    config.set_main_option("script_location", "archive:migrations")
    head = ScriptDirectory.from_config(config).get_current_head()
    everything = {"alembic_version", *Base.metadata.tables}
    assert _state(database_url) == (None, set())
    _migrate(database_url, "upgrade", "head")
    assert _state(database_url) == (head, everything)
    _migrate(database_url, "downgrade", "0001")
    assert _state(database_url) == ("0001", {"alembic_version", "documents", "pages"})
    _migrate(database_url, "downgrade", "base")
    assert _state(database_url) == (None, {"alembic_version"})
    _migrate(database_url, "upgrade", "head")
    assert _state(database_url) == (head, everything)


def test_an_unreachable_database_is_reported_with_the_fix(runner, monkeypatch) -> None:
    pytest.importorskip(
        "psycopg", reason="psycopg is not installed: pip install -e '.[postgresql]'"
    )
    url = f"postgresql+psycopg://nobody:secret@127.0.0.1:{free_port()}/clusnet"
    monkeypatch.setenv("CLUSNET_DATABASE_URL", url)
    result = runner.invoke("search", "klaszter")
    assert result.exit_code == 1
    assert "cannot open the catalogue" in result.output
    assert "CLUSNET_DATABASE_URL" in result.output
    assert "secret" not in result.output


def test_an_embedded_archive_moves_to_postgresql_and_back(
    runner, home: Path, tmp_path: Path, postgres_server: str, monkeypatch
) -> None:
    """Embedded (SQLite, Whoosh) -> scale-out (PostgreSQL catalogue and search engine) ->
    embedded again, by `clusnet export` and `clusnet import`, each checked by `clusnet
    check` and by the same searches finding the same documents."""
    assert runner.invoke("init").exit_code == 0
    code, report = run_json(runner, "ingest", *(str(DEMO / name) for name in FILES))
    assert code == 0 and report["ingested"] == len(FILES)
    queries = ("klaszter", "pályázatok", "knowledge transfer", "cluster policy")
    hits = {query: hit_ids(runner, query) for query in queries}
    assert all(hits.values())
    to_postgresql = tmp_path / "to-postgresql"
    assert run_json(runner, "export", str(to_postgresql))[0] == 0

    monkeypatch.setenv("CLUSNET_HOME", str(tmp_path / "scaled-out"))
    target = new_database(postgres_server, "scaled_out")
    monkeypatch.setenv("CLUSNET_DATABASE_URL", target)
    monkeypatch.setenv("CLUSNET_SEARCH_ENGINE", "postgresql")
    try:
        code, restored = run_json(runner, "import", str(to_postgresql))
        assert code == 0 and restored["documents"] == len(FILES), restored
        code, checked = run_json(runner, "check")
        assert code == 0 and checked["verified"] == len(FILES), checked
        found = {query: hit_ids(runner, query) for query in queries}
        # the same documents, the same best one (the engines rank the rest a little apart)
        assert {q: sorted(ids) for q, ids in found.items()} == {
            q: sorted(ids) for q, ids in hits.items()
        }
        assert {q: ids[0] for q, ids in found.items()} == {q: ids[0] for q, ids in hits.items()}
        assert not (tmp_path / "scaled-out" / "index").exists()  # searched in PostgreSQL
        back = tmp_path / "back"
        assert run_json(runner, "export", str(back))[0] == 0
    finally:
        drop_database(postgres_server, "scaled_out")

    monkeypatch.setenv("CLUSNET_HOME", str(tmp_path / "embedded-again"))
    monkeypatch.delenv("CLUSNET_DATABASE_URL")
    monkeypatch.delenv("CLUSNET_SEARCH_ENGINE")
    code, restored = run_json(runner, "import", str(back))
    assert code == 0 and restored["documents"] == len(FILES), restored
    code, checked = run_json(runner, "check")
    assert code == 0 and checked["verified"] == len(FILES), checked
    assert {query: hit_ids(runner, query) for query in queries} == hits
