"""The benchmark harness counts frames as the terminal gets them: a burst is one frame between
its synchronized-output marks, however the pty cut and delayed its bytes."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))

from pty_harness import SYNC_END, SYNC_START, split_bursts  # noqa: E402


def test_a_frame_read_in_pieces_far_apart_is_one_burst_and_two_frames_in_one_read_are_two():
    chunks = [
        (0.000, SYNC_START + b"\x1b[1;1Habc"),
        (0.050, b"def" + SYNC_END + SYNC_START + b"x"),  # 50 ms later: still the first frame
        (0.051, b"y" + SYNC_END[:4]),  # a mark cut between two reads
        (0.060, SYNC_END[4:] + b"\x1b[?25l"),
        (0.200, b"\x1b[?25h"),
    ]
    bursts = split_bursts(chunks, origin=0.0)
    assert [raw for _, raw in bursts] == [
        SYNC_START + b"\x1b[1;1Habcdef" + SYNC_END,
        SYNC_START + b"xy" + SYNC_END,
        b"\x1b[?25l",
        b"\x1b[?25h",
    ]
    assert [(b.start_ms, b.end_ms) for b, _ in bursts] == [(0, 50), (50, 60), (60, 60), (200, 200)]
    assert [b.nbytes for b, raw in bursts] == [len(raw) for _, raw in bursts]


def test_without_marks_bursts_are_runs_apart_by_silence():
    bursts = split_bursts([(0.000, b"a"), (0.002, b"b"), (0.020, b"c")], origin=0.0)
    assert [raw for _, raw in bursts] == [b"ab", b"c"]
