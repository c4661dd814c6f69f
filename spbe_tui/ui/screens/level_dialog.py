"""Ask for a level and a justification: the chair's team level, or the Tim Reviu's correction."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, Static, TextArea

from spbe_tui.paths import styles_dir
from spbe_tui.ui.widgets.level_selector import LevelSelector


@dataclass(frozen=True)
class LevelAnswer:
    level: int
    justification: str


class LevelDialog(ModalScreen[LevelAnswer | None]):
    """Digits or ←/→ pick the level (the text area takes digits once it has focus)."""

    CSS_PATH = str(styles_dir() / "level_dialog.tcss")
    BINDINGS = [
        Binding("ctrl+s", "save", show=False),
        Binding("escape", "cancel", show=False),
    ]

    def __init__(self, title: str, hint: str, levels: dict[int, str], level: int | None, text: str,
                 notice: str = "") -> None:
        super().__init__()
        self._title, self._hint, self._levels = title, hint, levels
        self._level, self._text, self._notice = level, text, notice

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog-box") as box:
            box.border_title = self._title
            yield Static(Text(self._notice, style="bold yellow"), id="dialog-notice")
            yield LevelSelector(id="dialog-level")
            yield TextArea(self._text, id="dialog-text", soft_wrap=True, show_line_numbers=False, tab_behavior="focus")
            yield Label(Text(self._hint, style="dim"))

    def on_mount(self) -> None:
        self.query_one("#dialog-notice").display = bool(self._notice)
        self.query_one(TextArea).cursor_blink = False
        self._show()
        self.query_one(LevelSelector).focus()

    def _show(self) -> None:
        if self._level is None:
            caption = "- "
        else:
            caption = f"{self._level} {self._levels.get(self._level, '')}"
        self.query_one(LevelSelector).show(self._levels, self._level, caption)

    def on_level_selector_chosen(self, event: LevelSelector.Chosen) -> None:
        self._level = event.level
        self._show()

    def on_key(self, event) -> None:
        if event.character and event.character.isdigit() and not isinstance(self.focused, TextArea):
            value = int(event.character)
            if value in self._levels:
                event.stop()
                self._level = value
                self._show()

    def action_save(self) -> None:
        text = self.query_one(TextArea).text.strip()
        if self._level is None or not text:
            self.query_one("#dialog-text").focus()
            self.app.bell()
            return
        self.dismiss(LevelAnswer(self._level, text))

    def action_cancel(self) -> None:
        self.dismiss(None)
