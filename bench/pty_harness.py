"""A command under a pseudo-terminal, measured from outside as a user over SSH sees it: what it
writes to the terminal after each key, when, and in how many bursts.

Reusable by tests: `run_session(cmd, size, steps, ready_text) -> Measurements`. Nothing here
imports spbe_tui or Textual; the command is a black box that reads keys and writes bytes.

Method (kept here in one place so bench/README.md can describe it exactly):
- the command starts under a new pty (`pty.fork`, so it is session leader with the pty as its
  controlling terminal, as sshd does), the size set with TIOCSWINSZ before exec, TERM=xterm-256color
  and a pinned environment (see `terminal_env`);
- everything it writes is read as soon as it arrives and stamped (time.perf_counter); the
  output is replayed through a pyte screen only after the app has quit, so decoding never
  delays a read or a key;
- first frame: once `ready_text` has appeared in the output, the last byte before 150 ms of
  silence; its time is counted from just before the fork;
- per key: the key's bytes are written in one write(); every byte until `key_quiet_s` (or the
  step's own `quiet_s`) of silence belongs to it, and the next key is written at once. "final"
  is the last of those bytes, "first" the first, both from the write; bursts are the frames, as
  the terminal sees them; each burst is fed to pyte on its own and the cells it changed are
  counted;
- the harness answers the query for synchronized output (DECRQM 2026) as most terminals do, so
  Textual marks each frame's start and end (16 bytes a frame) and a burst is one frame exactly,
  however the pty delivers its bytes; output outside the marks is split into bursts by ≥ 5 ms of
  silence. It answers no other query (in-band resize, …).
"""

from __future__ import annotations

import fcntl
import getpass
import os
import pty
import re
import select
import shlex
import signal
import struct
import subprocess
import sys
import termios
import time
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pyte

REPO = Path(__file__).resolve().parent.parent
BARE_APP = Path(__file__).resolve().parent / "bare_tree_app.py"

FRAME_QUIET_S = 0.150  # silence that ends the first frame
BURST_GAP_S = 0.005  # silence that separates two bursts (Textual's frame clock is 1/60 s)
KEY_QUIET_S = 0.250  # silence that ends a key's response: moves and levels pause < 150 ms inside one
SLOW_KEY_QUIET_S = 1.0  # for keys that switch tabs or screens: pauses of 600 ms seen inside those on a loaded VM
START_TIMEOUT_S = 60.0
KEY_TIMEOUT_S = 10.0

SYNC_QUERY = b"\x1b[?2026$p"
SYNC_REPLY = b"\x1b[?2026;2$y"  # supported, and off until a frame turns it on
SYNC_START = b"\x1b[?2026h"
SYNC_END = b"\x1b[?2026l"

# Key bytes as a legacy xterm sends them (the harness does not speak the kitty protocol Textual
# offers, like most terminals behind SSH).
KEYS: dict[str, bytes] = {
    "escape": b"\x1b", "down": b"\x1b[B", "up": b"\x1b[A", "ctrl+o": b"\x0f", "ctrl+q": b"\x11",
}

# Variables that change what Textual writes (colour depth, size, language) and would make byte
# counts depend on whoever runs the benchmark.
_DROPPED_ENV = ("COLORTERM", "NO_COLOR", "FORCE_COLOR", "COLUMNS", "LINES", "TERM_PROGRAM", "LC_ALL",
                "LC_MESSAGES", "ESCDELAY", "TMUX", "STY")


@dataclass(frozen=True)
class Step:
    kind: str
    keys: bytes
    measured: bool = True  # unmeasured steps (positioning, priming) are sent, then let settle
    quiet_s: float | None = None  # silence that ends this key's response, if not run_session's


@dataclass
class Burst:
    start_ms: float  # from the key's write (or the spawn, for start-up)
    end_ms: float
    nbytes: int
    changed_cells: int = 0  # cells whose character or attributes differ after this burst
    raw: bytes = b""  # the bytes themselves, only with run_session(keep_raw=True)


