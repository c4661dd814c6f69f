"""A reviewer killed at any moment loses nothing it has shown the assessor as done.

A real `spbe-tui review` process runs under a pseudo-terminal, as over SSH, and receives level
digits and moves as keystrokes. It is killed with SIGKILL (no cleanup, no flush: what a dropped
connection, an OOM kill or a power cut leaves) at random points, including right after a key it
has not yet answered. After every kill, each decision the screen acknowledged must be in the
database, with its event, and the database must pass `PRAGMA integrity_check`; then the reviewer
is restarted on the same database and the assessor carries on.

"Acknowledged on screen" means the indicator's line in the tree shows the decided mark (✓) and
the new level: the line the assessor looks at to see that a key took. The reviewer writes and
commits before it updates any widget, so a shown ✓ must never be lost. The terminal output is
read as a stream; cursor moves become line breaks and other escape sequences are dropped, which
leaves every line Textual writes as contiguous text to search.
"""

from __future__ import annotations

import json
import os
import random
import re
import select
import signal
import sqlite3
import struct
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pyte
import pytest

from spbe_tui.domain.framework_loader import load_framework
from spbe_tui.storage.db import open_db
from spbe_tui.storage.events import verify_chain
from tests.reviewer_helpers import make_review_db

try:
    import fcntl
    import pty
    import termios
except ImportError:  # not a POSIX system
    pty = None  # type: ignore[assignment]

ASSESSOR, INSTANSI, STAGE = "ani", "kab-uji", "dokumen"
COLUMNS, LINES = 80, 24
ROUNDS = 8
SEED = 20251129
FIRST_FRAME_TIMEOUT_S = 30  # a cold start on a loaded 2-core CI runner
ACK_TIMEOUT_S = 10

def pty_available() -> bool:
    if pty is None:
        return False
    try:
        master, slave = pty.openpty()
    except OSError:
        return False
    os.close(master)
    os.close(slave)
    return True


pytestmark = pytest.mark.skipif(not pty_available(), reason="no pseudo-terminals on this system")


