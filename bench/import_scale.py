"""Import at national scale and ten times over: wall time and peak memory of `spbe-tui import`.

For each size N, synthetic bundles are generated (`spbe-tui sample generate --institutions 616
--seed S`, seeds 1, 2, … until there are N: the generator's names run out at 3,000, and a set
of 616 is the national mix; the ids of seed S > 1 get the suffix `-sS`), then imported into a
new database by the real command, `python -m spbe_tui import DIR --db DB`, run as a child of this
script. While it runs, its process tree (the importer and its extraction workers) is sampled
every 50 ms from /proc: the importer's own peak (VmHWM, kept by the kernel since its exec), the
largest worker's peak, and the largest sum of resident memory of all of them at one moment
(sampled, so a lower bound). Wall time is from the start of the child to its exit; CPU time is
the child's and its workers', from wait4.

    .venv/bin/python bench/import_scale.py                       # 616 and 6,160 institutions
    .venv/bin/python bench/import_scale.py --sizes 616,2464      # other sizes
    .venv/bin/python bench/import_scale.py --serial              # also with the documents read in the importer
    .venv/bin/python bench/import_scale.py --source DIR          # also another checkout's importer (e.g. before)
    .venv/bin/python bench/import_scale.py --sizes 616 --small 2,4,8,16,32,64   # where the pool starts to pay

--small K,… imports the first K bundles of the 616 set, with the documents read in the importer and
with two workers, each three times, timing run_import inside the process (the interpreter's start
would hide the difference): the figures behind `extract_pool.POOL_FROM_SUBMISSIONS`.

The work folder is --workdir, else $SPBE_BENCH_DIR/import-scale, else /tmp/spbe-bench/import-scale;
about 0.25 MB per institution (bundles, database, evidence store) is needed and checked first.
Everything generated is deleted afterwards unless --keep.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import REPO, default_workdir, machine  # noqa: E402

NATIONAL = 616  # one generated set: the national mix of institutions
MB_PER_INSTITUTION = 0.25  # bundles 0.09, database 0.07, evidence store 0.05, and room for the WAL
SAMPLE_S = 0.05
# How the import ran: the command as it is; the same library call with the documents read in the
# importer itself (no workers); the command from the --source checkout.
COMMAND, SERIAL, SOURCE = "spbe-tui import", "workers=1", "--source"


@dataclass
class Run:
    institutions: int
    how: str
    wall_s: float
    cpu_s: float
    importer_mib: float
    worker_mib: float
    together_mib: float
    workers: int
    stored: int
    evidence_files: int


# --- the data ----------------------------------------------------------------------------------


def bundles_for(size: int, workdir: Path) -> Path:
    """A folder of `size` bundles, generated once per work folder."""
    folder = workdir / f"bundles-{size}"
    if (folder / ".complete").exists():
        return folder
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    seed = 1
    while (have := sum(1 for p in folder.iterdir() if p.is_dir())) < size:
        part = workdir / f"part-{seed}"
        shutil.rmtree(part, ignore_errors=True)
        subprocess.run([sys.executable, "-m", "spbe_tui", "sample", "generate", "--institutions",
                        str(min(NATIONAL, size - have)), "--seed", str(seed), "--out", str(part)],
                       check=True, capture_output=True, cwd=REPO)
        for bundle in sorted(p for p in part.iterdir() if p.is_dir()):
            name = bundle.name if seed == 1 else f"{bundle.name}-s{seed}"
            if seed > 1:
                _rename(bundle / "manifest.json", name)
            bundle.rename(folder / name)
        shutil.rmtree(part)
        seed += 1
    (folder / ".complete").touch()
    return folder


def _rename(manifest: Path, instansi_id: str) -> None:
    from spbe_tui.importing.bundle_format import manifest_bytes

    data = json.loads(manifest.read_text(encoding="utf-8"))
    data["instansi"]["id"] = instansi_id
    manifest.write_bytes(manifest_bytes(data))


# --- one measured import -----------------------------------------------------------------------


def _status(pid: int) -> dict[str, str]:
    try:
        text = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return {}
    return dict(line.split(":", 1) for line in text.splitlines() if ":" in line)


def _kib(fields: dict[str, str], name: str) -> int:
    return int(fields.get(name, "0 kB").split()[0])


def _children(pid: int) -> list[int]:
    """Children made by any thread of `pid` (the workers are started from threads)."""
    found = []
    try:
        for task in Path(f"/proc/{pid}/task").iterdir():
            found += [int(c) for c in (task / "children").read_text().split()]
    except OSError:
        pass
    return found


class TreeSampler(threading.Thread):
    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.importer_kib = self.worker_kib = self.together_kib = 0
        self.workers: set[int] = set()
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.is_set():
            importer = _status(self.pid)
            if not importer:
                return
            self.importer_kib = max(self.importer_kib, _kib(importer, "VmHWM"))
            together = _kib(importer, "VmRSS")
            for child in _children(self.pid):
                fields = _status(child)
                self.workers.add(child)
                self.worker_kib = max(self.worker_kib, _kib(fields, "VmHWM"))
                together += _kib(fields, "VmRSS")
            self.together_kib = max(self.together_kib, together)
            time.sleep(SAMPLE_S)


def measure(argv: list[str], env: dict[str, str], cwd: Path) -> tuple[float, float, TreeSampler]:
    """Run a command to its end: wall time, CPU time of it and its children, and the memory sampled."""
    with tempfile.TemporaryFile() as errors:
        started = time.perf_counter()
        process = subprocess.Popen(argv, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=errors)
        sampler = TreeSampler(process.pid)
        sampler.start()
        _, status, usage = os.wait4(process.pid, 0)  # not Popen.wait: wait4 gives the CPU time
        wall = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        sampler.done.set()
        sampler.join()
        if process.returncode != 0:
            errors.seek(0)
            tail = errors.read().decode(errors="replace")[-2000:]
            raise SystemExit(f"{' '.join(argv)} exited with {process.returncode}:\n{tail}")
    return wall, usage.ru_utime + usage.ru_stime, sampler


def import_once(size: int, bundles: Path, workdir: Path, how: str, source: Path | None) -> Run:
    db_dir = workdir / f"db-{size}"
    shutil.rmtree(db_dir, ignore_errors=True)
    db_path = db_dir / "spbe.db"
    env = {**os.environ, "COLUMNS": "120", "SPBE_TUI_LANG": "en"}
    if how == SERIAL:
        argv = [sys.executable, __file__, "--child-import", str(bundles), str(db_path), "1"]
        cwd = REPO
    else:
        argv = [sys.executable, "-m", "spbe_tui", "import", str(bundles), "--db", str(db_path)]
        cwd = source or REPO
        if source is not None:  # run from there, so its own spbe_tui is imported
            env["PYTHONPATH"] = str(source)
    wall, cpu, sampler = measure(argv, env, cwd)
    import sqlite3

    connection = sqlite3.connect(db_path)
    try:
        (stored,) = connection.execute("SELECT count(*) FROM submissions").fetchone()
        (files,) = connection.execute("SELECT count(*) FROM evidence_files").fetchone()
    finally:
        connection.close()
    shutil.rmtree(db_dir, ignore_errors=True)
    return Run(size, how, wall, cpu, sampler.importer_kib / 1024, sampler.worker_kib / 1024,
               sampler.together_kib / 1024, len(sampler.workers), stored, files)


def child_import(source: Path, db_path: Path, workers: int) -> None:
    """What `spbe-tui import` does, with the number of document workers chosen (1: none); prints
    the seconds run_import took."""
    sys.path.insert(0, str(REPO))
    from spbe_tui.importing.importer import ImportOptions, run_import
    from spbe_tui.storage.db import open_db

    db = open_db(db_path)
    try:
        started = time.perf_counter()
        report = run_import(source, db, db_path, ImportOptions(user="bench", workers=workers))
        print(time.perf_counter() - started)
    finally:
        db.close()
    if not report.ok:
        raise SystemExit(f"import not clean: {report.problems[:3]} {report.stopped}")


def small_imports(bundles: Path, workdir: Path, counts: list[int], rounds: int = 3) -> list[str]:
    """Table rows: the first K bundles imported with the documents read in the importer, then with
    two workers, alternately; medians of `rounds`."""
    rows = []
    for count in counts:
        subset = workdir / f"first-{count}"
        shutil.rmtree(subset, ignore_errors=True)
        subset.mkdir()
        for bundle in sorted(p for p in bundles.iterdir() if p.is_dir())[:count]:
            (subset / bundle.name).symlink_to(bundle)
        times: dict[int, list[float]] = {1: [], 2: []}
        for _ in range(rounds):
            for workers in times:
                db_dir = workdir / "db-small"
                shutil.rmtree(db_dir, ignore_errors=True)
                done = subprocess.run([sys.executable, __file__, "--child-import", str(subset), str(db_dir / "spbe.db"),
                                       str(workers)], check=True, capture_output=True, text=True, cwd=REPO)
                times[workers].append(float(done.stdout.split()[-1]))
        shutil.rmtree(subset)
        serial, pooled = (statistics.median(times[w]) for w in (1, 2))
        rows.append(f"| {count} | {serial:.2f} | {pooled:.2f} | {pooled / serial:.2f} |")
        print(rows[-1], flush=True)
    return ["| bundles | documents read in the importer, s | two workers, s | ratio |", "|---|---|---|---|", *rows]


# --- the table ---------------------------------------------------------------------------------


def table(runs: list[Run]) -> str:
    head = ("| institutions | importer | wall s | s per 100 | CPU s | importer peak MiB | largest worker MiB "
            "| all together MiB | workers | stored | evidence files |")
    lines = [head, "|" + "---|" * (head.count("|") - 1)]
    for r in runs:
        lines.append(
            f"| {r.institutions:,} | {r.how} | {r.wall_s:.1f} | {100 * r.wall_s / r.institutions:.2f} | {r.cpu_s:.1f} "
            f"| {r.importer_mib:.0f} | {r.worker_mib:.0f} | {r.together_mib:.0f} | {r.workers} | {r.stored:,} "
            f"| {r.evidence_files:,} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="616,6160", help="institutions per run, comma-separated")
    parser.add_argument("--workdir", type=Path, default=None)
    parser.add_argument("--serial", action="store_true", help="also import with the documents read in the importer")
    parser.add_argument("--source", type=Path, default=None, help="also import with another checkout's spbe_tui")
    parser.add_argument("--keep", action="store_true", help="keep the generated bundles")
    parser.add_argument("--small", default="", help="bundle counts for the pool threshold, e.g. 2,4,8,16,32")
    parser.add_argument("--child-import", nargs=3, metavar=("SRC", "DB", "WORKERS"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child_import:
        source, db_path, workers = args.child_import
        child_import(Path(source), Path(db_path), int(workers))
        return
    workdir = args.workdir or default_workdir() / "import-scale"
    sizes = [int(s) for s in args.sizes.split(",")]
    workdir.mkdir(parents=True, exist_ok=True)
    free_mb = shutil.disk_usage(workdir).free / 1e6
    needed_mb = MB_PER_INSTITUTION * max(sizes)  # one size's bundles and one database at a time
    if free_mb < 2 * needed_mb:
        raise SystemExit(f"{workdir}: {free_mb:.0f} MB free, {2 * needed_mb:.0f} MB wanted; use --workdir")
    print(machine())
    print(f"work folder {workdir}, {free_mb / 1000:.1f} GB free; {datetime.date.today().isoformat()}")
    runs: list[Run] = []
    small: list[str] = []
    try:
        if args.small:
            small = small_imports(bundles_for(NATIONAL, workdir), workdir, [int(k) for k in args.small.split(",")])
        for size in sizes:
            started = time.perf_counter()
            bundles = bundles_for(size, workdir)
            print(f"{size:,} institutions generated in {time.perf_counter() - started:.0f} s (cached if 0)", flush=True)
            hows = [COMMAND] + ([SERIAL] if args.serial else []) + ([SOURCE] if args.source else [])
            for how in hows:
                runs.append(import_once(size, bundles, workdir, how, args.source if how == SOURCE else None))
                print(table(runs[-1:]).splitlines()[-1], flush=True)
            if not args.keep:
                shutil.rmtree(bundles)
    finally:
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)
    print()
    print(table(runs))
    if small:
        print()
        print("\n".join(small))


if __name__ == "__main__":
    main()
