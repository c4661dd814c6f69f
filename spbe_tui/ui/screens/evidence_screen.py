"""One evidence file on the whole screen: a title line (file, page or sheet), the preview, and a
key line. Escape (or f again) goes back, to where the reader got to.

Modal, so the reviewer's own keys (levels, history on h) do not act behind it: here h/j/k/l pan
a zoomed image and digits mean nothing.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen

from spbe_tui.i18n import Translator
from spbe_tui.paths import styles_dir
from spbe_tui.services.evidence import EvidenceItem, EvidenceReader
from spbe_tui.ui.bindings import translate_bindings
from spbe_tui.ui.screens.quiet_screen import QuietModalScreen
from spbe_tui.ui.widgets.evidence_viewer import EvidenceViewer, ViewerPosition
from spbe_tui.ui.widgets.key_line import KeyLine, active_hints


class FullViewer(EvidenceViewer):
    """The viewer on the whole screen: its title line names the file, and its key line has room
    for the stored file's keys."""

    full = True
    BINDINGS = [
        Binding("p", "path", "key_path", id="evidence-path"),
        Binding("c", "copy_path", "key_copy_path", id="evidence-copy"),
    ]


class EvidenceScreen(QuietModalScreen[ViewerPosition | None]):
    CSS_PATH = [str(styles_dir() / "evidence.tcss"), str(styles_dir() / "evidence_screen.tcss")]
    AUTO_FOCUS = ""  # none: the preview takes the focus once it knows which pane shows the file
    BINDINGS = [
        Binding("escape", "close", "key_back", id="full-close"),
        Binding("f", "close", show=False, id="full-close-f"),
    ]

    def __init__(self, reader: EvidenceReader, item: EvidenceItem, t: Translator,
                 position: ViewerPosition | None) -> None:
        super().__init__()
        self._reader, self._item, self._t, self._position = reader, item, t, position

    def compose(self) -> ComposeResult:
        yield FullViewer(id="full-viewer")
        # No palette hint: the palette is the reviewer's, not this view's.
        yield KeyLine(id="full-keys")

    def on_mount(self) -> None:
        translate_bindings(self, self._t)
        viewer = self.query_one(FullViewer)
        viewer.show(self._reader, self._item, self._t, position=self._position)
        viewer.focus_content()
        self.bindings_updated_signal.subscribe(self, self._show_keys)
        self._show_keys(self)

    def _show_keys(self, screen: Screen) -> None:
        self.query_one(KeyLine).show(active_hints(screen, ("full-close",)))

    def action_close(self) -> None:
        self.dismiss(self.query_one(FullViewer).position())
