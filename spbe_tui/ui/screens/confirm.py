"""A yes/no question before a step that cannot be taken back, answered by keyboard only."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from spbe_tui.paths import styles_dir


class ConfirmDialog(ModalScreen[bool]):
    """y or Enter confirms, n or Esc cancels; any other key leaves the question standing."""

    CSS_PATH = str(styles_dir() / "level_dialog.tcss")  # the panel's dialogs share one look
    BINDINGS = [
        Binding("y,enter", "answer(True)", show=False),
        Binding("n,escape", "answer(False)", show=False),
    ]

    def __init__(self, title: str, question: str) -> None:
        super().__init__()
        self._title, self._question = title, question

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-box") as box:
            box.border_title = self._title
            yield Static(Text(self._question, style="bold"), id="confirm-question")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)
