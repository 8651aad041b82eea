"""A throwaway PostgreSQL server for the tests, and a database of its own for each test.

A server is started with `initdb` and `pg_ctl` in a temporary folder on a free port of
127.0.0.1 (as the `postgres` user when the tests run as root), or the server of
`CLUSNET_TEST_POSTGRES_URL` (an SQLAlchemy URL of a role that may create databases) is
used. Without either, the tests that need PostgreSQL are skipped with the reason.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from itertools import count
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

DEBIAN_POSTGRESQL = Path("/usr/lib/postgresql")
"""Debian's postgresql-NN packages put initdb and pg_ctl in NN/bin here (not on PATH)."""


def _bin_dir() -> Path | None:
    configured = os.environ.get("CLUSNET_TEST_POSTGRES_BIN")
    if configured:
        return Path(configured)
    found = shutil.which("pg_ctl")
    if found:
        return Path(found).parent
    versions = [p for p in DEBIAN_POSTGRESQL.glob("*/bin") if p.parent.name.isdigit()]
    return max(versions, key=lambda p: int(p.parent.name)) if versions else None


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _as_server_user(argv: list[str]) -> list[str]:
    """PostgreSQL refuses to run as root: run it as `postgres` then."""
    if os.geteuid() != 0:
        return argv
    return ["runuser", "-u", "postgres", "--", *argv]


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    """The SQLAlchemy URL of a PostgreSQL server's maintenance database."""
    pytest.importorskip(
        "psycopg", reason="psycopg is not installed: pip install -e '.[postgresql]'"
    )
    configured = os.environ.get("CLUSNET_TEST_POSTGRES_URL")
    if configured:
        yield configured
        return
    bin_dir = _bin_dir()
    if bin_dir is None or not (bin_dir / "initdb").is_file():
        pytest.skip(
            "no PostgreSQL server binaries (initdb, pg_ctl) found: install postgresql "
            "(Debian: apt-get install postgresql), or set CLUSNET_TEST_POSTGRES_URL"
        )
    if os.geteuid() == 0 and shutil.which("runuser") is None:
        pytest.skip("running as root without runuser: cannot start PostgreSQL as postgres")
    # Not under pytest's tmp_path: it is private to root, and the server runs as postgres.
    folder = Path(tempfile.mkdtemp(prefix="clusnet-pg-"))
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres")
    data, port = folder / "data", free_port()
    try:
        subprocess.run(
            _as_server_user(
                [
                    str(bin_dir / "initdb"),
                    *("-D", str(data), "-U", "postgres", "--auth=trust", "--no-sync"),
                    *("--encoding=UTF8", "--locale=C.UTF-8"),
                ]
            ),
            check=True,
            capture_output=True,
        )
        options = (
            f"-h 127.0.0.1 -p {port} -k {folder} -c fsync=off "
            "-c synchronous_commit=off -c full_page_writes=off"
        )
        started = subprocess.run(
            _as_server_user(
                [
                    str(bin_dir / "pg_ctl"),
                    *("-D", str(data), "-l", str(folder / "server.log")),
                    *("-w", "-t", "30", "-o", options, "start"),
                ]
            ),
            capture_output=True,
            text=True,
            check=False,
        )
        if started.returncode != 0:
            log = (folder / "server.log").read_text(errors="replace")
            pytest.fail(f"PostgreSQL did not start: {started.stderr}\n{log}")
        yield f"postgresql+psycopg://postgres@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run(
            _as_server_user([str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"]),
            capture_output=True,
            check=False,
        )
        shutil.rmtree(folder, ignore_errors=True)


_numbers = count(1)


@pytest.fixture()
def postgres_url(postgres_server: str) -> Iterator[str]:
    """A new, empty database on the server; dropped afterwards."""
    name = f"clusnet_test_{os.getpid()}_{next(_numbers)}"
    admin = create_engine(postgres_server, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        yield make_url(postgres_server).set(database=name).render_as_string(hide_password=False)
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    finally:
        admin.dispose()


def new_database(server: str, suffix: str) -> str:
    name = f"clusnet_test_{os.getpid()}_{suffix}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    finally:
        admin.dispose()
    return make_url(server).set(database=name).render_as_string(hide_password=False)


def drop_database(server: str, suffix: str) -> None:
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(
                text(f'DROP DATABASE IF EXISTS "clusnet_test_{os.getpid()}_{suffix}" WITH (FORCE)')
            )
    finally:
        admin.dispose()
