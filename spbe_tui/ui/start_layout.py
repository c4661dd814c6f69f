"""A first frame that is complete: one layout of it, nothing fitted or placed again after it.

Over a thin link every frame after the first is bytes and time before the screen is final. The
reviewer's start made three: the first, then the list's names fitted to the width the layout
gave (~60 ms later), then the tab's underline placed (~30 ms after that). What the first layout
will give is worked out here before it, from the stylesheet's rules; a wrong answer costs only
the frame that puts it right.

`OneStartLayout`: at start Textual sends the app a Resize of the terminal's size itself, and the
driver sends another of the same size as it starts. Textual keeps the second (`App._on_resize`
stores an event before it compares sizes) and hands it to the screen when idle: the whole screen
laid out and painted again right after the first layout, with nothing changed (9–15 ms in the
reviewer at 120×40). Until the first layout (the app's Ready event) such a Resize is dropped.
Later ones of the same size still reach the screen: a resize back to the size the terminal had
repaints it whole, which is what a person who resizes a garbled terminal expects.

It also reads the screen's map once the start's layouts are done (`settle_screen_map`).
Textual marks that map stale at the start and after a layout that adds widgets, until something
reads it. Showing a widget reads it (for the widget's size) and so rebuilds it with the widget
already in: the layout then finds nothing new to paint. The frames right after the first used to
read it; with nothing after the first frame, the reviewer's filter was missing from the screen
on the first `/`.
"""

from __future__ import annotations

from contextlib import suppress
from fractions import Fraction
from typing import TypeVar

from textual import events
from textual.app import App
from textual.errors import NoWidget
from textual.geometry import Size
from textual.widget import Widget
from textual.widgets import Tab, Tabs
from textual.widgets._tabs import Underline  # private module: Textual exports no Underline

ReturnType = TypeVar("ReturnType")


class OneStartLayout(App[ReturnType]):
    """Base for the apps: drops a Resize that repeats the start size before the first layout,
    and leaves the screen's map fresh after it."""

    _start_size: Size | None = None
    _laid_out = False

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Ready):
            self._laid_out = True
            self.settle_screen_map()
        elif isinstance(event, events.Resize) and not self._laid_out:
            if event.size == self._start_size:
                return
            self._start_size = event.size
        await super().on_event(event)

    def settle_screen_map(self) -> None:
        """Read the screen's map while it matches the screen: after the start's last layout."""
        with suppress(NoWidget):
            self.screen.find_widget(self.screen)


def width_before_layout(column: Widget, width: int) -> int:
    """The width inside `column` that the first layout will give it, in a screen `width` wide:
    for a column sized in cells or a share of the screen, within its minimum and maximum.

    Content fitted to a width (the list's names) is made at mount, before any layout."""
    styles = column.styles
    screen = Size(width, 0)
    outer = styles.width.resolve(screen, screen) if styles.width is not None else Fraction(width)
    if styles.min_width is not None:
        outer = max(outer, styles.min_width.resolve(screen, screen))
    if styles.max_width is not None:
        outer = min(outer, styles.max_width.resolve(screen, screen))
    return max(0, int(outer) - styles.gutter.width)


def rows_between(height: int, *docked: Widget) -> int:
    """The rows the first layout will leave, in a screen `height` tall, between widgets docked
    at its edges with a height in cells (a wrong answer, as for `width_before_layout`, costs a
    second frame)."""
    return height - sum(int(w.styles.height.value) for w in docked
                        if w.styles.height is not None and w.styles.height.is_cells)


def underline_first_tab(tabs: Tabs) -> None:
    """Put the underline under the active tab before the first layout, if it is the first tab.

    Textual places it once the tab has its region, in a frame of its own: at start ~90 ms after
    the first (after the evidence tab's mount). The first tab starts at the bar's left edge, so
    its place is known from its label and padding; Textual's own placing then changes nothing."""
    active = tabs.active_tab
    if active is None or active is not tabs.query(Tab).first():
        return
    underline = tabs.query_one(Underline)
    start = active.styles.gutter.left
    # Set without a refresh: nothing is on the screen yet.
    underline.set_reactive(Underline.highlight_start, start)
    underline.set_reactive(Underline.highlight_end, start + active.label.cell_length)
