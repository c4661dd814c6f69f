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


def _heading(state: IndicatorState, t: Translator) -> tuple[Text, ...]:
    """Question and the institution's penjelasan: they change only with the indicator."""
    ind = state.indicator
    return _heading_parts(ind.label, ind.name, ind.question, state.self_level, state.fakta,
                          state.analisis, state.penjelasan, t.language)


@lru_cache(maxsize=64)
def _heading_parts(label: str, name: str, question: str, self_level: int | None, fakta: str,
                   analisis: str, penjelasan: str, language: str) -> tuple[Text, ...]:
    """The same text objects for the same heading, so the lines rendered for it (shown before,
    or prepared while idle) are found again: everything it shows is in the key."""
    t = Translator(language)
    parts: list[Text] = [Text(f"{label}. {inert(name)}", style="bold")]
    if question:
        parts += [Text(t("question"), style="bold underline"), Text(inert(question))]
    shown_level = self_level if self_level is not None else "-"
    parts.append(Text(t("penjelasan") + f" ({t('self_level')}: {shown_level})", style="bold underline"))
    if fakta:
        parts += [Text(t("fakta") + ":", style="bold"), Text(inert(fakta))]
    if analisis:
        parts += [Text(t("analisis") + ":", style="bold"), Text(inert(analisis))]
    if penjelasan:
        parts.append(Text(inert(penjelasan)))
    if not (fakta or analisis or penjelasan):
        parts.append(Text(t("no_penjelasan"), style="italic"))
    parts.append(Text(t("criteria"), style="bold underline"))
    return tuple(parts)


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
        self._head: tuple[Text, ...] = ()

    def show(self, state: IndicatorState, t: Translator) -> None:
        """A new indicator, shown from its first line."""
        self._head = _heading(state, t)
        self.show_renderable(_detail(self._head, state), home=True)

    def show_level(self, state: IndicatorState) -> None:
        """Another level of the shown indicator: only the marked criteria change."""
        self.show_renderable(_detail(self._head, state))

    def prepare_indicator(self, state: IndicatorState, t: Translator) -> None:
        """Render an indicator that may be shown next, while idle: showing it then costs only
        the comparison with the screen."""
        self.prepare(_detail(_heading(state, t), state))


def _detail(head: tuple[Text, ...], state: IndicatorState) -> Group:
    return Group(*head, *_levels(state))
