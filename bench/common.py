"""The national-scale data set the benchmarks share, and the means to run the reviewer under a terminal.

The set is built once and cached in a work folder (default /tmp/spbe-bench, or --workdir, or
$SPBE_BENCH_DIR): `spbe-tui sample generate --institutions 616 --seed 1`, imported with
`spbe-tui import`, then three assessors assigned to every institution, each with a level for
every indicator at the first stage (written through ReviewSession, the reviewer's own code
path, so the event log is real too), and the team's level, the median of the three, as the
final level the export reads.

Run on its own it also times the import and the wide CSV export:

    .venv/bin/python bench/common.py [--workdir DIR] [--rounds 3]
"""

from __future__ import annotations

import argparse
import fcntl
import getpass
import json
import math
import os
import platform
import pty
import random
import re
import select
import shutil
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

INSTITUTIONS = 616
SEED = 1
ASSESSORS = ("asesor-a", "asesor-b", "asesor-c")
STAGE = "dokumen"
# Bumped whenever what prepare() builds changes, so a stale cache is rebuilt.
DATA_VERSION = 2  # 2: every change through its event (audit verify replays the log)
SIZE = (120, 40)  # columns, lines: a roomy terminal over SSH


@dataclass(frozen=True)
class BenchData:
    db_path: Path
    bundles: Path
    instansi: str  # the institution the benchmarks open: the first of the assessor's list
    assessor: str = ASSESSORS[0]


def default_workdir() -> Path:
    return Path(os.environ.get("SPBE_BENCH_DIR") or Path(tempfile.gettempdir()) / "spbe-bench")


def spbe(*args: str, **kwargs) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "spbe_tui", *args], check=True, capture_output=True, text=True,
                          **kwargs)


def generate(bundles: Path) -> None:
    if (bundles / ".complete").exists():
        return
    shutil.rmtree(bundles, ignore_errors=True)
    spbe("sample", "generate", "--institutions", str(INSTITUTIONS), "--seed", str(SEED), "--out", str(bundles))
    (bundles / ".complete").touch()


def import_set(bundles: Path, db_path: Path) -> float:
    """Import the whole set into a new database; returns the wall time of `spbe-tui import`."""
    shutil.rmtree(db_path.parent, ignore_errors=True)
    started = time.perf_counter()
    spbe("import", str(bundles), "--db", str(db_path))
    return time.perf_counter() - started


def add_decisions(db_path: Path) -> float:
    """Three assessors on every institution, each deciding every indicator at the first stage, and
    the team level (their median) set by the chair: every change through its event, as the
    services make it, so that `audit verify` finds the tables and the log in agreement."""
    from spbe_tui.services.workspace import Workspace
    from spbe_tui.storage.db import open_db, write
    from spbe_tui.storage.ledger import record

    started = time.perf_counter()
    rng = random.Random(SEED)
    db = open_db(db_path)
    try:
        evaluation_id, = db.execute("SELECT id FROM evaluations").fetchone()
        ids = [row[0] for row in db.execute("SELECT instansi_id FROM submissions ORDER BY instansi_id")]
        with write(db):
            for assessor in ASSESSORS:
                record(db, actor="bench", kind="assessor_added",
                       new={"assessor": assessor, "name": assessor, "roles": ["assessor"]})
            # Whoever runs the benchmarks: commands act as the OS login, which must be registered
            # (as admin, so that --as works).
            login = getpass.getuser()
            record(db, actor="bench", kind="assessor_added", new={"assessor": login, "name": login, "roles": ["admin"]})
            for instansi_id in ids:
                record(db, actor="bench", kind="team_assigned", evaluation_id=evaluation_id, instansi_id=instansi_id,
                       new={"members": list(ASSESSORS), "chair": ASSESSORS[0]})
        levels: dict[tuple[str, int], list[int]] = {}
        for assessor in ASSESSORS:
            workspace = Workspace(db, assessor, db_path=db_path)
            # One transaction per assessor (each change a savepoint in it): a fsync per decision
            # would make building the cache take minutes and measure nothing the benchmarks need.
            with write(db):
                for instansi_id in ids:
                    session = workspace.open(instansi_id, STAGE)
                    for state in session.states():
                        self_level = state.self_level or 3
                        level = max(1, min(5, self_level + rng.choice((-1, 0, 0, 1))))
                        session.set_level(state.indicator.number, level)
                        levels.setdefault((instansi_id, state.indicator.number), []).append(level)
        with write(db):
            for (instansi_id, indicator), values in levels.items():
                level = int(statistics.median(values))
                record(db, actor=ASSESSORS[0], kind="team_level", evaluation_id=evaluation_id,
                       instansi_id=instansi_id, stage=STAGE, indicator=indicator,
                       new={"level": level, "justification": "median"}, justification="median")
    finally:
        db.close()
    return time.perf_counter() - started


