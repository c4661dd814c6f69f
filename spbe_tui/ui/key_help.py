"""The key help, built from the bindings themselves, so help, footer and README cannot drift.

Each help line names binding ids; its keys are read from those bindings (after the user's
keymap), its text from the string table as `help_<first id>`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from textual.binding import Binding

from spbe_tui.i18n import Translator

_SYMBOLS = {
    "up": "↑", "down": "↓", "left": "←", "right": "→", "slash": "/", "question_mark": "?",
    "left_square_bracket": "[", "right_square_bracket": "]", "home": "Home", "end": "End",
    "pageup": "PgUp", "pagedown": "PgDn", "escape": "Esc", "enter": "Enter", "space": "space",
}


@dataclass(frozen=True)
class HelpLine:
    keys: str
    text: str


def key_name(key: str) -> str:
    """A key as people write it: ↑, /, ctrl+t."""
    return _SYMBOLS.get(key, key)


def _keys_of(binding: Binding, keymap: Mapping[str, str]) -> list[str]:
    keys = keymap.get(binding.id, binding.key) if binding.id else binding.key
    return [key_name(k.strip()) for k in keys.split(",") if k.strip()]


def _digits(keys: Sequence[str]) -> str:
    """Level digits as a range: 1–5, or 0–5 on a scale with level 0."""
    numbers = sorted(int(k) for k in keys)
    if len(numbers) > 2 and numbers == list(range(numbers[0], numbers[-1] + 1)):
        return f"{numbers[0]}–{numbers[-1]}"
    return "/".join(map(str, numbers))


def help_lines(
    bindings: Iterable[Binding],
    topics: Sequence[tuple[str, ...]],
    t: Translator,
    keymap: Mapping[str, str] | None = None,
    levels: Iterable[int] = (),
) -> list[HelpLine]:
    """One line per topic (a tuple of binding ids). The keys of a topic's bindings are shown as
    'first keys, other keys' (↑/↓, k/j); level keys only for the levels the scale has."""
    by_id = {b.id: b for b in bindings if b.id}
    wanted_levels = {str(level) for level in levels}
    lines = []
    for topic in topics:
        found = [by_id[i] for i in topic if i in by_id]
        if not found:
            continue
        columns: list[list[str]] = []
        for binding in found:
            for position, key in enumerate(_keys_of(binding, keymap or {})):
                if key.isdigit() and wanted_levels and key not in wanted_levels:
                    continue
                while len(columns) <= position:
                    columns.append([])
                if key not in columns[position]:
                    columns[position].append(key)
        shown = [_digits(c) if all(k.isdigit() for k in c) else "/".join(c) for c in columns if c]
        lines.append(HelpLine(", ".join(shown), t(f"help_{topic[0]}")))
    return lines


def render(lines: Sequence[HelpLine], width: int = 14) -> str:
    return "\n".join(f"{line.keys:<{width}} {line.text}" for line in lines)
