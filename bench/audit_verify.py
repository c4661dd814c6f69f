"""How long `spbe-tui audit verify` takes at national scale: the 616-institution set with three
assessors deciding every indicator and a team level for each (bench/common.py), so the log
holds every import, assignment, decision and team level the tables hold.

    .venv/bin/python bench/audit_verify.py [--runs 3]

Prints the wall time of the whole command (open, integrity and foreign-key checks, the chain,
the replay and comparison) per run, and the events and rows it covered.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import machine, prepare  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    runs = parser.parse_args().runs
    data = prepare()
    import sqlite3

    connection = sqlite3.connect(data.db_path)
    events, = connection.execute("SELECT count(*) FROM events").fetchone()
    decisions, = connection.execute("SELECT count(*) FROM decisions").fetchone()
    connection.close()
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        done = subprocess.run([sys.executable, "-m", "spbe_tui", "audit", "verify", "--db", str(data.db_path)],
                              capture_output=True, text=True, check=False)
        times.append(time.perf_counter() - started)
        if done.returncode != 0:
            sys.exit(f"audit verify failed:\n{done.stdout}{done.stderr}")
    print(machine())
    print(f"{events} events, {decisions} decisions: audit verify {statistics.median(times):.2f} s median "
          f"(runs {', '.join(f'{t:.2f}' for t in times)})")
    print(done.stdout.splitlines()[0])


if __name__ == "__main__":
    main()
