"""The reviewer's terminal driver sends a frame to the terminal in one write."""

from __future__ import annotations

from textual._ansi_sequences import SYNC_END, SYNC_START
from textual.app import App

from spbe_tui.ui.terminal_driver import ThinLinkDriver
from spbe_tui.ui.terminal_output import OutputMinimizer


class Writes:
    def __init__(self) -> None:
        self.seen: list[str] = []

    def write(self, data: str) -> None:
        self.seen.append(data)


def _driver() -> tuple[ThinLinkDriver, Writes]:
    # A driver is made inside a running event loop (Textual takes it in the constructor).
    driver = ThinLinkDriver(App())
    writes = Writes()
    driver._output = OutputMinimizer()
    driver._writer_thread = writes  # type: ignore[assignment]  # what LinuxDriver.write hands data to
    return driver, writes


async def test_a_frame_and_its_marks_go_out_as_one_write():
    driver, writes = _driver()
    for data in (SYNC_START, "\x1b[1;1Hab", "\x1b[2;1Hc", SYNC_END, "\x1b[?25l"):
        driver.write(data)
    same = OutputMinimizer()  # what the driver's own minimizer makes of the same writes
    assert writes.seen == [same.feed(f"{SYNC_START}\x1b[1;1Hab\x1b[2;1Hc{SYNC_END}"), same.feed("\x1b[?25l")]


async def test_output_outside_a_frame_goes_out_as_written():
    driver, writes = _driver()
    driver.write("\x1b[?1049h")
    driver.write("\x1b[1;1Hx")
    same = OutputMinimizer()
    assert writes.seen == [same.feed("\x1b[?1049h"), same.feed("\x1b[1;1Hx")]
