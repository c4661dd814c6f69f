"""An indicator's full story: who changed what, when, at which stage, old → new, and why."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from spbe_tui.ui_text import inert


def _value(value: dict | None) -> str:
    if not value:
        return "—"
    parts = []
    for key in ("level", "outcome", "corrected_level", "revision", "active", "undoes"):
        if value.get(key) is not None:
            parts.append(f"{key}={value[key]}")
    return " ".join(parts) or "—"


def history_text(entries: list[dict], empty: str) -> Text:
    if not entries:
        return Text(empty, style="italic")
    text = Text()
    for entry in entries:
        text.append(f"{entry['at'][:19].replace('T', ' ')}  ", style="dim")
        text.append(f"{inert(entry['actor'])}", style="bold")
        text.append(f"  {entry['kind']}")
        if entry["stage"]:
            text.append(f" [{entry['stage']}]", style="cyan")
        text.append(f"  {_value(entry['old'])} → {_value(entry['new'])}\n")
        if entry["justification"]:
            text.append("    " + inert(entry["justification"]).replace("\n", "\n    ") + "\n", style="italic")
    return text


class HistoryScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,h,q", "close", show=False)]

    def __init__(self, title: str, body: Text) -> None:
        super().__init__()
        self._title, self._body = title, body

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="history-box") as box:
            box.border_title = self._title
            yield Static(self._body)

    def action_close(self) -> None:
        self.dismiss(None)
