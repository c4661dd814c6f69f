"""One line: where the assessor is (evaluation, institution, stage, who) and the live index."""

from __future__ import annotations

from rich.text import Text
from textual.widget import Widget


class HeaderBar(Widget):
    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._left: list[str] = []
        self._right = Text()

    def _fit(self, room: int) -> str:
        """Drop the first part (the evaluation) if need be, then shorten the longest part."""
        parts = list(self._left)
        if len(" │ ".join(parts)) > room and len(parts) > 1:
            parts = parts[1:]
        while len(" │ ".join(parts)) > room:
            longest = max(range(len(parts)), key=lambda i: len(parts[i]))
            excess = len(" │ ".join(parts)) - room
            keep = len(parts[longest]) - excess - 1
            if keep < 4:
                return " │ ".join(parts)[: max(0, room - 1)] + "…"
            parts[longest] = parts[longest][:keep] + "…"
        return " │ ".join(parts)

    def show(self, left: list[str], right: Text) -> None:
        self._left, self._right = left, right
        self.refresh()

    def render(self) -> Text:
        room = max(0, self.size.width - self._right.cell_len - 1)
        left = self._fit(room)
        line = Text(left.ljust(room) + " ", no_wrap=True)
        line.append_text(self._right)
        return line
