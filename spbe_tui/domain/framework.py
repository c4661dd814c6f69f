"""The shape of an evaluation framework, as loaded from a data file."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property

from spbe_tui.errors import SpbeError


def _decimal_places(value: Decimal) -> int:
    """Digits after the decimal point of a finite Decimal, as written (0 for a whole number)."""
    exponent = value.as_tuple().exponent
    if not isinstance(exponent, int):  # 'n', 'N', 'F': NaN or infinity, which the loader refuses
        raise ValueError(f"not a finite number: {value}")
    return max(0, -exponent)


class UnknownIndicator(SpbeError):
    """An indicator number the framework does not have."""


class UnknownStage(SpbeError):
    """A stage id the framework (or an evaluation) does not use."""


@dataclass(frozen=True)
class Scale:
    id: str
    name: str
    levels: dict[int, str]  # level value -> level name, ascending

    @property
    def min_level(self) -> int:
        return min(self.levels)

    @property
    def max_level(self) -> int:
        return max(self.levels)


@dataclass(frozen=True)
class Indicator:
    number: int
    name: str
    short_name: str
    weight: Decimal
    scale: Scale
    aspect_number: int
    question: str = ""
    description: str = ""
    criteria: dict[int, str] = field(default_factory=dict)
    evidence_criteria: dict[int, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Aspect:
    number: int
    name: str
    weight: Decimal
    domain_number: int
    indicators: tuple[Indicator, ...]


@dataclass(frozen=True)
class Domain:
    number: int
    name: str
    weight: Decimal
    aspects: tuple[Aspect, ...]


@dataclass(frozen=True)
class Band:
    """One predikat band: min <= value < max (or <= max when max_inclusive)."""

    name: str
    min: Decimal
    max: Decimal
    max_inclusive: bool = False


@dataclass(frozen=True)
class Stage:
    id: str
    name: str
    optional: bool = False


# Used when a framework file gives no wording of its own.
GENERIC_JUSTIFICATION = "Indicator {indicator} ({name}): level {level} ({level_name})."


@dataclass(frozen=True)
class Framework:
    id: str
    title: str
    regulation: str
    status: str
    notes: str
    total_weight: Decimal
    scales: dict[str, Scale]
    bands: tuple[Band, ...]
    stages: tuple[Stage, ...]
    domains: tuple[Domain, ...]
    # Fields: {indicator}, {name}, {level}, {level_name}.
    justification_template: str = GENERIC_JUSTIFICATION

    @cached_property
    def aspects(self) -> tuple[Aspect, ...]:
        return tuple(a for d in self.domains for a in d.aspects)

    @cached_property
    def indicators(self) -> tuple[Indicator, ...]:
        return tuple(i for a in self.aspects for i in a.indicators)

    @cached_property
    def weight_units(self) -> dict[int, int]:
        """Indicator weights as whole multiples of one common unit (10^-places): exact integers,
        so index sums need no fractions until the final division."""
        places = max(_decimal_places(i.weight) for i in self.indicators)
        return {i.number: int(i.weight.scaleb(places)) for i in self.indicators}

    @cached_property
    def indicator_by_number(self) -> dict[int, Indicator]:
        return {i.number: i for i in self.indicators}

    @cached_property
    def aspect_by_number(self) -> dict[int, Aspect]:
        return {a.number: a for a in self.aspects}

    def indicator(self, number: int) -> Indicator:
        try:
            return self.indicator_by_number[number]
        except KeyError:
            numbers = [i.number for i in self.indicators]
            raise UnknownIndicator(
                f"framework {self.id} has no indicator {number} (indicators {numbers[0]}–{numbers[-1]})"
            ) from None

    def justification(self, number: int, level: int | None) -> str:
        """The standard justification sentence for an indicator at a level, to be edited."""
        indicator = self.indicator(number)
        return self.justification_template.format(
            indicator=number,
            name=indicator.name,
            level=level if level is not None else "…",
            level_name=indicator.scale.levels.get(level, "") if level is not None else "",
        )

    def stage(self, stage_id: str) -> Stage:
        for stage in self.stages:
            if stage.id == stage_id:
                return stage
        known = ", ".join(s.id for s in self.stages)
        raise UnknownStage(f"framework {self.id} has no stage {stage_id!r} (known: {known})")
