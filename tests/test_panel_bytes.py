"""What closing a dialog of the panel costs on the wire, measured from outside as over SSH (the
panel under a real pseudo-terminal at 120×40, bench/pty_harness.py).

Closing the team-level dialog (Escape) repaints the panel once: the whole screen, as its colours
come back from the dimmed look behind the dialog (6.8 KB). Textual then asked for a second whole
repaint when it removed the dialog's screen, every cell the same: 14 KB in all before
QuietFocus.refresh. Fails above 9 KB; the screen after must be the screen before the dialog.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))

from pty_harness import (  # noqa: E402
    DEFAULT_PANEL_CMD,
    KEYS,
    PANEL_ROWS,
    SLOW_KEY_QUIET_S,
    Step,
    build_sample_db,
    command,
    run_session,
    to_top,
)

ESCAPE_BOUND = 9_000


@pytest.fixture(scope="module")
def sessions(tmp_path_factory):
    target = build_sample_db(tmp_path_factory.mktemp("panel-bytes"))
    cmd = command(DEFAULT_PANEL_CMD, db=str(target.db), name=target.name, instansi=target.instansi)
    top = to_top(KEYS["up"], PANEL_ROWS + 5, KEYS["down"])
    before = run_session(cmd, (120, 40), top, target.name)
    dialog = [Step("open", b"3", quiet_s=SLOW_KEY_QUIET_S), Step("close", KEYS["escape"], quiet_s=SLOW_KEY_QUIET_S)]
    after = run_session(cmd, (120, 40), top + dialog + dialog, target.name)
    return before, after


def test_closing_a_dialog_repaints_the_panel_once(sessions):
    before, after = sessions
    closes = after.of("close")
    assert len(closes) == 2
    for close in closes:
        assert close.nbytes <= ESCAPE_BOUND, f"{close.nbytes:,} bytes to close the dialog (bound {ESCAPE_BOUND:,})"
        frames = [(b.nbytes, b.changed_cells) for b in close.bursts]
        assert sum(1 for nbytes, _ in frames if nbytes > 1_000) == 1, frames
    assert after.screen == before.screen
