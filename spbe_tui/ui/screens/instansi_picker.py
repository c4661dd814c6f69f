"""Choose an institution: filter 600+ (or 6,000+) by name, id or status, each with its progress.
The list renders only its visible rows (VirtualList), so its size does not slow the key."""

from __future__ import annotations

from collections.abc import Callable
from typing import cast

from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Input

from spbe_tui.i18n import Translator
from spbe_tui.paths import styles_dir
from spbe_tui.safe_text import inert
from spbe_tui.services.workspace import InstansiSummary
from spbe_tui.ui.screens.quiet_screen import QuietModalScreen
from spbe_tui.ui.widgets.virtual_list import VirtualList


def _line(item: InstansiSummary, status: str) -> Text:
    text = Text(no_wrap=True, overflow="ellipsis")
    text.append(f"{item.decided:>2}/{item.total} ", style="bold")
    text.append(f"{status:<8} ", style="dim")
    text.append(inert(item.name))
    text.append(f"  {inert(item.id)}", style="dim")
    return text


PICKER = "instansi-picker"  # the name it is installed under


class InstansiPicker(QuietModalScreen[str | None]):
    CSS_PATH = str(styles_dir() / "instansi_picker.tcss")
    BINDINGS = [
        Binding("escape", "cancel", show=False),
        Binding("down", "move(1)", show=False),
        Binding("up", "move(-1)", show=False),
        Binding("pagedown", "page(1)", show=False),
        Binding("pageup", "page(-1)", show=False),
    ]

    def __init__(self, items: list[InstansiSummary], t: Translator, current: str | None = None) -> None:
        super().__init__()
        self._t = t
        self._shown: list[InstansiSummary] = []
        self._set(items, current)

    def _set(self, items: list[InstansiSummary], current: str | None) -> None:
        self._items = items
        self._current = current
        # What a filter word is looked for in, made once: the filter runs on every key.
        self._haystacks = [f"{i.name} {i.id} {i.type} {self._status(i)}".lower() for i in items]

    @classmethod
    def open(cls, app: App, items: list[InstansiSummary], t: Translator, current: str | None,
             done: Callable[[str | None], None]) -> None:
        """Show the app's picker: made and installed the first time, opened again afterwards, so
        opening and closing it is no compose, mount and removal (each a repaint of the whole
        screen over SSH: Escape out of it wrote 24 KB at 120×40, now 12 KB)."""
        if app.is_screen_installed(PICKER):
            picker = cast(InstansiPicker, app.get_screen(PICKER))
            picker.reset(items, current)
        else:
            picker = cls(items, t, current)
            app.install_screen(picker, PICKER)
        app.push_screen(picker, done)

    def reset(self, items: list[InstansiSummary], current: str | None) -> None:
        """Today's list, the filter empty, the current institution highlighted."""
        self._set(items, current)
        if self.is_mounted:
            field = self.query_one("#picker-filter", Input)
            with field.prevent(Input.Changed):
                field.value = ""
            self._fill("")
            field.focus()

    def compose(self) -> ComposeResult:
        with Vertical(id="picker-box") as box:
            box.border_title = self._t("picker_title")
            yield Input(placeholder=self._t("picker_placeholder"), id="picker-filter")
            yield VirtualList(lambda item: _line(item, self._status(item)), id="picker-list")

    def on_mount(self) -> None:
        self.query_one("#picker-filter", Input).cursor_blink = False
        self._fill("")
        self.query_one("#picker-filter", Input).focus()

    def _status(self, item: InstansiSummary) -> str:
        return self._t(f"status_{item.status}")

    def _list(self) -> VirtualList[InstansiSummary]:
        return self.query_one("#picker-list", VirtualList)

    def _fill(self, query: str) -> None:
        words = query.lower().split()
        self._shown = [item for item, hay in zip(self._items, self._haystacks, strict=True)
                       if all(w in hay for w in words)]
        ids = [i.id for i in self._shown]
        self._list().show(self._shown, ids.index(self._current) if self._current in ids else 0)

    def on_input_changed(self, event: Input.Changed) -> None:
        self._fill(event.value)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        highlighted = self._list().highlighted
        if highlighted is not None and self._shown:
            self.dismiss(self._shown[highlighted].id)

    def on_virtual_list_clicked(self, event: VirtualList.Clicked) -> None:
        self.dismiss(self._shown[event.index].id)

    def action_move(self, delta: int) -> None:
        listing = self._list()
        listing.highlight((listing.highlighted or 0) + delta)

    def action_page(self, direction: int) -> None:
        listing = self._list()
        step = max(1, listing.scrollable_content_region.height - 1)
        listing.highlight((listing.highlighted or 0) + direction * step)

    def action_cancel(self) -> None:
        self.dismiss(None)
