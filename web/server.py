"""`clusnet serve`: the web app in several processes with gunicorn, and one queue worker.

A search is Python work that holds the interpreter's lock, so one process serves one
search at a time whatever its threads; gunicorn runs `WEB_WORKERS` processes (one per
core by default), each with a few threads for slow clients and uploads, and each opening
the index for reading on its own. The queue's worker (extraction and indexing of uploads)
is one more process for the whole server, `clusnet worker`: the index has one writer.
Uploads received by any web process wake it at once (archive/doorbell.py).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Mapping
from typing import Any

import gunicorn.http.wsgi
from gunicorn.app.base import BaseApplication

SERVER_NAME = "clusnet"
WORKER_STOP_SECONDS = 60.0
"""How long the queue worker may take to finish its document when the server stops."""
_PR_SET_PDEATHSIG = 1

# The Server header names the archive, not the server software and its version.
gunicorn.http.wsgi.SERVER = SERVER_NAME


class WebServer(BaseApplication):
    """The Flask app of `overrides`, created in each gunicorn worker process."""

    def __init__(self, overrides: Mapping[str, Any] | None, options: Mapping[str, Any]) -> None:
        self.overrides = dict(overrides or {})
        self.options = dict(options)
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self) -> Any:
        from web.app import create_app

        return create_app(self.overrides or None)


def web_workers(configured: int) -> int:
    """Processes to serve with: the setting, or one per core when it is 0."""
    return configured if configured > 0 else (os.cpu_count() or 1)


def serve(
    overrides: Mapping[str, Any] | None,
    host: str,
    port: int,
    workers: int,
    threads: int,
    queue_worker: bool,
) -> None:
    """Serve until stopped (Ctrl-C or SIGTERM), with the queue worker beside when asked."""
    options = {
        "bind": f"{host}:{port}",
        "workers": workers,
        "worker_class": "gthread",
        "threads": threads,
        "timeout": 120,
        "graceful_timeout": 30,
        "proc_name": SERVER_NAME,
        "accesslog": None,
        "errorlog": "-",
        "loglevel": "warning",
    }
    worker = start_queue_worker(overrides) if queue_worker else None
    try:
        WebServer(overrides, options).run()
    finally:
        if worker is not None:
            stop_queue_worker(worker)


def start_queue_worker(overrides: Mapping[str, Any] | None) -> subprocess.Popen[bytes]:
    """`clusnet worker` in a process of its own, stopped with this one (even if this one is
    killed: Linux tells it so)."""
    environment = dict(os.environ)
    if overrides and overrides.get("HOME"):
        environment["CLUSNET_HOME"] = str(overrides["HOME"])
    return subprocess.Popen(
        [sys.executable, "-m", "web", "worker"],
        env=environment,
        preexec_fn=_die_with_parent if sys.platform.startswith("linux") else None,
    )


def stop_queue_worker(worker: subprocess.Popen[bytes]) -> None:
    """Ask the worker to stop after its current document (as Ctrl-C does), then wait."""
    if worker.poll() is None:
        worker.send_signal(signal.SIGINT)
        try:
            worker.wait(WORKER_STOP_SECONDS)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait()


def _die_with_parent() -> None:
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)
