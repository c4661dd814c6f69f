"""A scrollable view of one Rich renderable that, when its content is replaced, repaints only the
cells that differ from what is on screen.

Over a thin SSH link every repainted cell is bytes on the wire. A `Static` in a scroll container
repaints its whole region on `update` and asks the screen for a new layout when its height
changes; a layout then repaints every scroll bar on the screen. Here the content is rendered to
lines once, the virtual size is kept by the view itself (no layout), and a new content refreshes
only the span of each screen row whose cells changed: moving between two indicators sends the
text that differs, not the pane.

There is no scroll bar (it would be repainted whenever the length changes); when more lines are
below, the last row ends with a marker saying how many.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from typing import NamedTuple

from rich.cells import cell_len
from rich.console import Group, RenderableType
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.geometry import Region, Size
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.widget import Widget

from spbe_tui.ui.widgets.focus_bar import DrawsFocusBar, focus_bar, with_focus_bar


class _Cells(NamedTuple):
    text: str  # one character per cell
    styles: list[Style | None]  # the style of each cell


class _Rows(NamedTuple):
    row: Callable[[int], Strip]  # what the row at a height shows
    cells: Callable[[int], Strip]  # the same without the focus bar, which one paint shares
    line: Callable[[int], Strip | None]  # the content line it shows, if it shows one unmarked
    height: int


def _cells(strip: Strip) -> _Cells | None:
    """The strip cell by cell, or None when it holds a character wider than one cell."""
    texts: list[str] = []
    styles: list[Style | None] = []
    for segment in strip:
        if segment.control:
            continue
        text = segment.text
        if not (text.isascii() or all(cell_len(char) == 1 for char in text)):
            return None
        texts.append(text)
        styles += [segment.style] * len(text)
    return _Cells("".join(texts), styles)


def _differ(a: _Cells, b: _Cells, at: int) -> bool:
    return a.text[at] != b.text[at] or (a.styles[at] is not b.styles[at] and a.styles[at] != b.styles[at])


def changed_span(old: Strip, new: Strip) -> tuple[int, int] | None:
    """The cells [start, end) of a row that differ between two renders of it, None if none do.
    Searched for from both ends: between indicators most rows differ in their first cell."""
    if old == new:
        return None
    a, b = _cells(old), _cells(new)
    if a is None or b is None or len(a.text) != len(b.text):
        return 0, max(old.cell_length, new.cell_length)
    count = len(a.text)
    start = next((at for at in range(count) if _differ(a, b, at)), count)
    if start == count:  # the same cells, cut into segments differently
        return None
    end = next(at for at in range(count - 1, start - 1, -1) if _differ(a, b, at)) + 1
    return start, end


def _parts(content: RenderableType) -> list[RenderableType]:
    return list(content.renderables) if isinstance(content, Group) else [content]


class LineView(ScrollView, can_focus=True):
    # The marker at the end of the last row when lines are hidden below it.
    more_marker = "▼ {n}"
    # How many rendered parts are kept: the parts of what is shown and of what was prepared.
    kept_parts = 128

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._renderable: RenderableType = Text("")
        self._lines: list[Strip] = []
        self._rendered_width = -1
        self._rendered_style = Style()  # the base style the lines were rendered in
        self._gutter = 1 if isinstance(self, DrawsFocusBar) else 0  # the focus bar's column
        self._painting: Callable[[int], Strip] | None = None  # the rows of the paint under way
        # The lines of the parts rendered last, at the width and colours of `_rendered_*`, by the
        # part's identity: a part shown again (the indicator's text while only its marked level
        # changes, a neighbour prepared while idle) is not rendered again. Bounded: least recently
        # used parts go first. Each entry holds its part, so an identity is never reused for
        # another part while it is here.
        self._part_lines: OrderedDict[int, tuple[RenderableType, list[Strip]]] = OrderedDict()

    # --- content -------------------------------------------------------------------------------

    def show_renderable(self, renderable: RenderableType, *, home: bool = False) -> None:
        """Replace the content; `home` also scrolls back to the first line."""
        self._renderable = renderable
        self.repaint_changes(home=home)

    def content(self, width: int) -> RenderableType:
        """What to show at this width; a view whose content depends on the width builds it here."""
        return self._renderable

    def repaint_changes(self, *, home: bool = False) -> None:
        """Render the content again and repaint the cells that changed."""
        style = self.rich_style  # walks the ancestors: looked at once for the whole repaint
        if self._stale(style):
            self.refresh()  # not laid out yet, resized or restyled: everything is painted anyway
            return
        before = self._rows(style)
        self._lines = self._content_lines(style)
        self._set_height()
        if home:
            self.set_reactive(ScrollView.scroll_y, 0.0)
            self.set_reactive(ScrollView.scroll_target_y, 0.0)
        else:
            self.set_reactive(ScrollView.scroll_y, float(min(self.scroll_offset.y, self.max_scroll_y)))
        self._repaint_changes(before, self._rows(style))

    def _width(self) -> int:
        return self.scrollable_content_region.width - self._gutter

    def _stale(self, style: Style | None = None) -> bool:
        """The lines were rendered at another width or in other colours (a focus or theme change)."""
        return self._rendered_width != self._width() or self._rendered_style != (
            self.rich_style if style is None else style)

    def _content_lines(self, style: Style | None = None) -> list[Strip]:
        """The content's lines. A Group's parts are rendered one by one, each starting a line as
        the Group would start it (rich's Text ends its last line), and each kept for the next
        content at the same width and colours."""
        width = self._width()
        style = self.rich_style if style is None else style
        if (width, style) != (self._rendered_width, self._rendered_style):
            self._part_lines.clear()
        self._rendered_width, self._rendered_style = width, style
        if width <= 0:
            return []
        return [line for strips in self._render_parts(_parts(self.content(width)), width, style) for line in strips]

    def prepare(self, renderable: RenderableType) -> None:
        """Render a content that may be shown next (while idle), so showing it renders only the
        parts it does not share with it. Nothing on screen changes."""
        width = self._width()
        if width > 0 and not self._stale():  # else what it rendered would be thrown away
            self._render_parts(_parts(renderable), width, self._rendered_style)

    def _render_parts(self, parts: list[RenderableType], width: int, style: Style) -> list[list[Strip]]:
        """Each part's lines, from the kept ones where the part was rendered before."""
        console = self.app.console
        options = console.options.update_width(width)
        kept = self._part_lines
        rendered_parts: list[list[Strip]] = []
        for part in parts:
            entry = kept.get(id(part))
            if entry is None or entry[0] is not part:
                rendered = console.render_lines(part, options, style=style, pad=True)
                entry = kept[id(part)] = (part, [Strip(line, width) for line in rendered])
                if len(kept) > self.kept_parts:
                    kept.popitem(last=False)
            else:
                kept.move_to_end(id(part))
            rendered_parts.append(entry[1])
        return rendered_parts

    def _set_height(self) -> None:
        # Kept here rather than through the reactive, which would lay out the whole screen.
        self.set_reactive(Widget.virtual_size, Size(self._rendered_width, len(self._lines)))

    # --- painting ------------------------------------------------------------------------------

    def _rows(self, style: Style | None = None) -> _Rows:
        """The rows of the view as it is now. Its style, region and bar are worked out once here,
        not per row: each walks the widget's styles or ancestors, and a level key compared every
        row twice (~60 walks, most of the key's time)."""
        width, lines = self._rendered_width, self._lines
        base = self.rich_style if style is None else style
        height = self.scrollable_content_region.height
        top = int(self.scroll_offset.y)
        below = len(lines) - (top + height)
        bar = focus_bar(self, base) if self._gutter else None

        def marked(y: int) -> bool:  # the last row, when lines are hidden below it
            return y == height - 1 and below > 0

        def cells(y: int) -> Strip:
            index = top + y
            strip = lines[index] if 0 <= index < len(lines) else Strip.blank(width, base)
            if marked(y):
                marker = " " + self.more_marker.format(n=below) + " "
                keep = max(0, width - cell_len(marker))
                tail = Segment(marker, base + Style(reverse=True, bold=True))
                strip = Strip([*strip.crop(0, keep), tail], keep + cell_len(marker))
            return strip

        def row(y: int) -> Strip:
            return with_focus_bar(self, cells(y), width + 1, bar) if bar is not None else cells(y)

        def line(y: int) -> Strip | None:
            """The content line at a row (None: the row shows none, or the marker too)."""
            index = top + y
            return lines[index] if 0 <= index < len(lines) and not marked(y) else None

        return _Rows(row, cells, line, height)

    def _repaint_changes(self, before: _Rows, after: _Rows) -> None:
        """Both taken in one repaint, so with the same bar: the rows compare without it."""
        changed: list[Region] = []
        for y in range(after.height):
            line = after.line(y)
            if line is not None and line is before.line(y):
                continue  # the same line of the same part at the same row
            span = changed_span(before.cells(y), after.cells(y))
            if span is not None:
                start, end = span
                changed.append(Region(start + self._gutter, y, end - start, 1))
        if changed:
            self.refresh(*changed)  # one call: each works out the view's place on the screen

    def render_lines(self, crop: Region) -> list[Strip]:
        # The rows of one paint share one look at the view's style, region and focus.
        self._render_again_if_stale()
        self._painting = self._rows().row
        try:
            return super().render_lines(crop)
        finally:
            self._painting = None

    def render_line(self, y: int) -> Strip:
        if self._painting is not None:
            return self._painting(y)
        self._render_again_if_stale()
        return self._rows().row(y)

    def _render_again_if_stale(self) -> None:
        if self._stale():
            self._lines = self._content_lines()
            self._set_height()

    def on_resize(self) -> None:
        # Textual repaints a widget whose region changed; the lines follow a new width when they
        # are painted. A resize that changed neither (the one that follows the first paint of a
        # dialog) repainted the view whole in a frame of its own, every cell the same.
        if self._stale():
            self.refresh()

    def notify_style_update(self) -> None:
        # The lines carry the background the view had when they were rendered, which may come
        # from an ancestor (the screen's, a theme's): a restyle anywhere above that changed it
        # must paint them again, or rows not otherwise repainted keep the old colour.
        super().notify_style_update()
        if self._rendered_width >= 0 and self._stale():
            self.refresh()
