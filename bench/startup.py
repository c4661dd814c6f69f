"""Start-up: from starting `spbe-tui review` to its first frame, against a bare Textual app.

Both are started the same way in the same run, alternately: a fresh `python bench/startup.py
--child …` under a pseudo-terminal of 120×40, which installs a handler for Textual's Ready event
(sent once the first frame has been composed and handed to the terminal) and exits there. The
review child then runs the real command line (`spbe-tui review --db … --as … --instansi …`) on the
616-institution set; the bare child runs an App with one Static. The hook lives here, not in the
product. Times are CLOCK_MONOTONIC, shared by parent and child: from just before the parent
starts the process to the Ready handler.

    .venv/bin/python bench/startup.py [--runs 15] [--workdir DIR]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import Terminal, machine, prepare, report_to_parent  # noqa: E402
from pty_harness import compile_package  # noqa: E402

GOAL_RATIO = 1.2


def child(kind: str, argv: list[str]) -> None:
    """Runs in the measured process: stamp the phases, leave at the first frame."""
    stamps = {"imported": 0.0, "run": 0.0, "ready": 0.0}
    from textual.app import App
    from textual.widgets import Static

    if kind == "review":
        from spbe_tui.cli import main
    stamps["imported"] = time.monotonic()

    original_run = App.run

    def run(self: App, *args, **kwargs):
        stamps["run"] = time.monotonic()
        return original_run(self, *args, **kwargs)

    def on_ready(self: App) -> None:
        stamps["ready"] = time.monotonic()
        report_to_parent(stamps)
        self.exit()

    App.run = run  # type: ignore[method-assign]
    App._on_ready = on_ready  # type: ignore[attr-defined]  # Textual dispatches Ready to _on_ready
    if kind == "review":
        sys.argv = ["spbe-tui", "review", *argv]
        main()
    else:
        class Bare(App[None]):
            def compose(self):
                yield Static("bare")

        Bare().run()


def measure(kind: str, argv: list[str]) -> dict[str, float]:
    terminal = Terminal([sys.executable, __file__, "--child", kind, *argv], report_pipe=True)
    stamps = terminal.report()
    code = terminal.close()
    if code != 0:
        raise RuntimeError(f"{kind} exited with {code}")
    return {name: value - terminal.started for name, value in stamps.items()}


def main() -> None:
    if len(sys.argv) > 2 and sys.argv[1] == "--child":
        child(sys.argv[2], sys.argv[3:])
        return
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--workdir", type=Path, default=None)
    args = parser.parse_args()
    data = prepare(args.workdir)
    review_args = ["--db", str(data.db_path), "--as", data.assessor, "--instansi", data.instansi, "--lang", "id"]

    results: dict[str, list[dict[str, float]]] = {"bare": [], "review": []}
    compile_package()
    measure("bare", [])  # warm-up: the file cache and .pyc files, not a cold disk, are what users meet
    measure("review", review_args)
    for _ in range(args.runs):
        for kind, argv in (("bare", []), ("review", review_args)):
            results[kind].append(measure(kind, argv))

    print(machine())
    print(f"{'':8} {'imports':>9} {'to run()':>9} {'1st frame':>10} {'min':>7} {'max':>7}"
          f"   (medians, s; {args.runs} runs)")
    for kind, runs in results.items():
        ready = [r["ready"] for r in runs]
        print(f"{kind:8} {statistics.median(r['imported'] for r in runs):9.3f} "
              f"{statistics.median(r['run'] for r in runs):9.3f} {statistics.median(ready):10.3f} "
              f"{min(ready):7.3f} {max(ready):7.3f}")
    ratio = statistics.median(r["ready"] for r in results["review"]) / statistics.median(
        r["ready"] for r in results["bare"])
    print(f"ratio review / bare: {ratio:.2f} (goal ≤ {GOAL_RATIO})")


if __name__ == "__main__":
    main()
