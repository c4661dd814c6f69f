"""One line: where the person is (evaluation, institution, stage, who) and the live index."""

from __future__ import annotations

from collections.abc import Sequence

from rich.cells import cell_len
from rich.text import Text
from textual.widget import Widget

SEPARATOR = " │ "


class HeaderBar(Widget):
    """Each left part is given as its forms from longest to shortest ("" for a part that may
    go); when the line is too narrow, parts take their shorter forms, first part first, and only
    then is the longest one cut."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._left: list[Sequence[str]] = []
        self._right = Text()

    def _fit(self, room: int) -> str:
        forms = [list(part) for part in self._left]
        parts = [part[0] for part in forms]

        def width() -> int:
            return cell_len(SEPARATOR.join(p for p in parts if p))

        for i, part in enumerate(forms):
            for shorter in part[1:]:
                if width() <= room:
                    break
                parts[i] = shorter
        parts = [p for p in parts if p]
        while width() > room:
            longest = max(range(len(parts)), key=lambda i: len(parts[i]))
            keep = len(parts[longest]) - (width() - room) - 1
            if keep < 4:
                return SEPARATOR.join(parts)[: max(0, room - 1)] + "…"
            parts[longest] = parts[longest][:keep] + "…"
        return SEPARATOR.join(parts)

    def show(self, left: Sequence[str | Sequence[str]], right: Text) -> None:
        """`left`: each part a string, or its forms from longest to shortest."""
        self._left = [(part,) if isinstance(part, str) else part for part in left]
        self._right = right
        self.refresh()

    def render(self) -> Text:
        room = max(0, self.size.width - self._right.cell_len - 1)
        left = self._fit(room)
        line = Text(left.ljust(room) + " ", no_wrap=True)
        line.append_text(self._right)
        return line
