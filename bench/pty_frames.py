"""Bytes, bursts and time per key, seen from outside the reviewer as over a thin SSH link, side by
side with a bare Textual app (bench/bare_tree_app.py) in the same run. The method is described
in bench/pty_harness.py and bench/README.md.

    .venv/bin/python bench/pty_frames.py [--db PATH --as NAME --instansi ID | --national]
        [--cmd "{python} -m spbe_tui review --db {db} --as {name} --instansi {instansi}"]
        [--keys 60] [--pairs 8] [--sizes 80x24,120x40] [--starts 3] [--escdelay MS] [--json OUT]
        [--source DIR]

Without --db or --national, a new database is built from data/sample in a temporary folder.
--source runs the reviewer from another checkout (its working directory), e.g. a `git archive`
of a commit while the working tree is mid-edit.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from dataclasses import asdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bare_tree_app import TITLE as BARE_TITLE  # noqa: E402
from common import machine, percentile  # noqa: E402
from pty_harness import (  # noqa: E402
    DEFAULT_PANEL_CMD,
    DEFAULT_REVIEW_CMD,
    KEY_QUIET_S,
    REPO,
    SLOW_KEY_QUIET_S,
    Measurements,
    ReviewTarget,
    bare_command,
    bare_steps,
    build_sample_db,
    command,
    compile_package,
    panel_steps,
    reviewer_steps,
    run_session,
)

# Pairs of (reviewer kind, bare kind) whose ratio is printed: the same key on the same shape of tree.
COMPARED = [("move j/k", "move j/k")]


def parse_sizes(text: str) -> list[tuple[int, int]]:
    return [(int(c), int(r)) for c, r in (size.lower().split("x") for size in text.split(","))]


def startup_only(cmd: list[str], size: tuple[int, int], ready: str, escdelay: int | None,
                 cwd: Path = REPO) -> tuple[float, float]:
    m = run_session(cmd, size, [], ready, escdelay_ms=escdelay, cwd=cwd)
    return m.startup_ms, m.first_paint_ms


def summary(m: Measurements, kind: str) -> dict[str, float]:
    results = m.of(kind)
    finals = [k.final_ms for k in results if k.final_ms is not None]
    firsts = [k.first_ms for k in results if k.first_ms is not None]
    changes = [k.last_change_ms for k in results if k.last_change_ms is not None]
    return {
        "n": len(results),
        "silent": len(results) - len(finals),  # keys that wrote nothing at all
        "final_p50": percentile(finals, 0.5) if finals else float("nan"),
        "final_p95": percentile(finals, 0.95) if finals else float("nan"),
        "first_p50": percentile(firsts, 0.5) if firsts else float("nan"),
        "change_p50": percentile(changes, 0.5) if changes else float("nan"),
        "bytes": statistics.mean(k.nbytes for k in results),
        "frames": statistics.mean(len(k.bursts) for k in results),
        "idle": statistics.mean(k.idle_bursts for k in results),
        "idle_bytes": statistics.mean(sum(b.nbytes for b in k.bursts if b.changed_cells == 0) for k in results),
    }


def print_table(rows: list[tuple[str, str, str, dict[str, float]]]) -> None:
    print("| size | app | key | n | screen final p50 ms | p95 ms | first byte p50 ms | last change p50 ms "
          "| bytes/key | frames/key | frames/key changing no cell | their bytes/key |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    for size, app, kind, s in rows:
        print(f"| {size} | {app} | {kind} | {s['n']} | {s['final_p50']:.1f} | {s['final_p95']:.1f} "
              f"| {s['first_p50']:.1f} | {s['change_p50']:.1f} | {s['bytes']:,.0f} | {s['frames']:.2f} "
              f"| {s['idle']:.2f} | {s['idle_bytes']:,.0f} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path)
    parser.add_argument("--as", dest="name")
    parser.add_argument("--instansi")
    parser.add_argument("--national", action="store_true", help="the 616-institution set of bench/common.py")
    parser.add_argument("--workdir", type=Path, help="for --national (default /tmp/spbe-bench)")
    parser.add_argument("--cmd", default=DEFAULT_REVIEW_CMD,
                        help="the reviewer, shell-like; {python} {db} {name} {instansi} are filled in")
    parser.add_argument("--source", type=Path, default=REPO,
                        help="checkout the reviewer runs from (its working directory; default this one)")
    parser.add_argument("--ready-text", help="text on the reviewer's first frame (default: the --as name)")
    parser.add_argument("--keys", type=int, default=60, help="presses per single-key kind")
    parser.add_argument("--pairs", type=int, help="open/close cycles per paired kind (default keys/7)")
    parser.add_argument("--sizes", default="80x24,120x40")
    parser.add_argument("--starts", type=int, default=3, help="extra start-ups of each app per size")
    parser.add_argument("--escdelay", type=int,
                        help="ESCDELAY for all apps in ms (default: unset: the reviewer's 10, Textual's 100)")
    parser.add_argument("--no-panel", action="store_true", help="skip the panel's keys")
    parser.add_argument("--key-quiet-ms", type=float, default=KEY_QUIET_S * 1000)
    parser.add_argument("--json", type=Path, help="write every key's bursts here")
    args = parser.parse_args()
    pairs = args.pairs if args.pairs is not None else max(1, args.keys // 7)
    quiet = args.key_quiet_ms / 1000

    scratch = tempfile.TemporaryDirectory(prefix="spbe-pty-")
    if args.national:
        from common import prepare

        data = prepare(args.workdir)
        target = ReviewTarget(data.db_path, data.assessor, data.instansi)
    elif args.db:
        if not (args.name and args.instansi):
            parser.error("--db needs --as and --instansi")
        target = ReviewTarget(args.db, args.name, args.instansi)
    else:
        target = build_sample_db(Path(scratch.name), source=args.source.resolve())
    compile_package(args.source)
    review_cmd = command(args.cmd, db=str(target.db), name=target.name, instansi=target.instansi)
    panel_cmd = command(DEFAULT_PANEL_CMD, db=str(target.db), name=target.name, instansi=target.instansi)
    ready = args.ready_text or target.name
    bare_cmd = bare_command()

    print(time.strftime("%Y-%m-%d %H:%M"), machine(), f"(nproc {len(os.sched_getaffinity(0))})")
    print("load average at start: {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))
    print("reviewer:", " ".join(review_cmd), f"(in {args.source})")
    print("bare:    ", " ".join(bare_cmd))
    print(f"keys {args.keys} per kind, {pairs} open/close pairs, key quiet {quiet * 1000:.0f} ms "
          f"({max(quiet, SLOW_KEY_QUIET_S) * 1000:.0f} ms for the pairs), "
          f"ESCDELAY {args.escdelay if args.escdelay is not None else 'unset (reviewer 10 ms, Textual 100 ms)'}")

    rows: list[tuple[str, str, str, dict[str, float]]] = []
    ratios: list[str] = []
    starts: list[tuple[str, list[tuple[float, float]], list[tuple[float, float]]]] = []
    dump: list[dict] = []
    began = time.perf_counter()
    for size in parse_sizes(args.sizes):
        label = f"{size[0]}×{size[1]}"
        review = run_session(review_cmd, size, reviewer_steps(args.keys, pairs), ready, escdelay_ms=args.escdelay,
                             key_quiet_s=quiet, cwd=args.source)
        print(f"  {label}: reviewer done after {time.perf_counter() - began:.0f} s", file=sys.stderr, flush=True)
        sessions = [("review", review)]
        if not args.no_panel:
            panel = run_session(panel_cmd, size, panel_steps(args.keys, pairs), ready, escdelay_ms=args.escdelay,
                                key_quiet_s=quiet, cwd=args.source)
            print(f"  {label}: panel done after {time.perf_counter() - began:.0f} s", file=sys.stderr, flush=True)
            sessions.append(("panel", panel))
        bare = run_session(bare_cmd, size, bare_steps(args.keys), BARE_TITLE, escdelay_ms=args.escdelay,
                           key_quiet_s=quiet)
        print(f"  {label}: bare app done after {time.perf_counter() - began:.0f} s", file=sys.stderr, flush=True)
        for app, m in (*sessions, ("bare", bare)):
            for kind in m.kinds:  # output after a quiet period: key_quiet_s was too short for it
                late = [k.late_bytes for k in m.of(kind) if k.late_bytes]
                quiet_ms = m.of(kind)[0].quiet_ms
                if late:
                    print(f"  note: {app} {label} {kind}: {len(late)} keys wrote {sum(late):,} bytes after "
                          f"{quiet_ms:.0f} ms of quiet")
                silence = max(k.longest_silence_ms for k in m.of(kind))
                if silence > quiet_ms * 0.6:
                    print(f"  note: {app} {label} {kind}: a pause of {silence:.0f} ms inside a response "
                          f"(ended by {quiet_ms:.0f} ms of quiet)")
            rows += [(label, app, kind, summary(m, kind)) for kind in m.kinds]
            dump.append({"app": app, **asdict(m)})
        for review_kind, bare_kind in COMPARED:
            r, b = summary(review, review_kind), summary(bare, bare_kind)
            ratios.append(f"{label} {review_kind}: screen final p50 {r['final_p50'] / b['final_p50']:.2f}×, "
                          f"p95 {r['final_p95'] / b['final_p95']:.2f}×, bytes {r['bytes'] / b['bytes']:.2f}×, "
                          f"frames {r['frames'] / b['frames']:.2f}×")
        review_starts = [(review.startup_ms, review.first_paint_ms)]
        bare_starts = [(bare.startup_ms, bare.first_paint_ms)]
        try:
            for _ in range(args.starts):  # alternately, so drift on the machine hits both alike
                review_starts.append(startup_only(review_cmd, size, ready, args.escdelay, args.source))
                bare_starts.append(startup_only(bare_cmd, size, BARE_TITLE, args.escdelay))
        except RuntimeError as exc:  # keep the key figures already measured
            print(f"  note: {label}: an extra start-up failed, the medians use fewer runs: {exc}")
        starts.append((label, review_starts, bare_starts))

    print()
    print_table(rows)
    print()
    print("review / bare, same key:")
    for line in ratios:
        print("  " + line)
    print()
    print("| size | start-up to first complete frame, review | bare | ratio | first paint, review | bare | ratio |")
    print("|---|---|---|---|---|---|---|")
    for label, review_runs, bare_runs in starts:
        cells = []
        for index in (0, 1):
            rv, bv = [run[index] for run in review_runs], [run[index] for run in bare_runs]
            cells += [f"{statistics.median(rv):.0f} ms (min {min(rv):.0f}, max {max(rv):.0f}; {len(rv)} runs)",
                      f"{statistics.median(bv):.0f} ms (min {min(bv):.0f}, max {max(bv):.0f})",
                      f"{statistics.median(rv) / statistics.median(bv):.2f}"]
        print(f"| {label} | " + " | ".join(cells) + " |")
    print(f"\n(run took {time.perf_counter() - began:.0f} s; load average at the end: "
          "{:.2f} {:.2f} {:.2f})".format(*os.getloadavg()))
    if args.json:
        args.json.write_text(json.dumps(dump, default=lambda o: o.hex() if isinstance(o, bytes) else str(o)))
    scratch.cleanup()


if __name__ == "__main__":
    main()