@dataclass
class KeyResult:
    kind: str
    keys: bytes
    bursts: list[Burst] = field(default_factory=list)
    late_bytes: int = 0  # found waiting just before the next key: written after the quiet period
    quiet_ms: float = 0.0  # the silence that ended this response

    @property
    def nbytes(self) -> int:
        return sum(b.nbytes for b in self.bursts)

    @property
    def first_ms(self) -> float | None:
        return self.bursts[0].start_ms if self.bursts else None

    @property
    def final_ms(self) -> float | None:
        return self.bursts[-1].end_ms if self.bursts else None

    @property
    def last_change_ms(self) -> float | None:
        """End of the last burst that changed a cell: when the screen really stopped changing."""
        changing = [b for b in self.bursts if b.changed_cells]
        return changing[-1].end_ms if changing else None

    @property
    def longest_silence_ms(self) -> float:
        """The longest pause inside the response: near key_quiet_s, the response may have been cut."""
        return max((b.start_ms - a.end_ms for a, b in zip(self.bursts, self.bursts[1:], strict=False)), default=0.0)

    @property
    def idle_bursts(self) -> int:
        return sum(1 for b in self.bursts if b.changed_cells == 0)


@dataclass
class Measurements:
    cmd: list[str]
    size: tuple[int, int]
    startup_ms: float  # spawn to the last byte before FRAME_QUIET_S of silence
    startup_bytes: int
    startup_frames: int  # synchronized-output frames before that silence
    first_paint_ms: float  # spawn to the read that completed ready_text: the screen's first paint
    keys: list[KeyResult]
    late_bytes: int  # written after a key's quiet period: a sign key_quiet_s is too short
    screen: list[str]  # the pyte screen at the end, for checks and debugging
    exit_code: int | None

    def of(self, kind: str) -> list[KeyResult]:
        return [k for k in self.keys if k.kind == kind]

    @property
    def kinds(self) -> list[str]:
        return list(dict.fromkeys(k.kind for k in self.keys))


# --- the terminal ---------------------------------------------------------------------------------


def terminal_env(escdelay_ms: int | None = None, base: Mapping[str, str] | None = None) -> dict[str, str]:
    """The environment of an SSH login with a plain 256-colour xterm, English C locale."""
    env = {k: v for k, v in (base or os.environ).items() if k not in _DROPPED_ENV and not k.startswith("TEXTUAL")}
    env.update(TERM="xterm-256color", LANG="C.UTF-8")
    if escdelay_ms is not None:
        env["ESCDELAY"] = str(escdelay_ms)
    return env


