"""The reviewer's terminal driver sends a frame to the terminal in one write, and nothing for a
frame that changes nothing on the screen."""

from __future__ import annotations

from textual import events
from textual._ansi_sequences import SYNC_END, SYNC_START
from textual.app import App
from textual.geometry import Size

from spbe_tui.ui.shadow_screen import ShadowScreen
from spbe_tui.ui.terminal_driver import ThinLinkDriver
from spbe_tui.ui.terminal_output import OutputMinimizer

SIZE = (20, 5)


class Writes:
    def __init__(self) -> None:
        self.seen: list[str] = []

    def write(self, data: str) -> None:
        self.seen.append(data)


def _driver() -> tuple[ThinLinkDriver, Writes]:
    # A driver is made inside a running event loop (Textual takes it in the constructor).
    driver = ThinLinkDriver(App())
    writes = Writes()
    driver._output, driver._screen = OutputMinimizer(), ShadowScreen()
    driver._kernel_size = lambda: SIZE  # type: ignore[method-assign]  # the test's terminal, not the runner's
    driver._writer_thread = writes  # type: ignore[assignment]  # what LinuxDriver.write hands data to
    return driver, writes


class Same:
    """What the driver's own copy of the screen and minimizer make of writes."""

    def __init__(self) -> None:
        self.screen, self.output = ShadowScreen(), OutputMinimizer()

    def __call__(self, data: str) -> str:
        return self.output.feed(self.screen.write(data, SIZE))


async def test_a_frame_and_its_marks_go_out_as_one_write():
    driver, writes = _driver()
    for data in (SYNC_START, "\x1b[1;1Hab", "\x1b[2;1Hc", SYNC_END, "\x1b[?25l"):
        driver.write(data)
    same = Same()
    assert writes.seen == [same(f"{SYNC_START}\x1b[1;1Hab\x1b[2;1Hc{SYNC_END}"), same("\x1b[?25l")]


async def test_output_outside_a_frame_goes_out_as_written():
    driver, writes = _driver()
    driver.write("\x1b[?1049h")
    driver.write("\x1b[1;1Hx")
    same = Same()
    assert writes.seen == [same("\x1b[?1049h"), same("\x1b[1;1Hx")]


async def test_a_frame_that_changes_nothing_is_not_written():
    driver, writes = _driver()
    for _ in range(2):
        for data in (SYNC_START, "\x1b[1;1H\x1b[31mab\x1b[0m\x1b[1;1H", SYNC_END):
            driver.write(data)
    assert writes.seen == [f"{SYNC_START}\x1b[1;1H\x1b[0;31mab\x1b[1;1H{SYNC_END}"]


async def test_a_resize_the_terminal_reports_makes_the_next_frame_whole():
    driver, writes = _driver()
    frame = (SYNC_START, "\x1b[1;1H\x1b[31mab\x1b[0m\x1b[1;1H", SYNC_END)
    for data in frame:
        driver.write(data)
    driver.process_message(events.Resize(Size(*SIZE), Size(*SIZE)))  # in-band, at the same size
    for data in frame:
        driver.write(data)
    assert len(writes.seen) == 2 and "ab" in writes.seen[1]  # written again, not left out
