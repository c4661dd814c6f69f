"""Screens without the whole-screen repaint Textual makes on every focus change.

`Screen.focused` is a reactive that repaints the screen when it changes: 12 KB at 120×40 for
every Tab, `/`, `e` or Escape over the SSH link, for cells that are the same before and after; on
a dialog, whose screen is dimmed behind it, ~18 KB in a frame of its own after it opened.
What does depend on the focus (the `:focus` bar on a pane, the tree's cursor colours, the key
line) is restyled and repainted by Textual's stylesheet and by the key line on their own.

It also says at once that the bindings changed with the focus, so the key line is in the frame
that shows the new focus; Textual says so only after that frame, and the key line went out in a
second frame ~30 ms later.
"""

from __future__ import annotations

from typing import Self

from textual.geometry import Region
from textual.reactive import Reactive
from textual.screen import ModalScreen, Screen, ScreenResultType
from textual.widget import Widget


class QuietFocus(Screen[ScreenResultType]):
    focused: Reactive[Widget | None] = Reactive(None, repaint=False)

    def refresh(self, *regions: Region, repaint: bool = True, layout: bool = False,
                recompose: bool = False) -> Self:
        # A layout of the whole screen, asked with a repaint of it: Textual asks one of the app
        # when a screen above this one has been removed, a frame after this one was repainted
        # on its return (the panel: ~7 KB at 120×40 after each dialog, every cell the same).
        # The layout marks what it moves or resizes; what changes otherwise repaints itself.
        if layout and not regions:
            repaint = False
        return super().refresh(*regions, repaint=repaint, layout=layout, recompose=recompose)

    def set_focus(self, widget: Widget | None, scroll_visible: bool = True, from_app_focus: bool = False) -> None:
        focused = self.focused
        super().set_focus(widget, scroll_visible=scroll_visible, from_app_focus=from_app_focus)
        if self.focused is not focused:
            self.refresh_bindings()


class QuietScreen(QuietFocus[None]):
    """The apps' main screen."""


class QuietModalScreen(QuietFocus[ScreenResultType], ModalScreen[ScreenResultType]):
    """A dialog or a screen over the main one."""