def prepare(workdir: Path | None = None, log: Callable[[str], None] = print) -> BenchData:
    """The cached data set, built first if missing or out of date."""
    workdir = workdir or default_workdir()
    bundles, db_path, marker = workdir / "bundles", workdir / "db" / "spbe.db", workdir / "ready.json"
    if not (marker.exists() and json.loads(marker.read_text()).get("version") == DATA_VERSION and db_path.exists()):
        workdir.mkdir(parents=True, exist_ok=True)
        marker.unlink(missing_ok=True)
        log(f"building the benchmark set in {workdir} (once; about a minute) …")
        generate(bundles)
        imported = import_set(bundles, db_path)
        decided = add_decisions(db_path)
        marker.write_text(json.dumps({"version": DATA_VERSION, "import_s": imported, "decisions_s": decided}))
        log(f"  imported in {imported:.1f} s, decisions written in {decided:.1f} s")
    from spbe_tui.storage.db import open_db

    db = open_db(db_path)
    try:
        first, = db.execute(
            """SELECT i.id FROM instansi i JOIN assignments a ON a.instansi_id = i.id
               WHERE a.assessor_id = ? ORDER BY i.name LIMIT 1""", [ASSESSORS[0]]).fetchone()
    finally:
        db.close()
    return BenchData(db_path=db_path, bundles=bundles, instansi=first)


# --- figures ---------------------------------------------------------------------------------------


