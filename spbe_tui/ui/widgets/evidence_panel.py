"""Evidence files of the indicator, and the preview of the one highlighted."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from spbe_tui.i18n import Translator
from spbe_tui.safe_text import inert
from spbe_tui.services.evidence import EvidenceItem, EvidenceReader
from spbe_tui.ui.widgets.evidence_viewer import EvidenceViewer


def size_text(n: float) -> str:
    for unit in ("B", "KB", "MB"):
        if n < 1024:
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024
    return f"{n:.1f} GB"


class EvidencePanel(Vertical):
    """Loads a preview only while it is on screen: arrowing through indicators on the detail tab
    decodes nothing."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._items: list[EvidenceItem] = []
        self._reader: EvidenceReader | None = None
        self._t: Translator | None = None
        self._pending = False

    def compose(self) -> ComposeResult:
        yield OptionList(id="evidence-list")
        yield Static(id="evidence-path")
        yield EvidenceViewer(id="viewer")

    def show(self, reader: EvidenceReader, items: list[EvidenceItem], t: Translator, visible: bool) -> None:
        self._reader, self._items, self._t = reader, items, t
        options = self.query_one("#evidence-list", OptionList)
        options.clear_options()
        for item in items:
            label = f"{inert(item.name)}  {item.media.label} {size_text(item.size)}"
            if item.page_count > 1:
                label += " · " + t(f"count_{item.media.part}", n=item.page_count)
            options.add_option(Option(Text(label)))
        if items:
            options.highlighted = 0
        self._pending = True
        if visible:
            self.activate()

    def activate(self) -> None:
        """Load the preview if the indicator changed since it was last on screen."""
        if not self._pending:
            return
        self._pending = False
        index = self.query_one("#evidence-list", OptionList).highlighted
        self._preview(index if index is not None else 0)

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        if event.option_index is not None and not self._pending:
            self._preview(event.option_index)

    def _preview(self, index: int) -> None:
        if self._reader is None or self._t is None:
            return
        viewer = self.query_one(EvidenceViewer)
        path_line = self.query_one("#evidence-path", Static)
        if index >= len(self._items):
            path_line.update("")
            viewer.show(self._reader, None, self._t, self._t("no_evidence"))
            return
        item = self._items[index]
        stored = self._reader.stored_path(item.stored_path)
        path_line.update(Text(self._t("evidence_stored", path=inert(str(stored or item.stored_path))), style="dim"))
        viewer.show(self._reader, item, self._t)
