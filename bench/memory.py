"""Peak memory of the reviewer on the 616-institution set.

The real `spbe-tui review` (`python -m spbe_tui review …`, nothing patched) runs under a
pseudo-terminal of 120×40. It opens an institution, moves through all 47 indicators and back,
opens the institution picker (616 entries), scrolls through 100 of them, filters by a word,
opens another institution and moves through it too. Before it quits, its peak resident set
(VmHWM in /proc/PID/status: the high-water mark of this process since its exec) is read. A bare
Textual app (one Static) is measured the same way for reference.

    .venv/bin/python bench/memory.py [--runs 3] [--workdir DIR]
"""

from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import Terminal, machine, prepare  # noqa: E402

GOAL_MIB = 80
BARE_APP = "from textual.app import App\nfrom textual.widgets import Static\n" \
           "class Bare(App):\n    def compose(self):\n        yield Static('bare')\nBare().run()\n"


def peak_mib(pid: int) -> tuple[float, float]:
    """(VmHWM, VmRSS) of a live process, in MiB."""
    fields = dict(line.split(":", 1) for line in Path(f"/proc/{pid}/status").read_text().splitlines() if ":" in line)
    return int(fields["VmHWM"].split()[0]) / 1024, int(fields["VmRSS"].split()[0]) / 1024


def keys(terminal: Terminal, sequence: str, times: int = 1) -> None:
    """Type at a person's pace: each key once the screen has stopped changing."""
    for _ in range(times):
        for key in sequence:
            terminal.send(key)
            terminal.settle(quiet=0.03)


def reviewer_peak(db_path: Path, assessor: str, instansi: str) -> tuple[float, float]:
    terminal = Terminal([sys.executable, "-m", "spbe_tui", "review", "--db", str(db_path), "--as", assessor,
                         "--instansi", instansi, "--lang", "id"])
    try:
        terminal.wait_for_text(assessor)
        terminal.settle()
        keys(terminal, "k", 47)  # to the top, wherever the last run left off
        keys(terminal, "j", 46)
        keys(terminal, "k", 46)
        keys(terminal, "\x0f")  # ctrl+o: the picker
        keys(terminal, "\x1b[B", 100)  # ↓ through the list
        keys(terminal, "kota")  # filter
        keys(terminal, "\r")  # open the highlighted institution
        keys(terminal, "j", 46)
        return peak_mib(terminal.process.pid)
    finally:
        terminal.send("\x11")  # ctrl+q
        terminal.close()


def bare_peak() -> tuple[float, float]:
    terminal = Terminal([sys.executable, "-c", BARE_APP])
    try:
        terminal.wait_for_text("bare")
        terminal.settle()
        return peak_mib(terminal.process.pid)
    finally:
        terminal.send("\x11")
        terminal.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--workdir", type=Path, default=None)
    args = parser.parse_args()
    data = prepare(args.workdir)

    reviewer = [reviewer_peak(data.db_path, data.assessor, data.instansi) for _ in range(args.runs)]
    bare = [bare_peak() for _ in range(args.runs)]
    print(machine())
    print(f"{'':10} {'peak MiB':>9} {'at end MiB':>11}   (medians of {args.runs} runs)")
    for label, runs in (("reviewer", reviewer), ("bare app", bare)):
        print(f"{label:10} {statistics.median(p for p, _ in runs):9.1f} {statistics.median(r for _, r in runs):11.1f}")
    print(f"goal: reviewer ≤ {GOAL_MIB} MiB")


if __name__ == "__main__":
    main()
