"""One line of key hints that fits its width: when the line is short, the least needed hints
leave first, so no hint is ever cut in the middle of a word (Textual's footer cuts at the edge).

It also replaces Textual's Footer, which recomposes its FooterKey widgets on every focus change
and keeps the old ones alive through its `data_bind` watchers (Textualize/textual#6666): memory
grew by about seven widgets per focus change. This line is one widget, repainted in place."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from rich.cells import cell_len
from rich.text import Text
from textual import messages
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widget import Widget

GAP = 2  # spaces between two hints


@dataclass(frozen=True)
class KeyHint:
    key: str  # as shown: "1-5", "?", "^p"
    text: str
    keep: int  # the lower, the longer the hint stays on a short line


def hint_width(hints: Sequence[KeyHint]) -> int:
    return sum(cell_len(h.key) + 1 + cell_len(h.text) for h in hints) + GAP * max(0, len(hints) - 1)


def fitting(hints: Sequence[KeyHint], width: int) -> list[KeyHint]:
    """The hints that fit in `width`, in their own order."""
    shown = list(hints)
    while shown and hint_width(shown) > width:
        shown.remove(max(shown, key=lambda h: h.keep))
    return shown


def binding_hints(bindings: Iterable[BindingType], keep: Sequence[str], display: Callable[[Binding], str],
                  describe: Callable[[str], str] = str) -> list[KeyHint]:
    """Each shown binding once (by id, else action), its first key, in the given order. `keep`
    orders binding ids by need; a binding not named there leaves first."""
    hints, seen = [], set()
    for binding in bindings:
        if not isinstance(binding, Binding):
            continue
        name = binding.id or binding.action
        if not binding.show or name in seen:
            continue
        seen.add(name)
        first = Binding(binding.key.split(",")[0], binding.action, key_display=binding.key_display)
        rank = keep.index(name) if name in keep else len(keep)
        hints.append(KeyHint(display(first), describe(binding.description), rank))
    return hints


def active_hints(screen: Screen, keep: Sequence[str], extra: Sequence[Binding] = ()) -> list[KeyHint]:
    """The shown bindings now active on `screen` (descriptions already translated), in the
    footer's order, then `extra`."""
    active = [a.binding for a in screen.active_bindings.values()]
    return binding_hints([*active, *extra], keep, screen.app.get_key_display)


class KeyLine(Widget):
    COMPONENT_CLASSES = {"key-line--key", "key-line--text"}

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._hints: list[KeyHint] = []

    def show(self, hints: Sequence[KeyHint]) -> None:
        if list(hints) != self._hints:
            self._hints = list(hints)
            self.refresh()
            if self.is_mounted:
                # Textual hands a repaint to the screen when this widget is next idle, which can
                # be after the screen drew the frame of the key that changed the hints (a move
                # of the focus): the line went out in a frame of its own ~30 ms later. Handed
                # over now, it goes out with that key's frame.
                self.screen.post_message(messages.Update(self))

    @property
    def shown(self) -> list[KeyHint]:
        return fitting(self._hints, self.size.width)

    def render(self) -> Text:
        key_style = self.get_component_rich_style("key-line--key")
        text_style = self.get_component_rich_style("key-line--text")
        line = Text(no_wrap=True, overflow="crop")
        for position, hint in enumerate(self.shown):
            if position:
                line.append(" " * GAP)
            line.append(hint.key, key_style)
            line.append(f" {hint.text}", text_style)
        return line