class Reviewer:
    """`python -m spbe_tui review` under a pseudo-terminal of its own, 80×24, as over SSH."""

    def __init__(self, db_path: Path) -> None:
        master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", LINES, COLUMNS, 0, 0))
        env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": str(COLUMNS), "LINES": str(LINES)}
        env.pop("SPBE_TUI_DEBUG", None)
        # A new session: the child has no controlling terminal of ours to signal, as under CI.
        self.process = subprocess.Popen(
            [sys.executable, "-m", "spbe_tui", "review", "--db", str(db_path), "--as", ASSESSOR,
             "--instansi", INSTANSI, "--stage", STAGE, "--lang", "en"],
            stdin=slave, stdout=slave, stderr=slave, env=env, start_new_session=True, close_fds=True,
        )
        os.close(slave)
        self.master = master
        self.output = bytearray()
        # The screen as a terminal shows it: the reviewer repaints only the cells that change,
        # so the text of a line is on screen, not necessarily in one piece of the output.
        self.screen = pyte.Screen(COLUMNS, LINES)
        self.stream = pyte.ByteStream(self.screen)

    def _read(self, timeout: float) -> None:
        ready, _, _ = select.select([self.master], [], [], timeout)
        if ready:
            try:
                data = os.read(self.master, 65536)
                self.output += data
                self.stream.feed(data)
            except OSError:  # EIO: the child has gone and the terminal is closed
                time.sleep(timeout)

    def send(self, key: str) -> int:
        """Type a key; returns where the answer to it starts in the output."""
        mark = len(self.output)
        os.write(self.master, key.encode())
        return mark

    def text(self) -> str:
        return "\n".join(self.screen.display)

    def wait_for(self, found: Callable[[str], bool], since: int, timeout: float, what: str) -> None:
        """Until the screen shows what `found` looks for, in output written after `since`."""
        deadline = time.monotonic() + timeout
        while not (len(self.output) > since and found(self.text())):
            if time.monotonic() > deadline:
                pytest.fail(f"no {what} on screen within {timeout} s (exit code {self.process.poll()}):\n"
                            f"{self.text()}")
            self._read(0.02)

    def linger(self, seconds: float) -> None:
        """Keep reading (a full pty would block the app) for a while."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            self._read(max(0.0, min(0.01, deadline - time.monotonic())))

    def kill(self) -> None:
        if self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)
        os.close(self.master)


@dataclass
class Expectation:
    """What the database must hold: every acknowledged decision, plus at most one unanswered key."""

    levels: dict[int, int]
    pending: tuple[int, int] | None = None


def decided_levels(db_path: Path) -> dict[int, int]:
    connection = sqlite3.connect(db_path)
    try:
        return dict(connection.execute(
            """SELECT indicator, level FROM decisions WHERE assessor_id = ? AND instansi_id = ? AND stage = ?
               AND level IS NOT NULL""", (ASSESSOR, INSTANSI, STAGE)))
    finally:
        connection.close()


def resume_position(db_path: Path) -> int:
    connection = sqlite3.connect(db_path)
    try:
        row = connection.execute("SELECT indicator FROM reviewer_state WHERE assessor_id = ?", (ASSESSOR,)).fetchone()
    finally:
        connection.close()
    return row[0] if row else 1


def check_after_kill(db_path: Path, expected: Expectation) -> dict[int, int]:
    """Everything acknowledged survived, the file is sound, each decision has its event."""
    connection = sqlite3.connect(db_path)
    try:
        assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    finally:
        connection.close()
    stored = decided_levels(db_path)
    for indicator, level in expected.levels.items():
        if expected.pending and expected.pending[0] == indicator and stored.get(indicator) == expected.pending[1]:
            continue  # the unanswered key reached the database before the kill: allowed, not required
        assert stored.get(indicator) == level, f"acknowledged level {level} of indicator {indicator} was lost"
    if expected.pending and expected.pending[0] not in expected.levels:
        assert stored.get(expected.pending[0]) in (None, expected.pending[1])
    db = open_db(db_path)
    try:
        assert verify_chain(db)[1] is None
        last_events = {
            row["indicator"]: json.loads(row["new_value"])["level"]
            for row in db.query(
                """SELECT indicator, new_value FROM events WHERE id IN (SELECT max(id) FROM events
                   WHERE kind = 'decision' AND actor = ? AND instansi_id = ? AND stage = ? GROUP BY indicator)""",
                [ASSESSOR, INSTANSI, STAGE],
            )
        }
    finally:
        db.close()
    assert last_events == stored  # the decision and its event were committed together, or neither
    return stored


def test_sigkill_at_random_points_loses_no_acknowledged_decision(tmp_path):
    db_path = make_review_db(tmp_path)
    framework = load_framework("spbe-2020")
    last = framework.indicators[-1].number
    title_word = {i.number: re.escape(i.name.split()[0]) for i in framework.indicators}
    rng = random.Random(SEED)
    # Where the kill lands: after the screen answered the last key, at once, or a few ms later.
    kill_modes = ["acknowledged", "unanswered", "soon"] * (ROUNDS // 3 + 1)
    rng.shuffle(kill_modes)
    expected = Expectation(levels={})
    acknowledged = 0

    def shown_at(number: int) -> Callable[[str], bool]:
        # The indicator's title at the top of the detail pane (not "11." when looking for "1.").
        pattern = re.compile(rf"(?<!\d){number}\. {title_word[number]}")
        return lambda text: bool(pattern.search(text))

    def first_frame_at(number: int) -> Callable[[str], bool]:
        # A complete first frame: the assessor's name is on screen and the detail pane shows `number`.
        shown = shown_at(number)
        return lambda text: f"│ {ASSESSOR}" in text and shown(text)

    def decided_at(number: int, level: int) -> Callable[[str], bool]:
        # Its tree line: the ✓ mark, a warning cell, the number, the name, self level → new level.
        pattern = re.compile(rf"✓[ !~]\s*{number} [^\n]*?→{level}(?!\d)")
        return lambda text: bool(pattern.search(text))

    for mode in kill_modes[:ROUNDS]:
        current = resume_position(db_path)
        reviewer = Reviewer(db_path)
        try:
            reviewer.wait_for(first_frame_at(current), 0, FIRST_FRAME_TIMEOUT_S, "first frame")
            steps = rng.randint(2, 7)
            for step in range(steps):
                final = step == steps - 1
                if rng.random() < 0.35 and not final:
                    key = "j" if current < last else "k"
                    current += 1 if key == "j" else -1
                    reviewer.wait_for(shown_at(current), reviewer.send(key), ACK_TIMEOUT_S, f"indicator {current}")
                    continue
                # A level that changes something: an equal level on a decided indicator is a no-op.
                level = rng.choice([n for n in range(1, 6) if n != expected.levels.get(current)])
                since = reviewer.send(str(level))
                if final and mode == "unanswered":
                    expected.pending = (current, level)
                    break
                if final and mode == "soon":
                    expected.pending = (current, level)
                    reviewer.linger(rng.uniform(0.0, 0.03))
                    break
                reviewer.wait_for(decided_at(current, level), since, ACK_TIMEOUT_S, f"✓ {current} → {level}")
                expected.levels[current] = level
                acknowledged += 1
        finally:
            reviewer.kill()
        stored = check_after_kill(db_path, expected)
        # What the database now holds is what the next round builds on (and must keep).
        expected = Expectation(levels=stored)

    assert acknowledged >= ROUNDS  # the rounds did real work, not only start-ups
