"""A working day's worth of previews and focus changes: is the reviewer's memory flat, and how
long do its full garbage collections take?

    .venv/bin/python bench/memory_day.py [--rounds 100] [--size 120x40] [--db PATH --as NAME --instansi ID]

The reviewer runs under a pseudo-terminal (bench/pty_harness.py) on the bundled sample (or the
given database). Each round: `j` (next indicator), `e` (its evidence, previewed), Escape (back to
the list), then Tab three times (through the three panes): four focus changes and one preview
per round. The resident set (VmRSS) and its high-water mark (VmHWM) are read from /proc after
every tenth round. Garbage collections are timed inside the process by a `sitecustomize` put on
PYTHONPATH for this run only (nothing in the product): gc.callbacks around every collection,
the longest per generation written to a file at exit.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import machine  # noqa: E402
from pty_harness import (  # noqa: E402
    DEFAULT_REVIEW_CMD,
    KEYS,
    Pty,
    ReviewTarget,
    build_sample_db,
    command,
    terminal_env,
)

GC_HOOK = '''
import atexit, gc, json, os, time
_start = {}
_worst = {0: 0.0, 1: 0.0, 2: 0.0}
_count = {0: 0, 1: 0, 2: 0}
_full = []  # (seconds since start, ms) of every generation-2 collection
_t0 = time.perf_counter()
def _timer(phase, info):
    if phase == "start":
        _start["t"] = time.perf_counter()
    else:
        ms = (time.perf_counter() - _start.pop("t", time.perf_counter())) * 1000
        g = info["generation"]
        _worst[g] = max(_worst[g], ms)
        _count[g] += 1
        if g == 2:
            _full.append((time.perf_counter() - _t0, ms))
gc.callbacks.append(_timer)
@atexit.register
def _report():
    with open(os.environ["SPBE_BENCH_GC"], "w") as out:
        json.dump({"worst_ms": _worst, "count": _count, "full": _full}, out)
'''


def status_kib(pid: int) -> dict[str, int]:
    fields = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            fields[key] = int(value.split()[0])
    return fields


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=100)
    parser.add_argument("--size", default="120x40")
    parser.add_argument("--db", type=Path)
    parser.add_argument("--as", dest="name")
    parser.add_argument("--instansi")
    args = parser.parse_args()
    size = tuple(int(n) for n in args.size.split("x"))

    with tempfile.TemporaryDirectory(prefix="spbe-day-") as scratch:
        folder = Path(scratch)
        target = (ReviewTarget(args.db, args.name, args.instansi) if args.db
                  else build_sample_db(folder))
        (folder / "hook").mkdir()
        (folder / "hook" / "sitecustomize.py").write_text(GC_HOOK)
        env = terminal_env()
        env["PYTHONPATH"] = str(folder / "hook")
        env["SPBE_BENCH_GC"] = str(folder / "gc.json")
        cmd = command(DEFAULT_REVIEW_CMD, db=str(target.db), name=target.name, instansi=target.instansi)
        print(time.strftime("%Y-%m-%d %H:%M"), machine())
        print("reviewer:", " ".join(cmd), f"at {args.size}; {args.rounds} rounds of j, e, Esc, Tab×3")
        term = Pty(cmd, size, env)
        term.read_until_quiet(term.started, 0.3, 60.0, target.name.encode())
        ready_s = time.perf_counter() - term.started
        samples = [(0, status_kib(term.pid))]
        began = time.perf_counter()
        for round_ in range(1, args.rounds + 1):
            # Down the 47 indicators and back up, so every preview is of another indicator's files.
            move = b"j" if (round_ // 46) % 2 == 0 else b"k"
            for keys in (move, b"e", KEYS["escape"], b"\t", b"\t", b"\t"):
                term.write(keys)
                term.read_until_quiet(time.perf_counter(), 0.15, 10.0)
            if round_ % 10 == 0:
                samples.append((round_, status_kib(term.pid)))
        elapsed = time.perf_counter() - began
        term.write(KEYS["ctrl+q"])
        term.read_until_quiet(time.perf_counter(), 0.5, 10.0)
        os.waitpid(term.pid, 0)
        gc_report = json.loads((folder / "gc.json").read_text()) if (folder / "gc.json").exists() else None

    print(f"{args.rounds} rounds in {elapsed:.0f} s ({args.rounds} previews, {4 * args.rounds} focus changes)")
    print("| after round | VmRSS MiB | VmHWM MiB |")
    print("|---|---|---|")
    for round_, kib in samples:
        print(f"| {round_} | {kib['VmRSS'] / 1024:.1f} | {kib['VmHWM'] / 1024:.1f} |")
    if gc_report:
        worst, count = gc_report["worst_ms"], gc_report["count"]
        print("garbage collections: " + ", ".join(
            f"generation {g}: {count[g]} runs, longest {worst[g]:.1f} ms" for g in ("0", "1", "2")))
        later = [ms for at, ms in gc_report["full"] if at > ready_s]
        print("full collections (s since start, ms):", [(round(at, 1), round(ms, 1)) for at, ms in gc_report["full"]])
        print(f"full collections after the first frame ({ready_s:.1f} s): {len(later)}, longest "
              f"{max(later, default=0):.1f} ms; during start-up: "
              + ", ".join(f"{ms:.1f} ms" for at, ms in gc_report["full"] if at <= ready_s))
    else:
        print("garbage collections: no report (the reviewer did not exit normally)")


if __name__ == "__main__":
    main()
