"""The terminal driver of both apps, made for a thin SSH link: Textual's Linux driver, with

- the frames written in fewer bytes: only the cells that differ from what the terminal shows
  (`shadow_screen.py`), colour codes only where they change (`terminal_output.py`);
- a frame written at once: to a terminal with synchronized output (most, and the SSH clients'
  terminals), Textual writes the frame's start mark, the frame and its end mark as three writes,
  which its writer thread may flush apart (up to three packets over SSH for one frame);
- a lone Escape reported after ESCDELAY, not after up to 100 ms more.

Textual's Linux driver waits for input in slices of 100 ms and only then asks its parser whether
a pending Escape has waited long enough, so ESCDELAY below 100 ms changes nothing: Escape out of
the filter or a dialog took 115–135 ms over a pty. This driver waits in slices of ESCDELAY.
Everything else is Textual's driver.
"""

from __future__ import annotations

import os
import selectors
import signal
import sys
import threading
from codecs import getincrementaldecoder
from types import FrameType
from typing import Any

from textual import constants, events
from textual._ansi_sequences import SYNC_END, SYNC_START
from textual._parser import ParseError
from textual._xterm_parser import XTermParser
from textual.driver import Driver
from textual.drivers.linux_driver import LinuxDriver
from textual.message import Message

from spbe_tui.ui.shadow_screen import ShadowScreen
from spbe_tui.ui.terminal_output import OutputMinimizer


def erases_in_background() -> bool:
    """Whether the terminal's description (terminfo, by $TERM) has ECH and says erased cells take
    the current background (bce): xterm's and most others' do; tmux's and screen's do not."""
    try:
        import curses
    except ImportError:  # a Python built without curses
        return False
    try:
        curses.setupterm(os.environ.get("TERM") or "dumb", sys.__stdout__.fileno() if sys.__stdout__ else -1)
        return curses.tigetflag("bce") == 1 and bool(curses.tigetstr("ech"))
    except (curses.error, OSError, ValueError):  # no such terminal, no terminfo
        return False


def thin_link_driver(driver: type[Driver]) -> type[Driver]:
    """The driver to use instead of the one Textual chose (only its Linux terminal driver is replaced)."""
    return ThinLinkDriver if driver is LinuxDriver else driver


class ThinLinkDriver(LinuxDriver):
    _output: OutputMinimizer
    _screen: ShadowScreen
    _frame: list[str] | None = None  # a frame's writes, from its start mark until its end mark

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Textual writes from the app's thread and, answering the terminal's reports, from the
        # input thread: the frame, the copy of the screen and the colour state are one at a time.
        self._writing = threading.Lock()

    def start_application_mode(self) -> None:
        # A new terminal, or one given back by a program run in between: its colours unknown.
        self._output = OutputMinimizer(erase=erases_in_background())
        self._screen = ShadowScreen()
        self._frame = None
        super().start_application_mode()
        # Textual's handler sends the new size to the app; this one first tells the copy of the
        # screen, also of a resize that ends at the size the terminal had.
        textual_handler = signal.getsignal(signal.SIGWINCH)

        def on_resize(signum: int, frame: FrameType | None) -> None:
            self._screen.resized()
            if callable(textual_handler):
                textual_handler(signum, frame)

        signal.signal(signal.SIGWINCH, on_resize)

    def process_message(self, message: Message) -> None:
        if isinstance(message, events.Resize):  # a size the terminal reports in its input
            self._screen.resized()
        super().process_message(message)

    def write(self, data: str) -> None:
        with self._writing:
            # Textual writes the end mark in a `finally` after the start mark: a frame always
            # ends. A write from the input thread meanwhile goes out inside the frame.
            if data == SYNC_START:
                self._frame = [data]
                return
            if self._frame is not None:
                self._frame.append(data)
                if data != SYNC_END:
                    return
                data, self._frame = "".join(self._frame), None
            data = self._output.feed(self._screen.write(data, self._kernel_size()))
            if data:
                super().write(data)

    def _kernel_size(self) -> tuple[int, int] | None:
        """The terminal's size now, as the kernel has it (None: not a terminal)."""
        try:
            columns, lines = os.get_terminal_size(self._file.fileno()) if self._file else (0, 0)
        except (OSError, ValueError):
            return None
        return (columns, lines) if columns and lines else None

    def run_input_thread(self) -> None:
        # Private parts of Textual (XTermParser): the loop of LinuxDriver.run_input_thread with a
        # shorter wait. Checked against textual 8.2.8, the version pinned in pyproject.toml.
        wait = min(0.1, constants.ESCAPE_DELAY)
        selector = selectors.SelectSelector()
        selector.register(self.fileno, selectors.EVENT_READ)
        parser = XTermParser(self._debug)
        decode = getincrementaldecoder("utf-8")().decode

        def process(ready: list, final: bool = False) -> None:
            for index, (_key, mask) in enumerate(ready):
                if mask & selectors.EVENT_READ:
                    data = decode(os.read(self.fileno, 1024 * 4), final=final and index == len(ready) - 1)
                    if not data:
                        break
                    for event in parser.feed(data):
                        self.process_message(event)
            for event in parser.tick():
                self.process_message(event)

        try:
            while not self.exit_event.is_set():
                process(selector.select(wait))
            selector.unregister(self.fileno)
            process(selector.select(wait), final=True)
        finally:
            selector.close()
            try:
                for _event in parser.feed(""):
                    pass
            except (EOFError, ParseError):  # as Textual: a half-read sequence at exit is dropped
                pass
