"""Evidence files of the indicator and a plain-text preview of the one highlighted."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import OptionList, Static, TextArea
from textual.widgets.option_list import Option

from spbe_tui.i18n import Translator
from spbe_tui.services.review import EvidenceItem, ReviewSession
from spbe_tui.ui_text import inert


def _size(n: int) -> str:
    for unit in ("B", "KB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024
    return ""


def _kind(media_type: str) -> str:
    return {
        "application/pdf": "PDF",
        "image/png": "PNG",
        "image/jpeg": "JPEG",
        "text/plain": "TXT",
        "text/markdown": "MD",
        "text/csv": "CSV",
    }.get(media_type, "DOCX" if "wordprocessing" in media_type else "XLSX" if "spreadsheet" in media_type else "?")


def preview_text(session: ReviewSession, item: EvidenceItem, t: Translator) -> str:
    if item.status == "failed":
        return t("evidence_failed", reason=item.error)
    pages = session.evidence_text(item.sha256)
    if not pages:
        return t("evidence_no_text", type=_kind(item.media_type))
    if len(pages) == 1:
        return inert(pages[0]["text"])
    chunks = []
    for page in pages:
        title = page["title"] or t("page", n=page["page"])
        chunks.append(f"── {inert(title)} ──\n{inert(page['text'])}")
    return "\n\n".join(chunks)


class EvidencePanel(Vertical):
    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._items: list[EvidenceItem] = []
        self._session: ReviewSession | None = None
        self._t: Translator | None = None

    def compose(self) -> ComposeResult:
        yield OptionList(id="evidence-list")
        yield Static(id="evidence-path")
        yield TextArea(read_only=True, id="preview", soft_wrap=True, show_line_numbers=False)

    def show(self, session: ReviewSession, items: list[EvidenceItem], t: Translator) -> None:
        self._session, self._items, self._t = session, items, t
        options = self.query_one("#evidence-list", OptionList)
        options.clear_options()
        for item in items:
            label = f"{inert(item.name)}  {_kind(item.media_type)} {_size(item.size)}"
            if item.page_count > 1:
                label += f" · {item.page_count} hlm" if t.language == "id" else f" · {item.page_count} pp"
            options.add_option(Option(Text(label)))
        if items:
            options.highlighted = 0
            self._preview(0)
        else:
            self.query_one("#preview", TextArea).load_text(t("no_evidence"))
            self.query_one("#evidence-path", Static).update("")

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        if event.option_index is not None:
            self._preview(event.option_index)

    def _preview(self, index: int) -> None:
        if self._session is None or self._t is None or index >= len(self._items):
            return
        item = self._items[index]
        store = self._session.evidence_store
        path = str(store / item.stored_path) if store is not None else item.stored_path
        self.query_one("#evidence-path", Static).update(Text(self._t("evidence_stored", path=inert(path)), style="dim"))
        self.query_one("#preview", TextArea).load_text(preview_text(self._session, item, self._t))
