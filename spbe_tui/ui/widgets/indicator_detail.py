"""The indicator in detail: question, the institution's penjelasan, and the level criteria with
the current level marked."""

from __future__ import annotations

from rich.console import Group
from rich.text import Text

from spbe_tui.i18n import Translator
from spbe_tui.safe_text import inert
from spbe_tui.services.review import IndicatorState
from spbe_tui.ui.widgets.focus_bar import FOCUS_BAR, DrawsFocusBar
from spbe_tui.ui.widgets.line_view import LineView


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


class IndicatorDetail(LineView, DrawsFocusBar):
    """Question, penjelasan and criteria in one view: a move or a level change repaints only
    the cells that differ (see LineView)."""

    COMPONENT_CLASSES = {FOCUS_BAR}

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._head: Group = Group()
        self._criteria: Group = Group()

    def show(self, state: IndicatorState, t: Translator) -> None:
        """A new indicator, shown from its first line."""
        self._head, self._criteria = _heading(state, t), _criteria(state, t)
        self.show_renderable(Group(self._head, self._criteria), home=True)

    def show_level(self, state: IndicatorState, t: Translator) -> None:
        """Another level of the shown indicator: only the marked criteria change."""
        self._criteria = _criteria(state, t)
        self.show_renderable(Group(self._head, self._criteria))
