"""The panel's table of levels, moving its cursor row like the reviewer's list moves its cursor:
past the edge it jumps a third of a page instead of scrolling by one row. DataTable repaints
every visible row when it scrolls, so scrolling by one row sent the whole table (~12 KB at
120×40) over SSH for every ↓ beyond the last visible row."""

from __future__ import annotations

from typing import Self

from rich.style import Style
from textual.geometry import Region
from textual.widgets import DataTable

from spbe_tui.ui.widgets.focus_bar import KeepsLookOnFocus


class PanelTable(DataTable, KeepsLookOnFocus):
    """Also keeps one look focused and not (styles/panel.tcss): a dialog opening over the table
    and closing moved the focus away and back, and each time DataTable repainted the whole table
    (16 KB at 120×40) in a frame that changed no cell."""

    _restyling = False
    _painted_style: Style | None = None

    def notify_style_update(self) -> None:
        self._restyling = True
        try:
            super().notify_style_update()  # DataTable's: its render caches cleared, then a whole repaint
        finally:
            self._restyling = False

    def refresh(self, *regions: Region, repaint: bool = True, layout: bool = False, recompose: bool = False) -> Self:
        if self._restyling and not (regions or layout or recompose):
            # The caches are cleared, so whatever is painted next has the new styles; a restyle
            # that kept the colours (a focus change) needs no repaint of its own.
            if self.rich_style == self._painted_style:
                return self
            self._painted_style = self.rich_style
        return super().refresh(*regions, repaint=repaint, layout=layout, recompose=recompose)

    def _scroll_cursor_into_view(self, animate: bool = False) -> None:
        # Overrides DataTable's private hook (textual 8.2.8, pinned) for rows; columns and cells
        # keep its behaviour.
        if self.cursor_type != "row":
            super()._scroll_cursor_into_view(animate)
            return
        header = self.header_height if self.show_header else 0
        height = self.scrollable_content_region.height - header
        row = self.cursor_row
        top = int(self.scroll_y)
        if height <= 0 or top <= row < top + height:
            return
        target = row - height // 3 if row >= top + height else row - height + 1 + height // 3
        self.scroll_to(y=max(0, target), animate=False)
