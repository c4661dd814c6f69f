"""A list that renders only the rows on screen, so showing 6,160 institutions costs what showing
thirty does. Textual's OptionList builds and measures every option when it is filled.

The keys stay with whoever has the focus (the picker's filter field); the list is told which row
is highlighted and says which row was clicked.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Generic, TypeVar

from rich.text import Text
from textual.events import Click
from textual.geometry import Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

T = TypeVar("T")


class VirtualList(ScrollView, Generic[T], can_focus=False):
    COMPONENT_CLASSES = {"virtual-list--highlighted"}

    class Clicked(Message):
        def __init__(self, index: int) -> None:
            self.index = index
            super().__init__()

    def __init__(self, line: Callable[[T], Text], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._line = line
        self._items: Sequence[T] = ()
        self._highlighted: int | None = None

    @property
    def highlighted(self) -> int | None:
        return self._highlighted

    def show(self, items: Sequence[T], highlighted: int | None) -> None:
        self._items = items
        self._highlighted = highlighted if items else None
        self.virtual_size = Size(self.scrollable_content_region.width, len(items))
        self.refresh()
        self.call_after_refresh(self._keep_visible)

    def highlight(self, index: int) -> None:
        if not self._items:
            return
        index = max(0, min(len(self._items) - 1, index))
        before, self._highlighted = self._highlighted, index
        for row in (before, index):
            if row is not None:
                self.refresh(Region(0, row - int(self.scroll_offset.y), self.size.width, 1))
        self._keep_visible()

    def _keep_visible(self) -> None:
        if self._highlighted is None:
            return
        top, height = int(self.scroll_offset.y), self.scrollable_content_region.height
        if self._highlighted < top:
            self.scroll_to(y=self._highlighted, animate=False)
        elif height and self._highlighted >= top + height:
            self.scroll_to(y=self._highlighted - height + 1, animate=False)

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        index = int(self.scroll_offset.y) + y
        if not 0 <= index < len(self._items):
            return Strip.blank(width, self.rich_style)
        text = self._line(self._items[index]).copy()
        text.truncate(width, overflow="ellipsis", pad=True)
        style = self.rich_style
        if index == self._highlighted:
            style += self.get_component_rich_style("virtual-list--highlighted")
        segments = list(text.render(self.app.console))
        return Strip(segments, width).apply_style(style)

    def on_click(self, event: Click) -> None:
        index = int(self.scroll_offset.y) + event.y
        if 0 <= index < len(self._items):
            self.highlight(index)
            self.post_message(self.Clicked(index))