class Pty:
    def __init__(self, cmd: Sequence[str], size: tuple[int, int], env: Mapping[str, str], cwd: Path = REPO) -> None:
        columns, lines = size
        self.started = time.perf_counter()
        pid, fd = pty.fork()
        if pid == 0:  # the child: never returns
            try:
                fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", lines, columns, 0, 0))
                os.chdir(cwd)
                os.execvpe(cmd[0], list(cmd), dict(env))
            except BaseException as exc:  # noqa: BLE001 - report anything, then leave without cleanup
                os.write(2, f"exec failed: {exc}\r\n".encode())
            finally:
                os._exit(127)
        self.pid, self.fd = pid, fd
        self.exit_code: int | None = None
        self._tail = b""  # the last bytes read, for a query split across two reads

    def _read(self) -> bytes:
        """One read; a query for synchronized output in it answered at once."""
        data = os.read(self.fd, 1 << 16)
        seen = self._tail + data
        if SYNC_QUERY in seen:
            os.write(self.fd, SYNC_REPLY)
            seen = b""
        self._tail = seen[-(len(SYNC_QUERY) - 1):]
        return data

    def read_until_quiet(self, since: float, quiet: float, timeout: float,
                         until: bytes = b"", seen: bytearray | None = None) -> list[tuple[float, bytes]]:
        """Chunks (time read, bytes) until `quiet` s without output, counted from `since` or the
        last chunk. With `until`, silence counts only once those bytes have been read; everything
        read is also appended to `seen`."""
        chunks: list[tuple[float, bytes]] = []
        seen = seen if seen is not None else bytearray()
        last, deadline = since, since + timeout
        found = not until
        while True:
            now = time.perf_counter()
            wait = (last + quiet if found else deadline) - now
            wait = min(wait, deadline - now)
            if wait <= 0:
                return chunks
            ready, _, _ = select.select([self.fd], [], [], wait)
            if not ready:
                continue
            try:
                data = self._read()
            except OSError:  # EIO: the command has gone
                return chunks
            if not data:
                return chunks
            last = time.perf_counter()
            chunks.append((last, data))
            seen += data
            found = found or until in seen[-(len(data) + len(until)):]

    def pending(self) -> bytes:
        """Whatever is waiting to be read right now."""
        out = b""
        while select.select([self.fd], [], [], 0)[0]:
            try:
                data = self._read()
            except OSError:
                break
            if not data:
                break
            out += data
        return out

    def write(self, data: bytes) -> float:
        at = time.perf_counter()
        os.write(self.fd, data)
        return at

    def close(self, quit_keys: bytes = KEYS["ctrl+q"], timeout: float = 5.0) -> int | None:
        """Ask the app to quit; kill it (this pid only) if it will not."""
        try:
            os.write(self.fd, quit_keys)
        except OSError:
            pass
        deadline = time.monotonic() + timeout
        while self.exit_code is None:
            self.pending()  # an app blocked on a full terminal never exits
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                self.exit_code = os.waitstatus_to_exitcode(status)
            elif time.monotonic() > deadline:
                os.kill(self.pid, signal.SIGKILL)
                _, status = os.waitpid(self.pid, 0)
                self.exit_code = os.waitstatus_to_exitcode(status)
            else:
                time.sleep(0.02)
        os.close(self.fd)
        return self.exit_code


# --- measuring ------------------------------------------------------------------------------------

# A step as sent: the step, when it was written, the chunks read until quiet, the bytes found
# waiting just before the write (the previous key's, late), and the quiet period used.
Sent = tuple[Step, float, list[tuple[float, bytes]], bytes, float]


def _pieces(chunks: list[tuple[float, bytes]]) -> Iterator[tuple[float, bytes, bool, bool]]:
    """The chunks cut after each frame's end mark: (time read, bytes, whether a frame is open
    where they begin, whether they end a frame). A mark split across two reads is found too."""
    stream = b"".join(data for _, data in chunks)
    # (offset, is a start): a start where its mark begins, an end where its mark ends.
    marks = sorted([(m.start(), True) for m in re.finditer(re.escape(SYNC_START), stream)]
                   + [(m.end(), False) for m in re.finditer(re.escape(SYNC_END), stream)])
    ends = {offset for offset, starts in marks if not starts}

    def open_at(offset: int) -> bool:
        state = False
        for at, starts in marks:
            if at > offset or (at == offset and starts):
                break
            state = starts
        return state

    position = 0
    for at, data in chunks:
        end = position + len(data)
        edges = [position, *sorted(c for c in ends if position < c < end), end]
        for begin, finish in zip(edges, edges[1:], strict=False):
            yield at, stream[begin:finish], open_at(begin), finish in ends
        position = end


def split_bursts(chunks: list[tuple[float, bytes]], origin: float, gap: float = BURST_GAP_S
                 ) -> list[tuple[Burst, bytes]]:
    """Bursts: the frames between synchronized-output marks; outside them, runs of output apart
    by `gap` of silence."""
    bursts: list[tuple[Burst, bytes]] = []
    previous: float | None = None
    ended = False  # the last burst is a whole frame: whatever follows starts another
    for at, data, in_frame, ends_frame in _pieces(chunks):
        ms = (at - origin) * 1000
        if previous is None or ended or (not in_frame and at - previous >= gap):
            bursts.append((Burst(ms, ms, 0), b""))
        burst, raw = bursts[-1]
        burst.end_ms, burst.nbytes = ms, burst.nbytes + len(data)
        bursts[-1] = (burst, raw + data)
        previous, ended = at, ends_frame
    return bursts


