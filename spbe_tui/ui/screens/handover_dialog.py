"""Hand over the keyboard of a shared panel terminal: whom to, and their own passphrase."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from spbe_tui.i18n import Translator
from spbe_tui.paths import styles_dir
from spbe_tui.safe_text import inert
from spbe_tui.ui.screens.quiet_screen import QuietModalScreen


@dataclass(frozen=True)
class Handover:
    person: str
    passphrase: str


class HandoverDialog(QuietModalScreen[Handover | None]):
    """↑/↓ choose the person, their passphrase is typed, Enter hands over; Esc cancels.

    The focus stays in the passphrase field throughout: keys typed at once after a choice must
    not land in a list that is about to hand the focus on. The passphrase is never shown.
    """

    CSS_PATH = str(styles_dir() / "handover_dialog.tcss")
    BINDINGS = [
        Binding("escape", "cancel", show=False),
        Binding("up", "choose(-1)", show=False),
        Binding("down", "choose(1)", show=False),
    ]

    def __init__(self, t: Translator, people: list[str], chosen: str | None = None, notice: str = "") -> None:
        super().__init__()
        self.t, self._people, self._chosen, self._notice = t, people, chosen, notice

    def compose(self) -> ComposeResult:
        with Vertical(id="handover-box") as box:
            box.border_title = self.t("handover_title")
            people = OptionList(*[Option(inert(p), id=p) for p in self._people], id="handover-people")
            people.can_focus = False  # chosen with ↑/↓ from the passphrase field, or the mouse
            yield people
            yield Input(password=True, placeholder=self.t("handover_passphrase"), id="handover-passphrase")
            yield Static(Text(self._notice, style="bold red"), id="handover-notice")
            yield Static(Text(self.t("handover_hint"), style="dim"), id="handover-hint")

    def on_mount(self) -> None:
        chosen = self._people.index(self._chosen) if self._chosen in self._people else 0
        self.query_one(OptionList).highlighted = chosen
        self.query_one(Input).focus()

    def action_choose(self, step: int) -> None:
        people = self.query_one(OptionList)
        people.highlighted = ((people.highlighted or 0) + step) % len(self._people)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()  # a click chooses; the passphrase is still to be typed
        self.query_one(Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        index = self.query_one(OptionList).highlighted
        if index is not None and event.value:
            self.dismiss(Handover(self._people[index], event.value))

    def action_cancel(self) -> None:
        self.dismiss(None)
