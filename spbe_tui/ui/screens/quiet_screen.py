"""The reviewer's main screen, without the whole-screen repaint Textual makes on every focus change.

`Screen.focused` is a reactive that repaints the screen when it changes: 12 KB at 120×40 for
every Tab, `/`, `e` or Escape over the SSH link, for cells that are the same before and after.
What does depend on the focus (the `:focus` bar on a pane, the tree's cursor colours, the key
line) is restyled and repainted by Textual's stylesheet and by the key line on their own.
"""

from __future__ import annotations

from textual.reactive import Reactive
from textual.screen import Screen
from textual.widget import Widget


class QuietScreen(Screen[None]):
    focused: Reactive[Widget | None] = Reactive(None, repaint=False)