def percentile(values: list[float], fraction: float) -> float:
    """Nearest-rank percentile: a value that was actually observed."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]


def machine() -> str:
    import textual

    model = "unknown CPU"
    try:
        model = next(line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                     if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    return (f"{os.cpu_count()} cores {model}, Python {platform.python_version()}, textual {textual.__version__}, "
            f"{platform.system()} {platform.release()}")


# --- a process under a terminal --------------------------------------------------------------------

_CURSOR_MOVES = re.compile(r"\x1b\[[0-9;]*[HfABCDEFG]|\r\n|\r|\n")
_OTHER_ESCAPES = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[PX^_][^\x1b]*\x1b\\|\x1b[@-Z\\-_]"
)


def screen_text(raw: bytes) -> str:
    """Terminal output as searchable text: one line per cursor placement, no escape sequences."""
    return _OTHER_ESCAPES.sub("", _CURSOR_MOVES.sub("\n", raw.decode("utf-8", "replace")))


class Terminal:
    """A command under a pseudo-terminal, as over SSH. Its output is read all the time by a
    thread (a terminal nobody reads stalls the app that writes to it). Optionally the command
    gets a pipe to report on, whose write end it finds in $SPBE_BENCH_FD."""

    def __init__(self, argv: list[str], size: tuple[int, int] = SIZE, report_pipe: bool = False) -> None:
        master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", size[1], size[0], 0, 0))
        env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": str(size[0]), "LINES": str(size[1])}
        pass_fds: tuple[int, ...] = ()
        self.reports: int | None = None
        if report_pipe:
            self.reports, write_end = os.pipe()
            env["SPBE_BENCH_FD"] = str(write_end)
            pass_fds = (write_end,)
        self.started = time.monotonic()
        self.process = subprocess.Popen(argv, stdin=slave, stdout=slave, stderr=slave, env=env,
                                        start_new_session=True, pass_fds=pass_fds, cwd=REPO)
        os.close(slave)
        if report_pipe:
            os.close(write_end)
        self.master = master
        self.output = bytearray()
        self._pending = b""
        self._drain = threading.Thread(target=self._read_output, daemon=True)
        self._drain.start()

    def _read_output(self) -> None:
        while True:
            try:
                data = os.read(self.master, 65536)
            except OSError:  # EIO: the command has gone
                return
            if not data:
                return
            self.output += data

    def send(self, keys: str) -> None:
        os.write(self.master, keys.encode())

    def wait_for_text(self, text: str, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while text not in screen_text(bytes(self.output)):
            if time.monotonic() > deadline or self.process.poll() is not None:
                raise RuntimeError(f"{text!r} never appeared; the screen ends with:\n"
                                   f"{screen_text(bytes(self.output))[-2000:]}")
            time.sleep(0.01)

    def settle(self, quiet: float = 0.05, timeout: float = 10) -> None:
        """Wait until the command has written nothing for `quiet` seconds."""
        deadline = time.monotonic() + timeout
        seen, since = len(self.output), time.monotonic()
        while time.monotonic() - since < quiet and time.monotonic() < deadline:
            time.sleep(0.005)
            if len(self.output) != seen:
                seen, since = len(self.output), time.monotonic()

    def report(self, timeout: float = 60) -> dict:
        """The next JSON line the command wrote to its report pipe."""
        assert self.reports is not None
        while b"\n" not in self._pending:
            ready, _, _ = select.select([self.reports], [], [], timeout)
            chunk = os.read(self.reports, 65536) if ready else b""
            if not chunk:
                raise RuntimeError(f"no report (exit code {self.process.poll()}); the screen ends with:\n"
                                   f"{screen_text(bytes(self.output))[-2000:]}")
            self._pending += chunk
        line, self._pending = self._pending.split(b"\n", 1)
        return json.loads(line)

    def close(self, timeout: float = 30) -> int:
        try:
            code = self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            code = self.process.wait()
        self._drain.join(timeout=5)
        os.close(self.master)
        if self.reports is not None:
            os.close(self.reports)
        return code


def report_to_parent(payload: dict) -> None:
    """In a command started by Terminal(report_pipe=True): one JSON line to the benchmark."""
    os.write(int(os.environ["SPBE_BENCH_FD"]), (json.dumps(payload) + "\n").encode())


# --- import and export timing ----------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workdir", type=Path, default=None)
    parser.add_argument("--rounds", type=int, default=3, help="imports of the whole set to time (each ~16 s)")
    parser.add_argument("--export-rounds", type=int, default=7)
    args = parser.parse_args()
    data = prepare(args.workdir)
    print(machine())

    imports = []
    with tempfile.TemporaryDirectory(dir=data.db_path.parent.parent) as scratch:
        for _ in range(args.rounds):
            imports.append(import_set(data.bundles, Path(scratch) / "db" / "spbe.db"))
    print(f"import of {INSTITUTIONS} institutions: median {statistics.median(imports):.2f} s "
          f"(runs: {', '.join(f'{t:.2f}' for t in imports)})")

    exports, floor = [], []
    with tempfile.TemporaryDirectory() as scratch:
        out = Path(scratch) / "skor.csv"
        for _ in range(args.export_rounds):
            started = time.perf_counter()
            spbe("export", "--db", str(data.db_path), "--out", str(out), "--layout", "wide", "--format", "csv")
            exports.append(time.perf_counter() - started)
            started = time.perf_counter()
            spbe("--help")
            floor.append(time.perf_counter() - started)
        rows = out.read_text(encoding="utf-8").count("\n") - 1
    print(f"export of the wide CSV ({rows} institutions, final levels): median {statistics.median(exports):.3f} s "
          f"(runs: {', '.join(f'{t:.3f}' for t in exports)}); `spbe-tui --help` alone: "
          f"median {statistics.median(floor):.3f} s")


if __name__ == "__main__":
    main()
