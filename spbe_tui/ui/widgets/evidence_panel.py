"""Evidence files of the indicator, and the preview of the one highlighted."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from spbe_tui.i18n import Translator
from spbe_tui.safe_text import inert
from spbe_tui.services.evidence import EvidenceItem, EvidenceReader
from spbe_tui.ui.bindings import translate_bindings

if TYPE_CHECKING:
    # The viewer and the full screen are imported when the panel is composed (after the
    # reviewer's first frame) and when the full screen opens: ~9 ms of the reviewer's start, for
    # a tab that is not shown (the viewer's module brings Textual's DataTable).
    from spbe_tui.ui.widgets.evidence_viewer import EvidenceViewer, ViewerPosition


def size_text(n: float) -> str:
    for unit in ("B", "KB", "MB"):
        if n < 1024:
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024
    return f"{n:.1f} GB"


class EvidenceList(OptionList):
    BINDINGS = [
        Binding("j", "cursor_down", show=False),
        Binding("k", "cursor_up", show=False),
    ]

    def on_resize(self) -> None:
        # The list is shorter without the focus (styles/evidence.tcss): keep the highlighted file in view.
        self.scroll_to_highlight()


class EvidencePanel(Vertical):
    """Fills its list and loads a preview only while it is on screen: arrowing through indicators
    on the detail tab touches neither."""

    BINDINGS = [
        Binding("f", "full_screen", "key_full_screen", id="evidence-full"),
        # From the list too: the viewer's own bindings hold while the preview has the focus.
        Binding("p", "path", show=False, id="evidence-path"),
        Binding("c", "copy_path", show=False, id="evidence-copy"),
        Binding("escape", "leave", show=False, id="evidence-leave"),
    ]

    class Left(Message):
        """Escape in the panel: the app takes the focus back (to the indicator tree)."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._items: list[EvidenceItem] = []
        self._reader: EvidenceReader | None = None
        self._t: Translator | None = None
        self._pending = False
        self._shown: int | None = None  # index of the item previewed

    def compose(self) -> ComposeResult:
        from spbe_tui.ui.widgets.evidence_viewer import EvidenceViewer

        yield EvidenceList(id="evidence-list")
        yield EvidenceViewer(id="viewer")

    def _viewer(self) -> EvidenceViewer:
        from spbe_tui.ui.widgets.evidence_viewer import EvidenceViewer

        return self.query_one("#viewer", EvidenceViewer)

    def show(self, reader: EvidenceReader, items: list[EvidenceItem], t: Translator, visible: bool) -> None:
        if self._t is None:
            translate_bindings(self, t)
        self._reader, self._items, self._t = reader, items, t
        self._pending = True
        if visible:
            self.activate()

    def activate(self) -> None:
        """Fill the list and load the preview if the indicator changed since they were last on screen."""
        if not self._pending or self._t is None:
            return
        self._pending = False
        options = self.query_one(EvidenceList)
        options.clear_options()
        for item in self._items:
            label = f"{inert(item.name)}  {item.media.label} {size_text(item.size)}"
            if item.page_count > 1:
                label += " · " + self._t(f"count_{item.media.part}", n=item.page_count)
            options.add_option(Option(Text(label, no_wrap=True, overflow="ellipsis")))
        if self._items:
            options.highlighted = 0  # its OptionHighlighted loads the preview
        else:
            self._preview(0)

    def focus_preview(self) -> None:
        """Give the preview the focus (the app's `e`): its keys then scroll and page at once."""
        self.activate()
        self._viewer().focus_content()

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        if event.option_index is not None and not self._pending:
            self._preview(event.option_index)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self._viewer().focus_content()

    def _preview(self, index: int, position: ViewerPosition | None = None) -> None:
        if self._reader is None or self._t is None:
            return
        self._shown = index
        viewer = self._viewer()
        if index >= len(self._items):
            viewer.show(self._reader, None, self._t, self._t("no_evidence"))
            return
        viewer.show(self._reader, self._items[index], self._t, position=position)

    # --- keys ----------------------------------------------------------------------------------

    def action_full_screen(self) -> None:
        viewer = self._viewer()
        if self._reader is None or self._t is None or viewer.item is None:
            return
        from spbe_tui.ui.screens.evidence_screen import EvidenceScreen

        self.app.push_screen(EvidenceScreen(self._reader, viewer.item, self._t, viewer.position()), self._back)

    def _back(self, position: ViewerPosition | None) -> None:
        """Back from the full screen: the preview shows where the reader got to there."""
        viewer = self._viewer()
        if position is not None and viewer.item is not None and self._shown is not None:
            self._preview(self._shown, position)

    def action_path(self) -> None:
        self._viewer().action_path()

    def action_copy_path(self) -> None:
        self._viewer().action_copy_path()

    def action_leave(self) -> None:
        self.post_message(self.Left())


def help_bindings() -> list[BindingType]:
    """Every key of the evidence tab and the full-screen view, for the app's help."""
    from spbe_tui.ui.screens.evidence_screen import EvidenceScreen
    from spbe_tui.ui.widgets.evidence_image import ImageView
    from spbe_tui.ui.widgets.evidence_viewer import SCROLL_BINDINGS, EvidenceViewer

    return [*EvidencePanel.BINDINGS, *EvidenceViewer.BINDINGS, *SCROLL_BINDINGS, *ImageView.BINDINGS,
            *EvidenceScreen.BINDINGS]


HELP_TOPICS: tuple[tuple[str, ...], ...] = (
    ("evidence-full",),
    ("preview-up", "preview-down"),
    ("preview-page-up", "preview-page-down"),
    ("preview-top", "preview-bottom"),
    ("page-prev", "page-next"),
    ("goto-page",),
    ("search",),
    ("next-hit", "previous-hit"),
    ("zoom-in", "zoom-out"),
    ("pan-left", "pan-down", "pan-up", "pan-right"),
    ("evidence-path",),
    ("evidence-copy",),
    ("evidence-leave",),
)
