"""A modal that shows a scrolling text: the key help, an indicator's history."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Static

from spbe_tui.paths import styles_dir
from spbe_tui.ui.screens.quiet_screen import QuietModalScreen


class TextScreen(QuietModalScreen[None]):
    CSS_PATH = str(styles_dir() / "text_screen.tcss")
    BINDINGS = [
        Binding("escape,question_mark,q,h", "close", show=False),
    ]

    def __init__(self, title: str, body: str | Text, hint: str = "") -> None:
        """`hint`: the keys that scroll and close it, shown on the bottom border, since at 80×24
        the help is longer than the box."""
        super().__init__()
        self._title = title
        self._body = Text(body) if isinstance(body, str) else body
        self._hint = hint

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="text-box") as box:
            box.border_title = self._title
            box.border_subtitle = self._hint
            yield Static(self._body)

    def action_close(self) -> None:
        self.dismiss(None)
