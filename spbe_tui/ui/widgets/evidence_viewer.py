"""The preview of one evidence file: text page by page with search, tables, half-block images.

Loading runs in an exclusive worker, so arrowing quickly through files cancels stale loads and
input is never blocked; text comes from SQLite a page at a time, so the first page of a long
document shows at once.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass
from functools import partial

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
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


@dataclass
class Latency:
    sha256: str
    media_type: str
    seconds: float


class EvidenceViewer(Vertical):
    BINDINGS = [
        Binding("right_square_bracket", "page(1)", "key_page_next", id="page-next"),
        Binding("left_square_bracket", "page(-1)", "key_page_prev", id="page-prev"),
        Binding("g", "ask('page')", "key_goto", show=False, id="goto-page"),
        Binding("slash", "ask('search')", "key_search", id="search"),
        Binding("n", "hit(1)", show=False, id="next-hit"),
        Binding("N", "hit(-1)", show=False, id="previous-hit"),
    ]

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
        self.latencies: list[Latency] = []  # selection → first content on screen, for the benchmark

    def compose(self) -> ComposeResult:
        yield Static(id="viewer-status")
        yield Input(id="viewer-input")
        with ContentSwitcher(initial="viewer-text", id="viewer-switcher"):
            yield TextArea(read_only=True, id="viewer-text", soft_wrap=True, show_line_numbers=False)
            yield DataTable(id="viewer-table", zebra_stripes=True, cursor_type="row")
            yield Static(id="viewer-image")
            yield Static(id="viewer-info")

    def on_mount(self) -> None:
        field = self.query_one("#viewer-input", Input)
        field.display = False
        field.cursor_blink = False

    # --- loading -------------------------------------------------------------------------------

    def show(self, reader: EvidenceReader, item: EvidenceItem | None, t: Translator, empty_text: str = "") -> None:
        self.reader, self.item, self.t = reader, item, t
        self.hits, self.hit_index, self.needle = [], -1, ""
        started = time.perf_counter()
        if item is None:
            self._show_info(empty_text)
            return
        # A callable, not a coroutine: a load cancelled before it starts is then never created.
        # textual's WorkType makes mypy infer Never for an async callable (Textualize/textual#6386).
        self.run_worker(partial(self._load, item, started), exclusive=True, group="preview")  # type: ignore[arg-type]

    async def _load(self, item: EvidenceItem, started: float) -> None:
        assert self.reader is not None
        kind = item.media.preview
        if item.status == "failed" or (kind is not Preview.IMAGE and item.page_count == 0):
            self._show_info(self._info(item))
        elif kind is Preview.IMAGE:
            await self._load_image(item)
        else:
            self.pages = self.reader.page_titles(item.sha256)
            self.page = 1
            if kind is Preview.TABLE:
                self._show_table()
            else:
                self._show_text()
        self.call_after_refresh(self._record, item, started)

    def _record(self, item: EvidenceItem, started: float) -> None:
        self.latencies.append(Latency(item.sha256, item.media_type, time.perf_counter() - started))

    async def _load_image(self, item: EvidenceItem) -> None:
        from rich_pixels import Pixels

        assert self.reader is not None and self.t is not None
        path = self.reader.stored_path(item.stored_path)
        switcher = self.query_one(ContentSwitcher)
        width = max(8, switcher.size.width or 40)
        height = max(4, (switcher.size.height or 12))
        self._status(f"{item.media_type} · {inert(item.name)}")
        try:
            # Decoding a large screenshot takes tens of milliseconds: not on the UI thread.
            image = await asyncio.to_thread(load_image, path, (width, height * 2)) if path else None
        except ImageUnavailable as exc:
            self._show_info(self._info(item, str(exc)))
            return
        if image is None:
            self._show_info(self._info(item))
            return
        pixels = await asyncio.to_thread(Pixels.from_image, image)
        self.query_one("#viewer-image", Static).update(pixels)
        switcher.current = "viewer-image"

    # --- kinds of content ----------------------------------------------------------------------

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
        self.query_one("#viewer-info", Static).update(Text(text))
        self.query_one(ContentSwitcher).current = "viewer-info"

    def _page_label(self) -> str:
        assert self.t is not None and self.item is not None
        if not self.pages:
            return ""
        title = dict(self.pages).get(self.page) or self.t("page", n=self.page)
        label = f"{inert(title)} ({self.page}/{len(self.pages)})"
        if len(self.pages) > 1:
            label += " · [ ]"
        if self.hits:
            label += f" · {self.hit_index + 1}/{len(self.hits)} «{inert(self.needle)}» n/N"
        elif self.needle:
            label += f" · 0 «{inert(self.needle)}»"
        return label

    def _status(self, text: str) -> None:
        self.query_one("#viewer-status", Static).update(Text(text, no_wrap=True, overflow="ellipsis", style="dim"))

    def _show_text(self) -> None:
        assert self.reader is not None and self.item is not None
        area = self.query_one("#viewer-text", TextArea)
        area.load_text(inert(self.reader.page_text(self.item.sha256, self.page)))
        self.query_one(ContentSwitcher).current = "viewer-text"
        self._status(self._page_label())

    def _show_table(self) -> None:
        assert self.reader is not None and self.item is not None and self.t is not None
        table = parse_table(self.reader.page_text(self.item.sha256, self.page), self.item.media_type)
        grid = self.query_one("#viewer-table", DataTable)
        grid.clear(columns=True)
        grid.add_columns(*(Text(inert(h) or " ") for h in table.header))
        grid.add_rows([[Text(inert(c)) for c in row] for row in table.rows])
        self.query_one(ContentSwitcher).current = "viewer-table"
        label = self._page_label()
        if table.more:
            label += " · " + self.t("more_rows", n=table.more)
        self._status(label)

    def _show_page(self) -> None:
        if self.item is not None and self.item.media.preview is Preview.TABLE:
            self._show_table()
        else:
            self._show_text()

    # --- navigation and search -----------------------------------------------------------------

    def action_page(self, delta: int) -> None:
        if not self.pages:
            return
        target = max(1, min(len(self.pages), self.page + delta))
        if target != self.page:
            self.page = target
            self._show_page()

    def action_ask(self, what: str) -> None:
        if not self.pages or self.t is None:
            return
        self.asking = what
        field = self.query_one("#viewer-input", Input)
        field.placeholder = self.t("ask_page", n=len(self.pages)) if what == "page" else self.t("ask_search")
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
        self._focus_content()

    def _focus_content(self) -> None:
        # The switcher starts on "viewer-text" (initial=), so some pane is always visible.
        visible = self.query_one(ContentSwitcher).visible_content
        if visible is not None:
            visible.focus()

    def on_key(self, event) -> None:
        field = self.query_one("#viewer-input", Input)
        if event.key == "escape" and field.display:
            event.stop()
            field.display = False
            self._focus_content()

    def action_hit(self, step: int) -> None:
        if not self.hits:
            return
        self.hit_index = (self.hit_index + step) % len(self.hits)
        hit = self.hits[self.hit_index]
        if hit.page != self.page:
            self.page = hit.page
            self._show_page()
        self._status(self._page_label())
        if self.item is not None and self.item.media.preview is not Preview.TABLE:
            area = self.query_one("#viewer-text", TextArea)
            area.selection = Selection((hit.row, hit.column), (hit.row, hit.column + len(self.needle)))
            area.scroll_cursor_visible(center=True)
