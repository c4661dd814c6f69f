"""Status marks of an indicator: characters first, colour only as a help."""

from __future__ import annotations

from spbe_tui.services.review import IndicatorState, Origin

DECIDED, CARRIED, UNDECIDED = "✓", "»", "·"
FAR, STALE = "!", "~"


def marks(state: IndicatorState) -> str:
    """Two cells: the origin, then the most urgent warning (stale evidence over a far level)."""
    first = {Origin.DECIDED: DECIDED, Origin.CARRIED: CARRIED}.get(state.origin, UNDECIDED)
    second = STALE if state.stale else FAR if state.far_from_self else " "
    return first + second


def style_of(state: IndicatorState) -> str:
    if state.stale:
        return "bold yellow"
    if state.origin is Origin.DECIDED:
        return "green"
    if state.origin is Origin.CARRIED:
        return "cyan"
    return ""
