"""The indicator in detail: question, the institution's penjelasan, and the level criteria with
the current level marked."""

from __future__ import annotations

from rich.console import Group
from rich.text import Text
from textual.containers import VerticalScroll
from textual.widgets import Static

from spbe_tui.i18n import Translator
from spbe_tui.safe_text import inert
from spbe_tui.services.review import IndicatorState


def _heading(state: IndicatorState, t: Translator) -> Group:
    """Question and the institution's penjelasan: they change only with the indicator."""
    ind = state.indicator
    parts: list[Text] = [Text(f"{ind.label}. {inert(ind.name)}", style="bold")]
    if ind.question:
        parts += [Text(t("question"), style="bold underline"), Text(inert(ind.question))]
    self_level = state.self_level if state.self_level is not None else "-"
    parts.append(Text(t("penjelasan") + f" ({t('self_level')}: {self_level})", style="bold underline"))
    if state.fakta:
        parts += [Text(t("fakta") + ":", style="bold"), Text(inert(state.fakta))]
    if state.analisis:
        parts += [Text(t("analisis") + ":", style="bold"), Text(inert(state.analisis))]
    if state.penjelasan:
        parts.append(Text(inert(state.penjelasan)))
    if not (state.fakta or state.analisis or state.penjelasan):
        parts.append(Text(t("no_penjelasan"), style="italic"))
    return Group(*parts)


def _criteria(state: IndicatorState, t: Translator) -> Group:
    """The level criteria with the current level marked: redrawn on every level change."""
    ind = state.indicator
    parts: list[Text] = [Text(t("criteria"), style="bold underline")]
    for level, name in ind.scale.levels.items():
        chosen = level == state.level
        line = Text()
        line.append("▶ " if chosen else "  ", style="bold")
        line.append(f"{level} {inert(name)}", style="bold reverse" if chosen else "bold")
        criteria = ind.criteria.get(level)
        if criteria:
            line.append("\n   " + inert(criteria).replace("\n", "\n   "), style="" if chosen else "dim")
        parts.append(line)
    return Group(*parts)


class IndicatorDetail(VerticalScroll):
    _criteria_of: int | None = None  # the indicator whose criteria are on screen

    def compose(self):
        yield Static(id="detail-head")
        yield Static(id="detail-criteria")

    def show(self, state: IndicatorState, t: Translator) -> None:
        """A new indicator; its criteria follow with `show_level`."""
        self.query_one("#detail-head", Static).update(_heading(state, t))
        self.scroll_home(animate=False)

    def show_level(self, state: IndicatorState, t: Translator) -> None:
        # Another level of the same indicator only moves the marker: the text keeps its size, so
        # the screen needs a repaint, not a new layout.
        same = self._criteria_of == state.indicator.number
        self._criteria_of = state.indicator.number
        self.query_one("#detail-criteria", Static).update(_criteria(state, t), layout=not same)
