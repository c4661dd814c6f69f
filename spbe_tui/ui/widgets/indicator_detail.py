"""The indicator in detail: question, the institution's penjelasan, and the level criteria with
the current level marked."""

from __future__ import annotations

from functools import lru_cache

from rich.console import Group
from rich.text import Text

from spbe_tui.i18n import Translator
from spbe_tui.safe_text import inert
from spbe_tui.services.review import IndicatorState
from spbe_tui.ui.widgets.focus_bar import FOCUS_BAR, DrawsFocusBar
from spbe_tui.ui.widgets.line_view import LineView


def _heading(state: IndicatorState, t: Translator) -> list[Text]:
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
    parts.append(Text(t("criteria"), style="bold underline"))
    return parts


@lru_cache(maxsize=512)
def _level(level: int, name: str, criteria: str, chosen: bool) -> Text:
    """One level and its criteria, marked when chosen. The same text object for the same level
    shown the same way: a level key renders again only the two levels whose mark moved."""
    line = Text()
    line.append("▶ " if chosen else "  ", style="bold")
    line.append(f"{level} {inert(name)}", style="bold reverse" if chosen else "bold")
    if criteria:
        line.append("\n   " + inert(criteria).replace("\n", "\n   "), style="" if chosen else "dim")
    return line


def _levels(state: IndicatorState) -> list[Text]:
    ind = state.indicator
    return [_level(level, name, ind.criteria.get(level, ""), level == state.level)
            for level, name in ind.scale.levels.items()]


class IndicatorDetail(LineView, DrawsFocusBar):
    """Question, penjelasan and criteria in one view: a move or a level change repaints only
    the cells that differ (see LineView)."""

    COMPONENT_CLASSES = {FOCUS_BAR}

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._head: list[Text] = []

    def show(self, state: IndicatorState, t: Translator) -> None:
        """A new indicator, shown from its first line."""
        self._head = _heading(state, t)
        self.show_renderable(Group(*self._head, *_levels(state)), home=True)

    def show_level(self, state: IndicatorState) -> None:
        """Another level of the shown indicator: only the marked criteria change."""
        self.show_renderable(Group(*self._head, *_levels(state)))
