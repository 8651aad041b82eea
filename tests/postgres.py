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
from contextlib import contextmanager
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


class NoServerError(Exception):
    """No PostgreSQL server can be started here (the message says why and the fix)."""


@contextmanager
def throwaway_server(options: str = "") -> Iterator[str]:
    """Start a PostgreSQL server in a temporary folder; yield its maintenance database's
    SQLAlchemy URL; stop it and remove the folder afterwards. Also used by bench/."""
    bin_dir = _bin_dir()
    if bin_dir is None or not (bin_dir / "initdb").is_file():
        raise NoServerError(
            "no PostgreSQL server binaries (initdb, pg_ctl) found: install postgresql "
            "(Debian: apt-get install postgresql), or set CLUSNET_TEST_POSTGRES_URL"
        )
    if os.geteuid() == 0 and shutil.which("runuser") is None:
        raise NoServerError("running as root without runuser: cannot start PostgreSQL as postgres")
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
        flags = (
            f"-h 127.0.0.1 -p {port} -k {folder} -c fsync=off "
            f"-c synchronous_commit=off -c full_page_writes=off {options}"
        )
        started = subprocess.run(
            _as_server_user(
                [
                    str(bin_dir / "pg_ctl"),
                    *("-D", str(data), "-l", str(folder / "server.log")),
                    *("-w", "-t", "30", "-o", flags, "start"),
                ]
            ),
            capture_output=True,
            text=True,
            check=False,
        )
        if started.returncode != 0:
            log = (folder / "server.log").read_text(errors="replace")
            raise RuntimeError(f"PostgreSQL did not start: {started.stderr}\n{log}")
        yield f"postgresql+psycopg://postgres@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run(
            _as_server_user([str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"]),
            capture_output=True,
            check=False,
        )
        shutil.rmtree(folder, ignore_errors=True)


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
    try:
        server = throwaway_server()
        url = server.__enter__()
    except NoServerError as exc:
        pytest.skip(str(exc))
    except RuntimeError as exc:
        pytest.fail(str(exc))
    try:
        yield url
    finally:
        server.__exit__(None, None, None)


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


@contextmanager
def streaming_replica(server: str) -> Iterator[str]:
    """A hot standby of `server` (a `pg_basebackup` of it in a temporary folder, started on
    another port, replaying the primary's changes); yields its maintenance database's URL."""
    bin_dir = _bin_dir()
    found = [
        d
        for d in (bin_dir, *sorted(DEBIAN_POSTGRESQL.glob("*/bin"), reverse=True))
        if d is not None and (d / "pg_basebackup").is_file()
    ]
    if bin_dir is None or not found:
        raise NoServerError("no pg_basebackup found: install postgresql")
    backup = found[0] / "pg_basebackup"
    primary = make_url(server)
    folder = Path(tempfile.mkdtemp(prefix="clusnet-replica-"))
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres")
    data, port = folder / "data", free_port()
    try:
        subprocess.run(
            _as_server_user(
                [
                    str(backup),
                    *("-h", str(primary.host), "-p", str(primary.port), "-U", "postgres"),
                    *("-D", str(data), "-R", "-X", "stream", "--no-sync", "--checkpoint=fast"),
                ]
            ),
            check=True,
            capture_output=True,
        )
        options = f"-h 127.0.0.1 -p {port} -k {folder} -c hot_standby=on"
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
            raise RuntimeError(f"the replica did not start: {started.stderr}\n{log}")
        yield primary.set(port=port).render_as_string(hide_password=False)
    finally:
        subprocess.run(
            _as_server_user([str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"]),
            capture_output=True,
            check=False,
        )
        shutil.rmtree(folder, ignore_errors=True)
