"""A working day's worth of previews and focus changes: is the reviewer's memory flat, and how
long do its full garbage collections take?

    .venv/bin/python bench/memory_day.py [--rounds 100] [--idle-every N [--idle-s 6]] [--size 120x40]
                                         [--db PATH --as NAME --instansi ID]

The reviewer runs under a pseudo-terminal (bench/pty_harness.py) on the bundled sample (or the
given database). Each round: `j` (next indicator), `e` (its evidence, previewed), Escape (back to
the list), then Tab three times (through the three panes): four focus changes and one preview
per round. Keys are sent one after the other, each once the previous one's output has been quiet
for 150 ms: no pauses. With `--idle-every N`, the keys stop for `--idle-s` seconds after every
N-th round, as a reader's pauses would (what the app does when nothing happens is measured too).

The resident set (VmRSS) and its high-water mark (VmHWM) are read from /proc after every tenth
round. Garbage collections are timed inside the process by a `sitecustomize` put on PYTHONPATH
for this run only (nothing in the product): gc.callbacks around every collection, stamped with
CLOCK_MONOTONIC, which this script shares, so each full (generation-2) collection is placed
before the first frame (start-up), while keys were being sent, or inside an idle pause.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
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

GOAL_MS = 16.0  # the figure for the longest full collection during a working session

GC_HOOK = '''
import atexit, gc, json, os, time
_start = {}
_worst = {0: 0.0, 1: 0.0, 2: 0.0}
_count = {0: 0, 1: 0, 2: 0}
_full = []  # [monotonic start, ms, CPU ms, objects freed, objects walked] of every full collection
def _timer(phase, info):
    if phase == "start":
        if info["generation"] == 2 and os.environ.get("SPBE_BENCH_WALKED"):
            _start["walked"] = sum(len(gc.get_objects(g)) for g in range(3))  # before the clock starts
        _start["t"] = time.perf_counter()
        _start["cpu"] = time.thread_time()
        _start["at"] = time.monotonic()
    else:
        ms = (time.perf_counter() - _start.pop("t", time.perf_counter())) * 1000
        cpu_ms = (time.thread_time() - _start.pop("cpu", time.thread_time())) * 1000
        g = info["generation"]
        _worst[g] = max(_worst[g], ms)
        _count[g] += 1
        if g == 2:
            _full.append([_start.get("at", 0.0), ms, cpu_ms, info["collected"], _start.pop("walked", None)])
gc.callbacks.append(_timer)
@atexit.register
def _report():
    with open(os.environ["SPBE_BENCH_GC"], "w") as out:
        # gc.get_freeze_count() walks the whole frozen list (~10 ms for 100,000 objects): once, here.
        json.dump({"worst_ms": _worst, "count": _count, "full": _full, "frozen_at_exit": gc.get_freeze_count()}, out)
'''


@dataclass(frozen=True)
class Full:
    """One full collection, as the hook saw it."""

    at: float  # CLOCK_MONOTONIC at its start
    ms: float  # wall time
    cpu_ms: float  # the thread's CPU time: the same without the time other processes had the core
    freed: int
    walked: int | None  # objects in the three generations when it started (--walked)


def status_kib(pid: int) -> dict[str, int]:
    fields = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            fields[key] = int(value.split()[0])
    return fields


def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile of a non-empty list."""
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, round(p / 100 * len(ordered) + 0.5) - 1))]


