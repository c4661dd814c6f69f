"""How far a team agrees: percent exact agreement and Krippendorff's alpha for ordinal data.

Alpha is computed here, in plain Python, from Krippendorff's coincidence-matrix definition
(Krippendorff 2011, "Computing Krippendorff's Alpha-Reliability"); the tests check it against
the published values of that paper's example. A numeric library would add a large import to
every start of the assessor app for a sum over at most 47 units.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from itertools import permutations


@dataclass(frozen=True)
class Agreement:
    units: int  # indicators rated by at least two assessors
    exact: float | None  # share of those where every assessor gave the same level
    alpha: float | None  # None where alpha is undefined (no pairable values or no variation)


def agreement(ratings: Mapping[str, Mapping[int, int]], units: Sequence[int]) -> Agreement:
    """`ratings`: assessor -> indicator -> level; only `units` (indicator numbers) are counted."""
    values = [[r[u] for r in ratings.values() if u in r] for u in units]
    pairable = [v for v in values if len(v) >= 2]
    if not pairable:
        return Agreement(0, None, None)
    same = sum(1 for v in pairable if len(set(v)) == 1)
    return Agreement(len(pairable), same / len(pairable), alpha(pairable, "ordinal"))


def _coincidences(units: Sequence[Sequence[int]]) -> dict[tuple[int, int], float]:
    """o_ck: each ordered pair of values within a unit, weighted 1 / (m_u − 1)."""
    matrix: defaultdict[tuple[int, int], float] = defaultdict(float)
    for values in units:
        if len(values) < 2:
            continue
        weight = 1 / (len(values) - 1)
        for c, k in permutations(values, 2):
            matrix[(c, k)] += weight
    return matrix


def _ordinal(totals: Mapping[int, float]) -> Callable[[int, int], float]:
    ordered = sorted(totals)

    def delta(c: int, k: int) -> float:
        low, high = min(c, k), max(c, k)
        between = sum(totals[g] for g in ordered if low <= g <= high)
        return (between - (totals[c] + totals[k]) / 2) ** 2

    return delta


_METRICS: dict[str, Callable[[Mapping[int, float]], Callable[[int, int], float]]] = {
    "nominal": lambda totals: lambda c, k: 0.0 if c == k else 1.0,
    "ordinal": _ordinal,
    "interval": lambda totals: lambda c, k: float((c - k) ** 2),
}


def alpha(units: Sequence[Sequence[int]], metric: str = "ordinal") -> float | None:
    """Krippendorff's alpha over units (each a list of the values given to it); missing values
    are simply absent. None when undefined: no pairable values, or all values the same."""
    matrix = _coincidences(units)
    totals: defaultdict[int, float] = defaultdict(float)
    for (c, _), count in matrix.items():
        totals[c] += count
    n = sum(totals.values())
    if n <= 1 or len(totals) < 2:
        return None
    delta = _METRICS[metric](totals)
    observed = sum(count * delta(c, k) for (c, k), count in matrix.items())
    expected = sum(totals[c] * totals[k] * delta(c, k) for c in totals for k in totals) / (n - 1)
    return None if expected == 0 else 1 - observed / expected
