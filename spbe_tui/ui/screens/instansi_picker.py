"""Choose an institution: filter 600+ by name, id or status, each with its progress."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList
from textual.widgets.option_list import Option

from spbe_tui.i18n import Translator
from spbe_tui.paths import styles_dir
from spbe_tui.safe_text import inert
from spbe_tui.services.workspace import InstansiSummary


def _line(item: InstansiSummary, status: str) -> Text:
    text = Text(no_wrap=True, overflow="ellipsis")
    text.append(f"{item.decided:>2}/{item.total} ", style="bold")
    text.append(f"{status:<8} ", style="dim")
    text.append(inert(item.name))
    text.append(f"  {inert(item.id)}", style="dim")
    return text


class InstansiPicker(ModalScreen[str | None]):
    CSS_PATH = str(styles_dir() / "instansi_picker.tcss")
    BINDINGS = [
        Binding("escape", "cancel", show=False),
        Binding("down", "move(1)", show=False),
        Binding("up", "move(-1)", show=False),
    ]

    def __init__(self, items: list[InstansiSummary], t: Translator, current: str | None = None) -> None:
        super().__init__()
        self._items = items
        self._t = t
        self._current = current
        self._shown: list[InstansiSummary] = []

    def compose(self) -> ComposeResult:
        with Vertical(id="picker-box") as box:
            box.border_title = self._t("picker_title")
            yield Input(placeholder=self._t("picker_placeholder"), id="picker-filter")
            yield OptionList(id="picker-list")

    def on_mount(self) -> None:
        self.query_one("#picker-filter", Input).cursor_blink = False
        self._fill("")
        self.query_one("#picker-filter", Input).focus()

    def _status(self, item: InstansiSummary) -> str:
        return self._t(f"status_{item.status}")

    def _fill(self, query: str) -> None:
        words = query.lower().split()
        self._shown = [
            item for item in self._items
            if all(w in f"{item.name} {item.id} {item.type} {self._status(item)}".lower() for w in words)
        ]
        options = self.query_one("#picker-list", OptionList)
        options.clear_options()
        options.add_options([Option(_line(item, self._status(item))) for item in self._shown])
        if self._shown:
            ids = [i.id for i in self._shown]
            options.highlighted = ids.index(self._current) if self._current in ids else 0

    def on_input_changed(self, event: Input.Changed) -> None:
        self._fill(event.value)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        options = self.query_one("#picker-list", OptionList)
        if options.highlighted is not None and self._shown:
            self.dismiss(self._shown[options.highlighted].id)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self._shown[event.option_index].id)

    def action_move(self, delta: int) -> None:
        options = self.query_one("#picker-list", OptionList)
        if self._shown:
            current = options.highlighted or 0
            options.highlighted = max(0, min(len(self._shown) - 1, current + delta))

    def action_cancel(self) -> None:
        self.dismiss(None)
