"""Fixtures shared by every test: the real-document corpus and a throwaway archive."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.postgres import postgres_server, postgres_url  # noqa: F401 (shared fixtures)

REPO_ROOT = Path(__file__).resolve().parents[1]
FIXTURES = REPO_ROOT / "tests" / "fixtures"


def _corpus_dir() -> Path:
    configured = os.environ.get("CLUSNET_TEST_CORPUS")
    if configured:
        return Path(configured)
    return REPO_ROOT.parent / "shared" / "corpus"


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    """The shared corpus of real documents; tests using it skip when it is absent."""
    path = _corpus_dir()
    if not path.is_dir():
        pytest.skip(
            f"real-document corpus not found at {path} "
            "(set CLUSNET_TEST_CORPUS to its folder to run this test)"
        )
    return path


@pytest.fixture(scope="session")
def fixtures_dir() -> Path:
    """Small documents shipped with the tests, always present."""
    return FIXTURES


@pytest.fixture()
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A throwaway archive folder; CLUSNET_HOME points at it."""
    folder = tmp_path / "archive"
    monkeypatch.setenv("CLUSNET_HOME", str(folder))
    monkeypatch.setenv("CLUSNET_EXTRACT_TIMEOUT", "30")
    monkeypatch.setenv("CLUSNET_INGEST_WORKERS", "2")
    return folder


@pytest.fixture()
def runner(home: Path):  # type: ignore[no-untyped-def]
    """Invokes the `clusnet` command against the throwaway archive."""
    from click.testing import CliRunner

    from web.cli import main

    class Runner:
        def __init__(self) -> None:
            self.cli = CliRunner()

        def invoke(self, *args: str):  # type: ignore[no-untyped-def]
            return self.cli.invoke(main, list(args), catch_exceptions=False)

    return Runner()


@pytest.fixture()
def initialised(runner, home: Path) -> Path:  # type: ignore[no-untyped-def]
    result = runner.invoke("init")
    assert result.exit_code == 0, result.output
    return home


@pytest.fixture()
def app(initialised: Path):  # type: ignore[no-untyped-def]
    from web import create_app

    app = create_app({"TESTING": True, "HOME": str(initialised)})
    yield app
    app.extensions["clusnet"].close()


@pytest.fixture()
def client(app):  # type: ignore[no-untyped-def]
    return app.test_client()


@pytest.fixture()
def archive(app):  # type: ignore[no-untyped-def]
    """The archive the app serves (a module that sets `app = staff_app` gets its staff)."""
    return app.extensions["clusnet"]


@pytest.fixture()
def staff_app(initialised: Path):  # type: ignore[no-untyped-def]
    """The app with one account per role (see tests/support.py), login rate limit off."""
    from archive import Role
    from tests.support import PASSWORD, STAFF
    from web import create_app

    app = create_app({"TESTING": True, "HOME": str(initialised), "RATELIMIT_ENABLED": False})
    archive = app.extensions["clusnet"]
    for name, role in STAFF.items():
        archive.users.add(name, PASSWORD, Role.parse(role), actor="admin")
    yield app
    archive.close()


@pytest.fixture()
def collect_spooled_request_bodies():  # type: ignore[no-untyped-def]
    """Werkzeug's test client spools request bodies over 500 KiB into temporary files it
    never closes; collect those here, quietly, rather than in a later test."""
    yield
    import gc
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ResourceWarning)
        gc.collect()
