"""The bar on a pane's left edge that says the pane has the keys, drawn by the pane itself.

As a CSS border on `:focus` the bar is a style, and Textual repaints a restyled widget whole: the
indicator list sent ~6 KB over SSH at 120×40 on every `/`, `e`, Escape and Tab that moved the
focus to or from it. Drawn in the pane's own first column, a change of focus repaints that column
and, in the list, the cursor's line: the only cells whose look depends on the focus.

A pane that draws the bar declares the component class below (its colour comes from the
stylesheet) and keeps its other styles the same focused and not.
"""

from __future__ import annotations

from contextlib import suppress

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.css.query import NoMatches
from textual.geometry import Region
from textual.strip import Strip
from textual.widget import NoScreen, Widget

FOCUS_BAR = "focus-bar"
BAR = "▌"


def focus_bar(widget: Widget, base: Style | None = None) -> Segment:
    """The bar's cell of `widget` as it is now: the bar, or a blank when it is not focused
    (`base`: the widget's style, when the caller has it already)."""
    base = widget.rich_style if base is None else base
    if widget.has_focus:
        return Segment(BAR, base + widget.get_component_rich_style(FOCUS_BAR, partial=True))
    return Segment(" ", base)


def with_focus_bar(widget: Widget, strip: Strip, width: int, bar: Segment | None = None) -> Strip:
    """One row of `widget`: the bar (`bar` when the caller has it already, as for many rows at
    once: working it out walks the widget's styles), then the strip's first width − 1 cells."""
    return Strip([bar or focus_bar(widget), *strip.crop(0, width - 1)], width)


def repaint_focus_bar(widget: Widget) -> None:
    widget.refresh(Region(0, 0, 1, widget.size.height))


class KeepsLookOnFocus(Widget, can_focus=True):
    """A widget whose stylesheet gives it one look focused and not, but for what
    `repaint_for_focus` repaints (nothing, here). Named after the Textual widget it goes with
    (`class Pane(Tree, KeepsLookOnFocus)`): Textual applies the CSS of the first base's line only.

    Widget.focus and Widget's Focus and Blur handlers each repaint the whole widget; these do
    what those do but that.
    """

    def repaint_for_focus(self) -> None:
        """Repaint the cells that show the focus."""

    def focus(self, scroll_visible: bool = True) -> KeepsLookOnFocus:
        def set_focus() -> None:
            with suppress(NoScreen, NoMatches):
                self.screen.set_focus(self, scroll_visible=scroll_visible)

        self.app.call_later(set_focus)
        return self

    def _on_focus(self, event: events.Focus) -> None:
        event.prevent_default()  # Widget's handler: has_focus, a whole repaint, DescendantFocus
        self.has_focus = True
        self.repaint_for_focus()
        if self.parent is not None:
            self.parent.post_message(events.DescendantFocus(self))

    def _on_blur(self, event: events.Blur) -> None:
        event.prevent_default()
        self.has_focus = False
        self.repaint_for_focus()
        if self.parent is not None:
            self.parent.post_message(events.DescendantBlur(self))


class DrawsFocusBar(KeepsLookOnFocus):
    """A pane that draws the focus bar in its render_line (see with_focus_bar)."""

    def repaint_for_focus(self) -> None:
        repaint_focus_bar(self)