def describe(label: str, collections: list[Full]) -> str:
    if not collections:
        return f"{label}: none"
    ms = [f.ms for f in collections]
    cpu = [f.cpu_ms for f in collections]
    return (f"{label}: {len(ms)}, longest {max(ms):.1f} ms, median {statistics.median(ms):.1f}, "
            f"p90 {percentile(ms, 90):.1f}, p99 {percentile(ms, 99):.1f}; over {GOAL_MS:.0f} ms: "
            f"{sum(m > GOAL_MS for m in ms)} (CPU time: longest {max(cpu):.1f} ms, median "
            f"{statistics.median(cpu):.1f}, over {GOAL_MS:.0f} ms: {sum(c > GOAL_MS for c in cpu)})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=100)
    parser.add_argument("--idle-every", type=int, default=0, metavar="N",
                        help="pause after every N-th round (default: never)")
    parser.add_argument("--idle-s", type=float, default=6.0, help="length of each pause, seconds")
    parser.add_argument("--walked", action="store_true",
                        help="count the objects each full collection walks (before its clock starts)")
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
        if args.walked:
            env["SPBE_BENCH_WALKED"] = "1"
        cmd = command(DEFAULT_REVIEW_CMD, db=str(target.db), name=target.name, instansi=target.instansi)
        print(time.strftime("%Y-%m-%d %H:%M"), machine(), f"load average {os.getloadavg()[0]:.2f}")
        pauses = f"; a {args.idle_s:g} s pause after every {args.idle_every}th" if args.idle_every else ""
        print("reviewer:", " ".join(cmd), f"at {args.size}; {args.rounds} rounds of j, e, Esc, Tab×3{pauses}")
        term = Pty(cmd, size, env)
        term.read_until_quiet(term.started, 0.3, 60.0, target.name.encode())
        ready_at = time.monotonic()
        ready_s = time.perf_counter() - term.started
        samples = [(0, status_kib(term.pid))]
        idle: list[tuple[float, float]] = []  # (monotonic start, end) of every pause
        began = time.perf_counter()
        for round_ in range(1, args.rounds + 1):
            # Down the 47 indicators and back up, so every preview is of another indicator's files.
            move = b"j" if (round_ // 46) % 2 == 0 else b"k"
            for keys in (move, b"e", KEYS["escape"], b"\t", b"\t", b"\t"):
                term.write(keys)
                term.read_until_quiet(time.perf_counter(), 0.15, 10.0)
            if args.idle_every and round_ % args.idle_every == 0:
                start = time.monotonic()
                term.read_until_quiet(time.perf_counter(), args.idle_s, args.idle_s)
                idle.append((start, time.monotonic()))
            if round_ % 10 == 0:
                samples.append((round_, status_kib(term.pid)))
        elapsed = time.perf_counter() - began
        term.write(KEYS["ctrl+q"])
        term.read_until_quiet(time.perf_counter(), 0.5, 10.0)
        os.waitpid(term.pid, 0)
        gc_report = json.loads((folder / "gc.json").read_text()) if (folder / "gc.json").exists() else None

    paused = sum(end - start for start, end in idle)
    print(f"load average at the end {os.getloadavg()[0]:.2f}")
    print(f"{args.rounds} rounds in {elapsed:.0f} s ({args.rounds} previews, {4 * args.rounds} focus changes"
          + (f", {len(idle)} pauses, {paused:.0f} s in all)" if idle else ")"))
    print("| after round | VmRSS MiB | VmHWM MiB |")
    print("|---|---|---|")
    for round_, kib in samples:
        print(f"| {round_} | {kib['VmRSS'] / 1024:.1f} | {kib['VmHWM'] / 1024:.1f} |")
    if not gc_report:
        print("garbage collections: no report (the reviewer did not exit normally)")
        return
    worst, count = gc_report["worst_ms"], gc_report["count"]
    print("garbage collections: " + ", ".join(
        f"generation {g}: {count[g]} runs, longest {worst[g]:.1f} ms" for g in ("0", "1", "2")))
    full = [Full(*row) for row in gc_report["full"]]
    startup = [f for f in full if f.at <= ready_at]
    later = [f for f in full if f.at > ready_at]
    in_pause = [f for f in later if any(start <= f.at < end for start, end in idle)]
    keying = [f for f in later if f not in in_pause]
    print(f"full collections during start-up (before the first frame, {ready_s:.1f} s): "
          + (", ".join(f"{f.ms:.1f} ms" for f in startup) or "none"))
    print(describe("full collections after the first frame", later))
    if idle:
        print("  " + describe("while keys were being sent", keying))
        print("  " + describe("inside the idle pauses", in_pause))
    if later:
        freed = [f.freed for f in later]
        print(f"objects freed per full collection: median {statistics.median(freed):.0f}, largest "
              f"{max(freed)}; objects frozen at exit: {gc_report['frozen_at_exit']}")
        walked = [f.walked for f in later if f.walked is not None]
        if walked:
            print(f"objects walked per full collection: median {statistics.median(walked):.0f}, "
                  f"largest {max(walked)}")
    slow = [(round(f.at - ready_at, 1), round(f.ms, 1), round(f.cpu_ms, 1), f.freed, f.walked)
            for f in later if f.ms > GOAL_MS]
    if slow:
        print(f"over {GOAL_MS:.0f} ms (s after the first frame, ms, CPU ms, objects freed, walked):", slow)

if __name__ == "__main__":
    main()
