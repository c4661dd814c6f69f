"""How far a team agrees: percent exact agreement and Krippendorff's alpha for ordinal data."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Agreement:
    units: int  # indicators rated by at least two assessors
    exact: float | None  # share of those where every assessor gave the same level
    alpha: float | None  # None where alpha is undefined (fewer than 2 units or no variation)


def agreement(ratings: Mapping[str, Mapping[int, int]], units: Sequence[int], levels: Sequence[int]) -> Agreement:
    """`ratings`: assessor -> indicator -> level; only `units` (indicator numbers) are counted."""
    rated = [u for u in units if sum(1 for r in ratings.values() if u in r) >= 2]
    if not rated:
        return Agreement(0, None, None)
    same = sum(1 for u in rated if len({r[u] for r in ratings.values() if u in r}) == 1)
    return Agreement(len(rated), same / len(rated), _alpha(ratings, rated, levels))


def _alpha(ratings: Mapping[str, Mapping[int, int]], units: Sequence[int], levels: Sequence[int]) -> float | None:
    import krippendorff
    import numpy as np

    matrix = np.array(
        [[float(r.get(u, np.nan)) for u in units] for r in ratings.values()], dtype=float
    )
    try:
        with np.errstate(all="ignore"):  # no variation at all: alpha is undefined, not a warning
            value = krippendorff.alpha(reliability_data=matrix, level_of_measurement="ordinal",
                                       value_domain=list(levels))
    except (ValueError, ZeroDivisionError):
        return None
    return None if np.isnan(value) else float(value)
