"""An indicator's full story as text: who changed what, when, at which stage, old → new, and why."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.text import Text

from spbe_tui.safe_text import inert

if TYPE_CHECKING:
    from spbe_tui.services.panel import HistoryEntry


def _value(value: dict[str, Any] | None) -> str:
    if not value:
        return "—"
    parts = []
    for key in ("level", "outcome", "corrected_level", "revision", "active", "undoes"):
        if value.get(key) is not None:
            parts.append(f"{key}={value[key]}")
    return " ".join(parts) or "—"


def history_text(entries: list[HistoryEntry], empty: str) -> Text:
    if not entries:
        return Text(empty, style="italic")
    text = Text()
    for entry in entries:
        text.append(f"{entry.at[:19].replace('T', ' ')}  ", style="dim")
        text.append(f"{inert(entry.actor)}", style="bold")
        text.append(f"  {entry.kind}")
        if entry.stage:
            text.append(f" [{entry.stage}]", style="cyan")
        text.append(f"  {_value(entry.old)} → {_value(entry.new)}\n")
        if entry.justification:
            text.append("    " + inert(entry.justification).replace("\n", "\n    ") + "\n", style="italic")
    return text
