"""`/api/search` throughput and latency of `clusnet serve` by number of concurrent clients.

    .venv/bin/python bench/server_throughput.py                 # 10,000 documents
    .venv/bin/python bench/server_throughput.py --docs 2000 --seconds 20

Serves the archive bench/search_latency.py builds (bench/out/archive-DOCS; run that first)
with ``clusnet serve --no-worker`` twice at once (gunicorn with ``--workers`` processes,
one a core by default, and with one process: what a single process gives), and for 1, 2, 4
and 8 clients, each sending one-word and two-word queries of the latency bench one after
the other for SECONDS, counts answers per second and their latency. Every server and
number of clients is measured ROUNDS times, in turn (the other server idle meanwhile), and
the medians are printed. Ratios are against one client on the same server. Targets at
10,000 documents on 2 cores: 4 clients at least 1.7 times the throughput of one, p95
under 300 ms.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

HERE = Path(__file__).resolve().parent
CLUSNET = Path(sys.executable).parent / "clusnet"
sys.path.insert(0, str(HERE))

from search_latency import QUERIES  # noqa: E402


@contextmanager
def server(home: Path, workers: int) -> Iterator[str]:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {**os.environ, "CLUSNET_HOME": str(home)}
    command = [str(CLUSNET), "serve", "--no-worker", "--port", str(port)]
    process = subprocess.Popen(
        [*command, "--workers", str(workers)], env=env, stderr=subprocess.DEVNULL
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                with urllib.request.urlopen(url + "/api/search?q=klaszter", timeout=30):
                    break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise SystemExit("clusnet serve did not start") from None
                time.sleep(0.3)
        yield url
    finally:
        process.terminate()
        process.wait(60)


def load(url: str, clients: int, seconds: float) -> dict[str, float]:
    queries = QUERIES["one-word"] + QUERIES["two-word"]
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()
    stop = time.monotonic() + seconds

    def client(offset: int) -> None:
        nonlocal errors
        n = offset
        while time.monotonic() < stop:
            query = queries[n % len(queries)]
            n += 7
            target = f"{url}/api/search?{urllib.parse.urlencode({'q': query})}"
            started = time.perf_counter()
            try:
                with urllib.request.urlopen(target, timeout=60) as response:
                    ok = json.load(response)["ok"]
            except (OSError, ValueError):
                ok = False
            elapsed = time.perf_counter() - started
            with lock:
                if ok:
                    latencies.append(elapsed)
                else:
                    errors += 1

    threads = [threading.Thread(target=client, args=(i * 3,)) for i in range(clients)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    latencies.sort()
    return {
        "rps": len(latencies) / elapsed,
        "p50": statistics.median(latencies) * 1000,
        "p95": latencies[int(0.95 * (len(latencies) - 1))] * 1000,
        "errors": errors,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--docs", type=int, default=10000)
    parser.add_argument("--seconds", type=float, default=15)
    parser.add_argument("--rounds", type=int, default=3, help="measurements of each, in turn")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--clients", default="1,2,4,8")
    args = parser.parse_args()
    home = HERE / "out" / f"archive-{args.docs}"
    if not (home / "built.json").exists():
        raise SystemExit(f"no archive at {home}: run bench/search_latency.py --docs {args.docs}")
    counts = [int(c) for c in args.clients.split(",")]
    configurations = list(dict.fromkeys([args.workers, 1]))
    rows: dict[tuple[int, int], list[dict[str, float]]] = {}
    with contextlib.ExitStack() as servers:
        urls = {workers: servers.enter_context(server(home, workers)) for workers in configurations}
        for url in urls.values():
            load(url, max(counts), 5)  # warm every process's searcher
        for round_number in range(args.rounds):
            # in turn, each server and each number of clients, so that the load of other
            # work falls on all of them alike
            order = configurations if round_number % 2 == 0 else configurations[::-1]
            for workers in order:
                for clients in counts if round_number % 2 == 0 else counts[::-1]:
                    row = load(urls[workers], clients, args.seconds)
                    rows.setdefault((workers, clients), []).append(row)
            print(f"round {round_number + 1} of {args.rounds} done", file=sys.stderr)
    print(
        f"{args.docs} documents; {os.cpu_count()} CPUs; load {os.getloadavg()[0]:.1f}; "
        f"medians of {args.rounds} measurements of {args.seconds:g} s, in turn"
    )
    print("processes  clients  answers/s  vs 1 client  p50 ms  p95 ms  errors")
    for workers in configurations:
        base = None
        for clients in counts:
            measured = rows[(workers, clients)]
            rps, p50, p95 = (
                statistics.median(row[key] for row in measured) for key in ("rps", "p50", "p95")
            )
            errors = sum(row["errors"] for row in measured)
            base = base or rps
            print(
                f"{workers:9d}  {clients:7d}  {rps:9.1f}  {rps / base:11.2f}"
                f"  {p50:6.0f}  {p95:6.0f}  {errors:6.0f}"
            )


if __name__ == "__main__":
    main()
