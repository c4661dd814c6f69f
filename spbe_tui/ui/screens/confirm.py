"""A yes/no question before a step that cannot be taken back, answered by keyboard only."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Static

from spbe_tui.paths import styles_dir
from spbe_tui.ui.screens.quiet_screen import QuietModalScreen


class ConfirmDialog(QuietModalScreen[bool]):
    """y or Enter confirms, n or Esc cancels; any other key leaves the question standing.

    `details` (what the step would change, e.g. one line per row) scroll under the question
    with ↑/↓, PgUp/PgDn, Home/End, so a long list still fits a small terminal; `hint` says so.
    """

    CSS_PATH = str(styles_dir() / "level_dialog.tcss")  # the panel's dialogs share one look
    BINDINGS = [
        Binding("y,enter", "answer(True)", show=False),
        Binding("n,escape", "answer(False)", show=False),
    ]

    def __init__(self, title: str, question: str, *, details: Text | None = None, hint: str = "",
                 notice: str = "") -> None:
        super().__init__()
        self._title, self._question = title, question
        self._details, self._hint, self._notice = details, hint, notice

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-box", classes="-with-details" if self._details is not None else "") as box:
            box.border_title = self._title
            if self._notice:
                yield Static(Text(self._notice, style="bold yellow"), id="confirm-notice")
            yield Static(Text(self._question, style="bold"), id="confirm-question")
            if self._details is not None:
                with VerticalScroll(id="confirm-details"):
                    yield Static(self._details)
            if self._hint:
                yield Static(Text(self._hint, style="dim"), id="confirm-hint")

    def on_mount(self) -> None:
        if self._details is not None:
            self.query_one("#confirm-details", VerticalScroll).focus()  # its own keys scroll the list

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)
