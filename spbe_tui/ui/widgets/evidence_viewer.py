"""The preview of one evidence file: text page by page with search, tables, half-block images.

Loading runs in an exclusive worker, so arrowing quickly through files cancels stale loads and
input is never blocked; text comes from SQLite a page at a time, so the first page of a long
document shows at once. The same viewer serves the evidence tab and the full-screen view; its
`position()` carries the page, search and scroll from one to the other.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass
from functools import partial
from typing import cast

from rich.text import Text
from textual.actions import SkipAction
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.geometry import Offset
from textual.message import Message
from textual.widget import Widget
from textual.widgets import ContentSwitcher, DataTable, Input, Static, TextArea
from textual.widgets.text_area import Selection

from spbe_tui.domain.media import Preview
from spbe_tui.i18n import Translator
from spbe_tui.safe_text import inert
from spbe_tui.services.evidence import (
    EvidenceItem,
    EvidenceReader,
    Hit,
    ImageUnavailable,
    load_image,
    parse_table,
)
from spbe_tui.ui.bindings import translate_bindings
from spbe_tui.ui.widgets.evidence_image import ZOOMS, ImageView

# What one extracted part is called, per domain.media part: in the position line and the prompt.
_POSITION = {"page": "position_page", "sheet": "position_sheet"}
_ASK = {"page": "ask_page", "sheet": "ask_sheet"}


@dataclass
class Latency:
    sha256: str
    media_type: str
    seconds: float


@dataclass(frozen=True)
class ViewerPosition:
    """Where a reader is in one file: page or sheet, search, the first line or row in view, zoom."""

    sha256: str
    page: int = 1
    needle: str = ""
    hit_index: int = -1
    top_line: int = 0  # document line of a text page, row of a table
    zoom_step: int = 0
    centre: tuple[float, float] = (0.5, 0.5)


SCROLL_BINDINGS: list[BindingType] = [
    Binding("up,k", "scroll_lines(-1)", show=False, id="preview-up"),
    Binding("down,j", "scroll_lines(1)", show=False, id="preview-down"),
    Binding("pageup", "scroll_pages(-1)", show=False, id="preview-page-up"),
    Binding("pagedown", "scroll_pages(1)", show=False, id="preview-page-down"),
    Binding("home", "scroll_edge(-1)", show=False, id="preview-top"),
    Binding("end", "scroll_edge(1)", show=False, id="preview-bottom"),
]


class ScrollsByKeys:
    """SCROLL_BINDINGS' actions for a preview pane: the pane scrolls itself, without animation
    (every frame of one is bytes over SSH). Where there is nothing to scroll the key goes on to
    the next binding of it.

    A plain mixin listed after the Textual widget it joins: Textual takes a widget's CSS type
    from its first base, and BINDINGS are set on the pane (a later base's would lose to the
    widget's own up/down/home/end).
    """

    def _page_height(self) -> int:
        return max(1, cast(Widget, self).scrollable_content_region.height - 1)

    def _scrollable(self) -> Widget:
        widget = cast(Widget, self)
        if not widget.allow_vertical_scroll:
            raise SkipAction()
        return widget

    def action_scroll_lines(self, lines: int) -> None:
        self._scrollable().scroll_relative(y=lines, animate=False, immediate=True)

    def action_scroll_pages(self, pages: int) -> None:
        self._scrollable().scroll_relative(y=pages * self._page_height(), animate=False, immediate=True)

    def action_scroll_edge(self, edge: int) -> None:
        widget = self._scrollable()
        widget.scroll_to(y=0 if edge < 0 else widget.max_scroll_y, animate=False, immediate=True)


class PreviewText(TextArea, ScrollsByKeys):
    """A read-only page of text."""

    BINDINGS = SCROLL_BINDINGS

    def action_undo(self) -> None:
        raise SkipAction()  # nothing to undo in a preview: ctrl+z is the reviewer's undo

    def action_redo(self) -> None:
        raise SkipAction()

    def top_line(self) -> int:
        return self.wrapped_document.offset_to_location(Offset(0, round(self.scroll_y)))[0]

    def show_line(self, line: int) -> None:
        self.scroll_to(y=self.wrapped_document.location_to_offset((line, 0)).y, animate=False, immediate=True)


class PreviewTable(DataTable[Text], ScrollsByKeys):
    """A CSV file or a sheet. Without a cursor, so every movement key scrolls."""

    BINDINGS = SCROLL_BINDINGS

    def _page_height(self) -> int:
        return max(1, self.scrollable_content_region.height - self.header_height - 1)

    def top_line(self) -> int:
        return round(self.scroll_y)

    def show_line(self, line: int) -> None:
        self.scroll_to(y=line, animate=False, immediate=True)


class InfoPane(Static, can_focus=True):
    """What is known of a file that cannot be shown."""


class Prompt(Input):
    """The page number or search text asked for; Escape puts it away. Bound here, not on the
    viewer, so that elsewhere Escape is the panel's or the full screen's (and their footer shows it)."""

    BINDINGS = [Binding("escape", "cancel", show=False)]

    class Cancelled(Message):
        pass

    def action_cancel(self) -> None:
        self.display = False
        self.post_message(self.Cancelled())


class EvidenceViewer(Vertical):
    BINDINGS = [
        # One footer entry for the pair, so the footer keeps room for the reviewer's own keys.
        Binding("right_square_bracket", "page(1)", "key_pages", key_display="[ ]", id="page-next"),
        Binding("left_square_bracket", "page(-1)", show=False, id="page-prev"),
        Binding("g", "ask('page')", "key_goto", show=False, id="goto-page"),
        Binding("slash", "ask('search')", "key_search", id="search"),
        Binding("n", "hit(1)", show=False, id="next-hit"),
        Binding("N", "hit(-1)", show=False, id="previous-hit"),
        Binding("p", "path", "key_path", show=False, id="evidence-path"),
        Binding("c", "copy_path", "key_copy_path", show=False, id="evidence-copy"),
    ]

    full = False  # on the full screen the status line is the title: it names the file too

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.reader: EvidenceReader | None = None
        self.t: Translator | None = None
        self.item: EvidenceItem | None = None
        self.pages: list[tuple[int, str]] = []
        self.page = 1
        self.hits: list[Hit] = []
        self.hit_index = -1
        self.needle = ""
        self.asking = ""
        self.more_rows = 0
        self.latencies: list[Latency] = []  # selection → first content on screen, for the benchmark

    def compose(self) -> ComposeResult:
        # Set here, not on mount: a viewer mounted while the app quits gets its mount event
        # without its children.
        field = Prompt(id="viewer-input")
        field.display = False
        field.cursor_blink = False
        text = PreviewText(read_only=True, id="viewer-text", soft_wrap=True, show_line_numbers=False,
                           show_cursor=False)
        text.cursor_blink = False
        yield Static(id="viewer-status")
        yield field
        with ContentSwitcher(initial="viewer-text", id="viewer-switcher"):
            yield text
            yield PreviewTable(id="viewer-table", zebra_stripes=True, cursor_type="none")
            yield ImageView(id="viewer-image")
            yield InfoPane(id="viewer-info")

    def on_descendant_focus(self) -> None:
        self._show_focus()

    def on_descendant_blur(self) -> None:
        self._show_focus()

    def _show_focus(self) -> None:
        # From where the focus is, not from which message came: the blur of one part and the
        # focus of another reach here in either order.
        focused = self.screen.focused
        self.set_class(focused is not None and self in focused.ancestors, "-has-focus")

    # --- loading -------------------------------------------------------------------------------

    def show(self, reader: EvidenceReader, item: EvidenceItem | None, t: Translator, empty_text: str = "",
             position: ViewerPosition | None = None) -> None:
        """Preview `item`; at `position` when it is one in this same file."""
        if self.t is None:
            for node in (self, *self.query_one(ContentSwitcher).children):
                translate_bindings(node, t)
        self.reader, self.item, self.t = reader, item, t
        self.hits, self.hit_index, self.needle = [], -1, ""
        started = time.perf_counter()
        if item is None:
            self._show_info(empty_text)
            return
        where = position if position is not None and position.sha256 == item.sha256 else ViewerPosition(item.sha256)
        # A callable, not a coroutine: a load cancelled before it starts is then never created.
        # textual's WorkType makes mypy infer Never for an async callable (Textualize/textual#6386).
        self.run_worker(partial(self._load, item, started, where), exclusive=True, group="preview")  # type: ignore[arg-type]

    async def _load(self, item: EvidenceItem, started: float, where: ViewerPosition) -> None:
        assert self.reader is not None
        kind = item.media.preview
        if item.status == "failed" or (kind is not Preview.IMAGE and item.page_count == 0):
            self._show_info(self._info(item))
        elif kind is Preview.IMAGE:
            await self._load_image(item, where)
        else:
            self.pages = self.reader.page_titles(item.sha256)
            self.page = max(1, min(len(self.pages), where.page))
            self._show_page()
            if where.needle:
                self.needle = where.needle
                self.hits = self.reader.search(item.sha256, where.needle)
                self.hit_index = min(where.hit_index, len(self.hits) - 1)
                self._select_hit()
                self._status(self._page_label())
            self.call_after_refresh(self._visible_pane().show_line, where.top_line)
        self.call_after_refresh(self._record, item, started)

    def _record(self, item: EvidenceItem, started: float) -> None:
        self.latencies.append(Latency(item.sha256, item.media_type, time.perf_counter() - started))

    async def _load_image(self, item: EvidenceItem, where: ViewerPosition) -> None:
        assert self.reader is not None
        self.pages = []
        path = self.reader.stored_path(item.stored_path)
        if path is None:
            self._show_info(self._info(item))
            return
        try:
            # Decoding a large screenshot takes tens of milliseconds: not on the UI thread.
            picture = await asyncio.to_thread(load_image, path)
        except ImageUnavailable as exc:
            self._show_info(self._info(item, str(exc)))
            return
        self.query_one(ImageView).show(picture, where.zoom_step, where.centre)
        self._switch("viewer-image")
        self._status(self._image_label())

    # --- kinds of content ----------------------------------------------------------------------

    def _switch(self, pane: str) -> None:
        """Show one pane; if the one shown had the focus, or nothing has it yet (a full screen
        just opened), the new one takes it."""
        switcher = self.query_one(ContentSwitcher)
        focused = self.screen.focused
        had_focus = focused is None or focused.parent is switcher
        if pane != "viewer-image":
            self.query_one(ImageView).show(None)  # the decoded image is released with the item
        switcher.current = pane
        if had_focus:
            self.focus_content()

    def focus_content(self) -> None:
        # The switcher starts on "viewer-text" (initial=), so some pane is always visible.
        visible = self.query_one(ContentSwitcher).visible_content
        if visible is not None:
            visible.focus()

    def _visible_pane(self) -> PreviewText | PreviewTable:
        if self.item is not None and self.item.media.preview is Preview.TABLE:
            return self.query_one(PreviewTable)
        return self.query_one(PreviewText)

    def _info(self, item: EvidenceItem, reason: str = "") -> str:
        assert self.t is not None
        lines = [
            inert(item.name),
            f"{item.media_type} · {item.size:,} B",
            f"sha256 {item.sha256}",
        ]
        reason = reason or (self.t("evidence_failed", reason=item.error) if item.status == "failed" else
                            self.t("evidence_no_text", type=item.media_type))
        lines.append(inert(reason))
        return "\n".join(lines)

    def _show_info(self, text: str) -> None:
        self.pages = []
        self._status("")
        self.query_one(InfoPane).update(Text(text))
        self._switch("viewer-info")

    def _page_label(self) -> str:
        assert self.t is not None and self.item is not None
        if not self.pages:
            return ""
        label = self.t(_POSITION[self.item.media.part], n=self.page, total=len(self.pages))
        title = dict(self.pages).get(self.page)
        if title:
            label += f": {inert(title)}"
        if self.more_rows:
            label += " · " + self.t("more_rows", n=self.more_rows)
        if self.hits:
            label += f" · {self.hit_index + 1}/{len(self.hits)} «{inert(self.needle)}» n/N"
        elif self.needle:
            label += f" · 0 «{inert(self.needle)}»"
        return label

    def _image_label(self) -> str:
        assert self.t is not None and self.item is not None
        view = self.query_one(ImageView)
        if view.picture is None:
            return ""
        zoom = f"{ZOOMS[view.zoom_step]:g}"
        return self.t("image_position", type=self.item.media.label, width=view.picture.width,
                      height=view.picture.height, zoom=zoom)

    def _status(self, text: str) -> None:
        if self.full and self.item is not None:
            text = f"{inert(self.item.name)} · {text}" if text else inert(self.item.name)
        self.query_one("#viewer-status", Static).update(Text(text, no_wrap=True, overflow="ellipsis"))

    def _show_text(self) -> None:
        assert self.reader is not None and self.item is not None
        area = self.query_one(PreviewText)
        area.load_text(inert(self.reader.page_text(self.item.sha256, self.page)))
        self.more_rows = 0
        self._switch("viewer-text")
        self._status(self._page_label())

    def _show_table(self) -> None:
        assert self.reader is not None and self.item is not None
        table = parse_table(self.reader.page_text(self.item.sha256, self.page), self.item.media_type)
        grid = self.query_one(PreviewTable)
        grid.clear(columns=True)
        grid.add_columns(*(Text(inert(h) or " ") for h in table.header))
        grid.add_rows([[Text(inert(c)) for c in row] for row in table.rows])
        self.more_rows = table.more
        self._switch("viewer-table")
        self._status(self._page_label())

    def _show_page(self) -> None:
        if self.item is not None and self.item.media.preview is Preview.TABLE:
            self._show_table()
        else:
            self._show_text()

    def on_image_view_changed(self, event: ImageView.Changed) -> None:
        event.stop()
        self._status(self._image_label())

    # --- where the reader is -------------------------------------------------------------------

    def position(self) -> ViewerPosition | None:
        if self.item is None:
            return None
        image = self.query_one(ImageView)
        top = self._visible_pane().top_line() if self.pages else 0
        return ViewerPosition(self.item.sha256, self.page, self.needle, self.hit_index, top,
                              image.zoom_step, image.centre)

    def stored_location(self) -> str:
        assert self.reader is not None and self.item is not None
        return str(self.reader.stored_path(self.item.stored_path) or self.item.stored_path)

    # --- navigation and search -----------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Keys that mean nothing for what is shown leave the footer, and go on to the app's."""
        if action == "page":
            return len(self.pages) > 1
        if action in ("ask", "hit"):
            return bool(self.pages)
        if action in ("path", "copy_path"):
            return self.item is not None
        return True

    def action_page(self, delta: int) -> None:
        if not self.pages:
            return
        target = max(1, min(len(self.pages), self.page + delta))
        if target != self.page:
            self.page = target
            self._show_page()

    def action_ask(self, what: str) -> None:
        if not self.pages or self.t is None or self.item is None:
            return
        self.asking = what
        field = self.query_one("#viewer-input", Input)
        if what == "page":
            field.placeholder = self.t(_ASK[self.item.media.part], n=len(self.pages))
        else:
            field.placeholder = self.t("ask_search")
        field.value = ""
        field.display = True
        field.focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        field = event.input
        field.display = False
        value = event.value.strip()
        if self.asking == "page" and value.isdigit():
            self.page = max(1, min(len(self.pages), int(value)))
            self._show_page()
        elif self.asking == "search" and value and self.reader is not None and self.item is not None:
            self.needle = value
            self.hits = self.reader.search(self.item.sha256, value)
            self.hit_index = -1
            self.action_hit(1)
            if not self.hits:
                self._status(self._page_label())
        self.focus_content()

    def on_prompt_cancelled(self, event: Prompt.Cancelled) -> None:
        event.stop()
        self.focus_content()

    def action_hit(self, step: int) -> None:
        if not self.hits:
            return
        self.hit_index = (self.hit_index + step) % len(self.hits)
        hit = self.hits[self.hit_index]
        if hit.page != self.page:
            self.page = hit.page
            self._show_page()
        self._status(self._page_label())
        self._select_hit()

    def _select_hit(self) -> None:
        if self.hit_index < 0 or self.item is None or self.item.media.preview is Preview.TABLE:
            return
        hit = self.hits[self.hit_index]
        if hit.page == self.page:
            area = self.query_one(PreviewText)
            area.selection = Selection((hit.row, hit.column), (hit.row, hit.column + len(self.needle)))
            area.scroll_cursor_visible(center=True)

    # --- the stored file -----------------------------------------------------------------------

    def action_path(self) -> None:
        if self.item is None or self.t is None:
            return
        self.notify(self.t("evidence_stored", path=self.stored_location()), timeout=20, markup=False)

    def action_copy_path(self) -> None:
        if self.item is None or self.t is None:
            return
        path = self.stored_location()
        self.app.copy_to_clipboard(path)
        self.notify(self.t("path_copied", path=path), timeout=10, markup=False)
