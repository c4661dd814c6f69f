"""SPBE index arithmetic: exact, from indicator levels, rounded only for display.

Weights are exact decimals and aspect indices can be repeating fractions (weight 1.5 over an
aspect of 4.5 is a third), so every value is a Fraction; `rounded()` gives the half-up
2-decimal Decimal that reports show. Nothing is ever recomputed from a rounded value.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from enum import Enum
from fractions import Fraction

from spbe_tui.domain.framework import Band, Framework, UnknownIndicator
from spbe_tui.errors import SpbeError
from spbe_tui.i18n import say

TWO_PLACES = 100


class PredikatBasis(str, Enum):
    """Which value a predikat is read from at a band edge (the official reports differ by year)."""

    UNROUNDED = "unrounded"
    ROUNDED = "rounded"


class LevelError(SpbeError, ValueError):
    """A level that the indicator's scale does not have, or an indicator the framework lacks."""


def rounded(value: Fraction) -> Decimal:
    """Half-up to two decimals, exactly (no binary float on the way)."""
    if value < 0:
        raise ValueError(say("idx_negative"))
    value = Fraction(value)
    # floor(x*100 + 1/2) in integers: x = n/d gives floor((200n + d) / 2d).
    hundredths = (value.numerator * 2 * TWO_PLACES + value.denominator) // (2 * value.denominator)
    return Decimal(hundredths).scaleb(-2)


def predikat(value: Fraction, bands: tuple[Band, ...], basis: PredikatBasis = PredikatBasis.UNROUNDED) -> str:
    compare = Fraction(rounded(value)) if basis is PredikatBasis.ROUNDED else value
    for band in bands:
        low, high = Fraction(band.min), Fraction(band.max)
        if low <= compare and (compare < high or (band.max_inclusive and compare == high)):
            return band.name
    raise ValueError(say("idx_no_band", value=f"{float(value):.4f}"))


@dataclass(frozen=True)
class IndexResult:
    """Index values for one set of levels.

    Aspect and domain values are present only where every one of their indicators has a level;
    `index` is None unless the whole set is complete, and `missing` says what is absent.
    """

    aspects: dict[int, Fraction]
    domains: dict[int, Fraction]
    index: Fraction | None
    missing: tuple[int, ...]
    framework: Framework
    basis: PredikatBasis

    @property
    def complete(self) -> bool:
        return not self.missing

    def predikat(self, value: Fraction | None = None) -> str | None:
        target = self.index if value is None else value
        if target is None:
            return None
        return predikat(target, self.framework.bands, self.basis)

    @property
    def index_display(self) -> str:
        return "—" if self.index is None else f"{rounded(self.index)}"


def validate_level(framework: Framework, indicator_number: int, level: int) -> None:
    try:
        indicator = framework.indicator(indicator_number)
    except UnknownIndicator as exc:
        raise LevelError(str(exc)) from None
    if isinstance(level, bool) or not isinstance(level, int) or level not in indicator.scale.levels:
        allowed = f"{indicator.scale.min_level}–{indicator.scale.max_level}"
        raise LevelError(say("idx_level_outside", indicator=indicator_number, level=level, allowed=allowed))


def weighted_mean(parts: Iterable[tuple[Fraction | int, Decimal]]) -> Fraction:
    """Σ(value × weight) / Σ weight — the formula behind aspect, domain and overall index."""
    pairs = [(Fraction(value), Fraction(weight)) for value, weight in parts]
    return sum((v * w for v, w in pairs), Fraction(0)) / sum((w for _, w in pairs), Fraction(0))


def _level_mean(levels: Mapping[int, int], units: dict[int, int], numbers: Iterable[int]) -> Fraction:
    """weighted_mean of indicator levels, in integers: the weights are whole units."""
    weighted = total = 0
    for number in numbers:
        weighted += levels[number] * units[number]
        total += units[number]
    return Fraction(weighted, total)


def compute_index(
    framework: Framework,
    levels: Mapping[int, int],
    basis: PredikatBasis = PredikatBasis.UNROUNDED,
) -> IndexResult:
    """Aspect, domain and overall index from indicator number -> level.

    Raises LevelError for a level outside an indicator's scale or an unknown indicator; a missing
    indicator is not an error but makes the affected aspect, domain and the index absent.
    """
    for number, level in levels.items():
        validate_level(framework, number, level)
    missing = tuple(i.number for i in framework.indicators if i.number not in levels)

    # Every value is a weighted mean of indicator levels: aspect and domain weights are the sums
    # of their indicators' weights (the loader checks this), so a domain index computed from its
    # levels equals the regulation's mean of aspect indices, exactly, and costs no Fraction sums.
    units = framework.weight_units
    aspects: dict[int, Fraction] = {}
    for aspect in framework.aspects:
        if all(i.number in levels for i in aspect.indicators):
            aspects[aspect.number] = _level_mean(levels, units, (i.number for i in aspect.indicators))
    domains: dict[int, Fraction] = {}
    for domain in framework.domains:
        if all(a.number in aspects for a in domain.aspects):
            domains[domain.number] = _level_mean(
                levels, units, (i.number for a in domain.aspects for i in a.indicators)
            )
    index = None
    if not missing:
        index = _level_mean(levels, units, (i.number for i in framework.indicators))
    return IndexResult(aspects=aspects, domains=domains, index=index, missing=missing, framework=framework, basis=basis)
