"""A slider-like level selector: every level of the scale with its name, the choice marked
by brackets and an arrow as well as by colour, so it reads on a 16-colour SSH terminal too."""

from __future__ import annotations

from rich.text import Text
from textual.binding import Binding
from textual.events import Click
from textual.message import Message

from spbe_tui.ui.widgets.line_view import LineView


class LevelSelector(LineView):
    """A change repaints only the cells that differ (see LineView): a level key sends the old and
    the new mark, a move the caption's changes."""

    kept_parts = 1  # its content is made anew for every render: nothing to find again

    BINDINGS = [
        Binding("left", "step(-1)", "−1", show=False),
        Binding("right", "step(1)", "+1", show=False),
        Binding("home", "first", show=False),
        Binding("end", "last", show=False),
    ]

    class Chosen(Message):
        """The user chose a level here (by key or click)."""

        def __init__(self, level: int) -> None:
            self.level = level
            super().__init__()

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.levels: dict[int, str] = {}
        self._spans: list[tuple[int, int, int]] = []  # (start, end, level) cells of the last render
        self.caption = ""
        self.level: int | None = None

    def show(self, levels: dict[int, str], level: int | None, caption: str) -> None:
        self.levels = levels
        self.caption = caption
        self.level = level
        self.repaint_changes()

    def content(self, width: int) -> Text:
        if not self.levels:
            return Text("")
        slot = max(4, width // len(self.levels))
        # Names only when every one fits its slot; otherwise digits, with the name in the caption.
        with_names = all(len(f"{v} {n}") + 4 <= slot for v, n in self.levels.items())
        line = Text(no_wrap=True, overflow="ellipsis")
        self._spans = []
        for value, name in self.levels.items():
            chosen = value == self.level
            label = f"{value} {name}" if with_names else str(value)
            body = f"▸[{label}]" if chosen else f"  {label} "
            start = len(line)
            pad = slot - len(body)
            line.append(" " * (pad // 2))
            line.append(body[:2] if chosen else "  ", style="bold")
            line.append(body[2:] if chosen else body[2:], style="reverse bold" if chosen else "")
            line.append(" " * (pad - pad // 2))
            self._spans.append((start, len(line), value))
        line.append("\n")
        line.append(self.caption, style="italic")
        return line

    def _choose(self, value: int) -> None:
        if value in self.levels:
            self.level = value
            self.repaint_changes()
            self.post_message(self.Chosen(value))

    def action_step(self, delta: int) -> None:
        if not self.levels:
            return
        values = list(self.levels)
        current = self.level if self.level in self.levels else values[0] - (1 if delta > 0 else -1)
        target = max(values[0], min(values[-1], current + delta))
        self._choose(target)

    def action_first(self) -> None:
        if self.levels:
            self._choose(min(self.levels))

    def action_last(self) -> None:
        if self.levels:
            self._choose(max(self.levels))

    def on_click(self, event: Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None or offset.y != 0:
            return
        for start, end, value in self._spans:
            if start <= offset.x < end:
                self._choose(value)
                return
