"""Keypress to refreshed screen in the reviewer: moving between indicators, and setting a level
(which includes its database write: a transaction with the event, synchronous=FULL).

The real `spbe-tui review` runs under a pseudo-terminal of 120×40 on the 616-institution set and
gets its keys through the terminal, as over SSH. A subclass of the reviewer, installed by this
script and not by the product, stamps the time when the App receives the key event, and again
from `call_after_refresh` scheduled where the reviewer updates the screen for it (showing the
next indicator, or the changed level): the time until the screen has been refreshed. One key
at a time, the next typed once the last one's time is reported and after a pause of 30–120 ms
(random, seeded): a typist's rhythm, and keys that do not all land at the same point of
Textual's 60-per-second frame clock.

    .venv/bin/python bench/keypress.py [--sweeps 3] [--size 120x40] [--workdir DIR]
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import STAGE, Terminal, machine, percentile, prepare, report_to_parent  # noqa: E402

GOAL_P95_MS = 16.0
PAUSE_S = (0.03, 0.12)
WARM_UP_KEYS = 10  # the first uses of each code path: not what an assessor meets all day


def child(argv: list[str]) -> None:
    """Runs in the measured process: the reviewer with stamps, then the real command line."""
    from textual import events
    from textual.screen import Screen

    from spbe_tui.cli import main
    from spbe_tui.ui import app as ui_app

    # Textual's frame updates (layout, render, output) from the key on: how many, how long in all.
    frames = {"count": 0, "s": 0.0}
    update_frame = Screen._on_timer_update

    def timed_frame(self: Screen) -> None:
        started = time.perf_counter()
        update_frame(self)
        frames["count"] += 1
        frames["s"] += time.perf_counter() - started

    Screen._on_timer_update = timed_frame  # type: ignore[method-assign]

    class TimedReviewer(ui_app.AssessorApp):
        """Stamps: the key arrives, the level is handed to the review service, the reviewer has
        updated its widgets (handled), the screen has been refreshed (reported); and the time
        spent in frame updates in between."""

        _key: str = ""
        _key_at = _write_at = _written_at = _handled_at = 0.0

        async def on_event(self, event: events.Event) -> None:
            if isinstance(event, events.Key) and not event.is_forwarded:
                self._key, self._key_at, self._write_at = event.key, time.perf_counter(), 0.0
                frames.update(count=0, s=0.0)
            await super().on_event(event)

        def _stamp(self) -> None:
            if self._key:
                now = time.perf_counter()
                report_to_parent({
                    "key": self._key, "ms": (now - self._key_at) * 1000,
                    "handled_ms": (self._handled_at - self._key_at) * 1000,
                    "write_ms": (self._written_at - self._write_at) * 1000 if self._write_at else None,
                    "frame_ms": frames["s"] * 1000, "frames": frames["count"],
                })
                self._key = ""

        def _set_level(self, number: int, level: int) -> None:
            self._write_at = time.perf_counter()
            super()._set_level(number, level)

        def _show_indicator(self, number: int) -> None:
            super()._show_indicator(number)
            self._handled_at = time.perf_counter()
            self.call_after_refresh(self._stamp)

        def _after_change(self, number: int) -> None:
            self._written_at = time.perf_counter()  # set_level has returned: committed
            super()._after_change(number)
            self._handled_at = time.perf_counter()
            self.call_after_refresh(self._stamp)

    ui_app.AssessorApp = TimedReviewer  # run_reviewer imports it from the module when it starts
    sys.argv = ["spbe-tui", "review", *argv]
    main()


def current_state(db_path: Path, assessor: str, instansi: str) -> tuple[dict[int, int], int]:
    """The assessor's levels on the institution, and the indicator the reviewer will open at."""
    connection = sqlite3.connect(db_path)
    try:
        levels = dict(connection.execute(
            "SELECT indicator, level FROM decisions WHERE assessor_id = ? AND instansi_id = ? AND stage = ?",
            (assessor, instansi, STAGE)))
        position = connection.execute(
            "SELECT indicator FROM reviewer_state WHERE assessor_id = ? AND instansi_id = ?", (assessor, instansi),
        ).fetchone()
    finally:
        connection.close()
    return levels, position[0] if position else min(levels)