def _cells(screen: pyte.Screen) -> list[tuple]:
    return [tuple(screen.buffer[y][x] for x in range(screen.columns)) for y in range(screen.lines)]


def _changed(before: list[tuple], after: list[tuple]) -> int:
    return sum(a != b for row_a, row_b in zip(before, after, strict=True) for a, b in zip(row_a, row_b, strict=True))


def run_session(cmd: Sequence[str], size: tuple[int, int], steps: Iterable[Step], ready_text: str, *,
                escdelay_ms: int | None = None, env: Mapping[str, str] | None = None, cwd: Path = REPO,
                key_quiet_s: float = KEY_QUIET_S, keep_raw: bool = False) -> Measurements:
    """Start `cmd` at `size` (columns, lines), wait for its first frame, send the steps one at a
    time (each once the last one's output has gone quiet) and measure each measured one."""
    if escdelay_ms is not None:  # a lone Escape is only reported after ESCDELAY: wait longer than that
        key_quiet_s = max(key_quiet_s, escdelay_ms / 1000 + 0.1)
    term = Pty(cmd, size, env or terminal_env(escdelay_ms), cwd)
    sent: list[Sent] = []
    try:
        seen = bytearray()
        chunks = term.read_until_quiet(term.started, FRAME_QUIET_S, START_TIMEOUT_S, ready_text.encode(), seen)
        if not chunks or ready_text.encode() not in seen:
            raise RuntimeError(f"{ready_text!r} never appeared (the command ended, or {START_TIMEOUT_S:.0f} s "
                               f"passed); the output ends "
                               f"with:\n{bytes(seen[-2000:]).decode('utf-8', 'replace')}")
        startup_ms = (chunks[-1][0] - term.started) * 1000
        first_paint_ms = (_first_with(chunks, ready_text.encode()) - term.started) * 1000
        # Nothing but reading and writing until the app quits: the next key follows the quiet
        # period at once, and decoding the screen cannot delay a read.
        for step in steps:
            stray = term.pending()
            at = term.write(step.keys)
            quiet = max(step.quiet_s or 0.0, key_quiet_s)
            sent.append((step, at, term.read_until_quiet(at, quiet, KEY_TIMEOUT_S), stray, quiet))
    finally:
        exit_code = term.close()
    return _analyse(cmd, size, ready_text, (startup_ms, first_paint_ms), bytes(seen), sent, exit_code, keep_raw)


def _first_with(chunks: list[tuple[float, bytes]], text: bytes) -> float:
    so_far = b""
    for at, data in chunks:
        so_far += data
        if text in so_far:
            return at
    raise ValueError(text)


def _analyse(cmd: Sequence[str], size: tuple[int, int], ready_text: str, startup_ms: tuple[float, float],
             startup: bytes, sent: list[Sent], exit_code: int | None,
             keep_raw: bool) -> Measurements:
    """Replay the output through a pyte screen, burst by burst, in the order it was read."""
    screen = pyte.Screen(*size)
    stream = pyte.ByteStream(screen)
    stream.feed(startup)
    if ready_text not in "\n".join(screen.display):
        raise RuntimeError(f"{ready_text!r} was written but is not on the screen:\n" + "\n".join(screen.display))
    keys: list[KeyResult] = []
    late = 0
    previous: KeyResult | None = None
    for step, at, chunks, stray, quiet in sent:
        stream.feed(stray)
        late += len(stray)
        if previous is not None:
            previous.late_bytes += len(stray)
        if not step.measured:
            stream.feed(b"".join(data for _, data in chunks))
            previous = None
            continue
        result = KeyResult(step.kind, step.keys, quiet_ms=quiet * 1000)
        before = _cells(screen)
        for burst, raw in split_bursts(chunks, at):
            stream.feed(raw)
            after = _cells(screen)
            burst.changed_cells = _changed(before, after)
            burst.raw = raw if keep_raw else b""
            before = after
            result.bursts.append(burst)
        keys.append(result)
        previous = result
    return Measurements(list(cmd), size, startup_ms[0], len(startup), startup.count(SYNC_START), startup_ms[1], keys,
                        late, list(screen.display), exit_code)


