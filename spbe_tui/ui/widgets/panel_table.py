"""The panel's table of levels, moving its cursor row like the reviewer's list moves its cursor:
past the edge it jumps a third of a page instead of scrolling by one row. DataTable repaints
every visible row when it scrolls, so scrolling by one row sent the whole table (~12 KB at
120×40) over SSH for every ↓ beyond the last visible row."""

from __future__ import annotations

from textual.widgets import DataTable


class PanelTable(DataTable):
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