def keys_for(levels: dict[int, int], sweeps: int) -> list[tuple[str, str]]:
    """(key, kind): down the indicators and back up, setting each to a level it does not have."""
    numbers = sorted(levels)
    keys: list[tuple[str, str]] = []
    for sweep in range(sweeps):
        order = numbers if sweep % 2 == 0 else numbers[::-1]
        for position, number in enumerate(order):
            levels[number] = levels[number] % 5 + 1  # always a change, so always a write
            keys.append((str(levels[number]), "level"))
            if position < len(order) - 1:
                keys.append(("j" if sweep % 2 == 0 else "k", "move"))
    return keys


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        child(sys.argv[2:])
        return
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sweeps", type=int, default=3, help="passes over the 47 indicators (down, up, …)")
    parser.add_argument("--size", default="120x40", help="terminal COLUMNSxLINES")
    parser.add_argument("--workdir", type=Path, default=None)
    args = parser.parse_args()
    data = prepare(args.workdir)
    columns, lines = (int(n) for n in args.size.split("x"))

    levels, start = current_state(data.db_path, data.assessor, data.instansi)
    # Back to the first indicator from wherever the last run left off, then the sweeps.
    keys = [("k", "move")] * (start - min(levels)) + keys_for(levels, args.sweeps)
    terminal = Terminal([sys.executable, __file__, "--child", "--db", str(data.db_path), "--as", data.assessor,
                         "--instansi", data.instansi, "--stage", STAGE, "--lang", "id"], size=(columns, lines),
                        report_pipe=True)
    timings: dict[str, list[dict]] = {"move": [], "level": []}
    try:
        terminal.wait_for_text(data.assessor)
        terminal.settle()
        rng = random.Random(1)
        for position, (key, kind) in enumerate(keys):
            time.sleep(rng.uniform(*PAUSE_S))
            terminal.send(key)
            reported = terminal.report(timeout=10)
            if reported["key"] != key:
                raise RuntimeError(f"typed {key!r}, the app reported {reported['key']!r}")
            if position >= WARM_UP_KEYS:
                timings[kind].append(reported)
    finally:
        terminal.send("\x11")  # ctrl+q
        terminal.close()

    print(machine())
    print(f"terminal {args.size}; medians of the parts: key → widgets updated (handled), of which the database "
          "write; Textual's frame updates (how many, ms in all); the rest is waiting for frames (60 a second)")
    print(f"{'':14} {'keys':>5} {'p50 ms':>7} {'p95 ms':>7} {'max ms':>7} {'handled':>8} {'db write':>9} "
          f"{'frames':>7} {'frame ms':>9}")
    for kind, label in (("move", "move (j/k)"), ("level", "level (1–5)"), ("all", "all")):
        runs = timings["move"] + timings["level"] if kind == "all" else timings[kind]
        values = [r["ms"] for r in runs]
        writes = [r["write_ms"] for r in runs if r["write_ms"] is not None]
        print(f"{label:14} {len(values):5} {statistics.median(values):7.1f} {percentile(values, 0.95):7.1f} "
              f"{max(values):7.1f} {statistics.median(r['handled_ms'] for r in runs):8.1f} "
              f"{statistics.median(writes) if writes else float('nan'):9.1f} "
              f"{statistics.median(r['frames'] for r in runs):7.0f} "
              f"{statistics.median(r['frame_ms'] for r in runs):9.1f}")
    print(f"goal: p95 ≤ {GOAL_P95_MS:.0f} ms")


if __name__ == "__main__":
    main()