# --- key plans ------------------------------------------------------------------------------------


def sweep(kind: str, count: int, span: int, down: bytes, up: bytes) -> list[Step]:
    """`count` moves: `span` down, `span` up, …; every press lands on a new line, none at an end."""
    return [Step(kind, down if (i // span) % 2 == 0 else up) for i in range(count)]


def to_top(up: bytes, lines: int, down: bytes) -> list[Step]:
    """One write of many up-presses: a known starting line (the reviewer reopens where you left);
    then one move down and up, unmeasured: the reviewer's first move after start-up costs more
    (28 or 36 KB at 120×40 instead of 16) and varies from run to run."""
    return [Step("position", up * lines, measured=False), Step("warm-up", down, measured=False),
            Step("warm-up", up, measured=False)]


REVIEWER_INDICATORS = 47
BARE_LINES = 4 + 8 + 47  # domains, aspects, indicators: Textual's Tree stops on every line


def _pairs(count: int, open_: Step, close: Step) -> list[Step]:
    return [open_, close] * count


def reviewer_steps(keys: int, pairs: int, kinds: Sequence[str] = ("move", "level", "filter", "picker", "evidence"),
                   slow: float = SLOW_KEY_QUIET_S) -> list[Step]:
    """The reviewer's key kinds. Pairs (open, then close) are measured as two kinds each, and
    wait `slow` seconds of silence: they switch tabs or screens, which animates or loads."""
    steps: list[Step] = to_top(b"k", REVIEWER_INDICATORS + 5, b"j")
    for kind in kinds:
        if kind == "move":
            steps += sweep("move j/k", keys, REVIEWER_INDICATORS - 1, b"j", b"k")
        elif kind == "arrow":
            steps += to_top(KEYS["up"], REVIEWER_INDICATORS + 5, KEYS["down"])
            steps += sweep("move ↓/↑", keys, REVIEWER_INDICATORS - 1, KEYS["down"], KEYS["up"])
        elif kind == "level":
            # Primed to 2, then 4, 2, 4, …: every measured press changes the level (a database write).
            steps += [Step("prime", b"2", measured=False)]
            steps += [Step("level 4/2", b"4" if i % 2 == 0 else b"2") for i in range(keys)]
        elif kind == "filter":
            steps += _pairs(pairs, Step("filter /", b"/", quiet_s=slow),
                            Step("filter Esc", KEYS["escape"], quiet_s=slow))
        elif kind == "picker":
            steps += _pairs(pairs, Step("picker ctrl+o", KEYS["ctrl+o"], quiet_s=slow),
                            Step("picker Esc", KEYS["escape"], quiet_s=slow))
        elif kind == "evidence":
            # `e` shows the evidence tab with the focus in the preview; Escape goes back to the list.
            steps += _pairs(pairs, Step("evidence e", b"e", quiet_s=slow),
                            Step("evidence Esc", KEYS["escape"], quiet_s=slow))
        else:
            raise ValueError(f"unknown reviewer key kind {kind!r}")
    return steps


PANEL_ROWS = 47


def panel_steps(keys: int, pairs: int, slow: float = SLOW_KEY_QUIET_S) -> list[Step]:
    """The panel's keys: rows ↓/↑, the team-level dialog (a digit, then Escape), the
    disagreements filter (d, d) and the history (h, Escape)."""
    steps = to_top(KEYS["up"], PANEL_ROWS + 5, KEYS["down"])
    steps += sweep("panel row ↓/↑", keys, PANEL_ROWS - 1, KEYS["down"], KEYS["up"])
    steps += _pairs(pairs, Step("panel level dialog 3", b"3", quiet_s=slow),
                    Step("panel dialog Esc", KEYS["escape"], quiet_s=slow))
    steps += _pairs(pairs, Step("panel d (filter)", b"d", quiet_s=slow), Step("panel d (all)", b"d", quiet_s=slow))
    steps += _pairs(pairs, Step("panel history h", b"h", quiet_s=slow),
                    Step("panel history Esc", KEYS["escape"], quiet_s=slow))
    return steps


def bare_steps(keys: int, kinds: Sequence[str] = ("move", "arrow")) -> list[Step]:
    steps: list[Step] = []
    for kind in kinds:
        if kind == "move":
            steps += to_top(b"k", BARE_LINES + 5, b"j") + sweep("move j/k", keys, BARE_LINES - 1, b"j", b"k")
        elif kind == "arrow":
            steps += to_top(KEYS["up"], BARE_LINES + 5, KEYS["down"])
            steps += sweep("move ↓/↑", keys, BARE_LINES - 1, KEYS["down"], KEYS["up"])
        else:
            raise ValueError(f"unknown bare key kind {kind!r}")
    return steps


# --- commands and data ----------------------------------------------------------------------------

def compile_package(source: Path = REPO) -> None:
    """Byte-compile the checkout's spbe_tui as pip and pipx do when they install it, so a start-up
    measures starting, not compiling: an editable install compiles a module on its first import
    and keeps the result only where it may write (not with PYTHONDONTWRITEBYTECODE, as on the
    benchmark machine, nor in a tree its user does not own)."""
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(source / "spbe_tui")], check=True)


DEFAULT_REVIEW_CMD = "{python} -m spbe_tui review --db {db} --as {name} --instansi {instansi}"
DEFAULT_PANEL_CMD = "{python} -m spbe_tui panel --db {db} --as {name} --instansi {instansi}"


def command(template: str, **values: str) -> list[str]:
    """A shell-like command line with {python}, {db}, {name}, {instansi} filled in per word."""
    values = {"python": sys.executable, **values}
    return [word.format(**values) for word in shlex.split(template)]


def bare_command(python: str = sys.executable) -> list[str]:
    return [python, str(BARE_APP)]


@dataclass(frozen=True)
class ReviewTarget:
    db: Path
    name: str
    instansi: str


SAMPLE_ASSESSOR = "asesor-a"
SAMPLE_INSTANSI = ("kabupaten-lembah-hijau", "kementerian-maritim", "provinsi-nusa-selatan")


def build_sample_db(directory: Path, python: str = sys.executable, source: Path = REPO) -> ReviewTarget:
    """The bundled sample (3 institutions) imported into a new database, the login name registered
    as its admin (the first assessor of a new database must be one; commands act as the login
    name, so none needs --as) and one assessor assigned to all three.
    `source`: the checkout whose spbe_tui runs (`python -m` imports from the working directory)."""
    db = directory / "spbe.db"

    def spbe(*args: str) -> None:
        done = subprocess.run([python, "-m", "spbe_tui", *args, "--db", str(db)], capture_output=True, text=True,
                              cwd=source, env=terminal_env())
        if done.returncode:
            raise RuntimeError(f"spbe-tui {' '.join(args)} failed ({done.returncode}):\n{done.stderr[-2000:]}")

    spbe("import", str(source / "data" / "sample"))
    spbe("assessor", "add", getpass.getuser(), "--role", "admin")
    spbe("assessor", "add", SAMPLE_ASSESSOR)
    for instansi in SAMPLE_INSTANSI:
        spbe("assign", instansi, SAMPLE_ASSESSOR, "--chair", SAMPLE_ASSESSOR)
    return ReviewTarget(db, SAMPLE_ASSESSOR, SAMPLE_INSTANSI[0])
