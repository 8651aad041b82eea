"""Start-up of `clusnet search --json` as a new process, against bare Python starts.

    .venv/bin/python bench/cold_start.py            # 10 runs of each, in turn
    .venv/bin/python bench/cold_start.py --runs 20

Makes an archive of the demo documents (cached in bench/out/cold-start), then runs, in
turn (A B C A B C ...), each as a new process:

- ``clusnet search --json klaszterpolitika`` (the whole command: start, imports, opening
  the catalogue and index, the search with its glossary and dictionary, the JSON);
- ``python -c "import whoosh, sqlalchemy"``: the baseline the target is set against
  (at most 3 times it);
- ``python -c pass``: the interpreter alone.

Prints the median and best wall time of each and the ratios of the medians. Python may
write bytecode (``PYTHONDONTWRITEBYTECODE`` is dropped), as in an installed clusnet: the
baseline's libraries are compiled once at install, and so are clusnet's own modules.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
HOME = HERE / "out" / "cold-start"
CLUSNET = Path(sys.executable).parent / "clusnet"
DEMO = HERE.parent / "demo" / "documents"


def archive(env: dict[str, str]) -> None:
    if (HOME / "ready").exists():
        subprocess.run([str(CLUSNET), "reindex", "--if-needed"], env=env, check=True)
        return
    subprocess.run([str(CLUSNET), "init"], env=env, check=True, capture_output=True)
    subprocess.run([str(CLUSNET), "ingest", "--silent", str(DEMO)], env=env, check=True)
    (HOME / "ready").touch()


def timed(command: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, env=env, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    env = {**os.environ, "CLUSNET_HOME": str(HOME)}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    archive(env)
    commands = {
        "clusnet search --json": [str(CLUSNET), "search", "--json", "klaszterpolitika"],
        "import whoosh, sqlalchemy": [sys.executable, "-c", "import whoosh, sqlalchemy"],
        "python -c pass": [sys.executable, "-c", "pass"],
    }
    for command in commands.values():  # warm the file cache
        timed(command, env)
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(args.runs):
        for name, command in commands.items():
            times[name].append(timed(command, env))
    base = statistics.median(times["import whoosh, sqlalchemy"])
    bare = statistics.median(times["python -c pass"])
    print(f"{args.runs} runs each, in turn; {os.cpu_count()} CPUs; load {os.getloadavg()[0]:.1f}")
    print("                           median s  best s  vs whoosh+sqlalchemy  vs bare python")
    for name, values in times.items():
        median = statistics.median(values)
        print(
            f"{name:26} {median:8.3f}  {min(values):6.3f}  {median / base:20.2f}"
            f"  {median / bare:14.2f}"
        )


if __name__ == "__main__":
    main()
