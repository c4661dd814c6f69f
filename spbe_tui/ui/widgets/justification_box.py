"""The justification text box, which knows whose justification it holds.

Every text it shows belongs to one key (institution, stage, indicator) and was read at one
version. An edit is the difference between what is in the box and what was loaded into it, so
loading, moving, switching and refreshing can never be mistaken for typing, however late
Textual delivers its Changed messages.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.binding import Binding
from textual.widgets import TextArea


@dataclass(frozen=True)
class DraftKey:
    instansi_id: str
    stage_id: str
    indicator: int


@dataclass(frozen=True)
class Edit:
    """What the person typed, for the key it belongs to, against the version they saw."""

    key: DraftKey
    text: str
    base_version: int


class JustificationBox(TextArea):
    # Esc leaves the text (saved as it is typed) for the list, where the keys act again.
    BINDINGS = [Binding("escape", "app.focus_list", "key_to_list", id="to-list")]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, soft_wrap=True, show_line_numbers=False, tab_behavior="focus")
        self.key: DraftKey | None = None
        self._loaded = ""
        self._version = 0

    def show(self, key: DraftKey, text: str, version: int, read_only: bool) -> None:
        """Show the stored text of `key`; the caller has saved any edit of the previous key."""
        self.key, self._loaded, self._version = key, text, version
        self.read_only = read_only
        if self.text != text:
            self.load_text(text)
            self.move_cursor(self.document.end)

    def pending_edit(self) -> Edit | None:
        """The person's unsaved edit, if the box holds one."""
        if self.key is None or self.text == self._loaded:
            return None
        return Edit(self.key, self.text, self._version)

    @property
    def loaded_text(self) -> str:
        """The stored text the person started from."""
        return self._loaded

    def saved(self, text: str, version: int) -> None:
        """`text` is now stored at `version`: it is no longer an edit."""
        self._loaded, self._version = text, version

    def rebase(self, version: int) -> None:
        """The person has been shown the stored text of a newer version; their edit stays and
        will be saved over that version."""
        self._version = version

    def put_text(self, text: str) -> None:
        """Put text in the box as if typed (the standard sentence): it becomes an edit."""
        self.load_text(text)
        self.move_cursor(self.document.end)
