"""The shape of an evaluation framework, as loaded from a data file."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from functools import cached_property
from math import lcm

from spbe_tui.errors import SpbeError
from spbe_tui.i18n import say


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
    """One scored entry of a framework.

    `number` is the key everywhere (levels, decisions, exports, bundles) and is always a whole
    number. Where an instrument scores one indicator several times (2018's indicator 35: three
    public services), each further time is an entry of its own with its own number, `item_of`
    naming the indicator it belongs to and `label` how people write it ("35-2").
    """

    number: int
    name: str
    short_name: str
    # As written in the file; for a weight written as a fraction ("10/3") the nearest Decimal,
    # for display only: arithmetic uses exact_weight.
    weight: Decimal
    scale: Scale
    aspect_number: int
    question: str = ""
    description: str = ""
    criteria: dict[int, str] = field(default_factory=dict)
    evidence_criteria: dict[int, str] = field(default_factory=dict)
    label: str = ""  # how reports and screens name the entry; "" means str(number)
    item_of: int | None = None  # the indicator this entry is a further scored item of
    weight_fraction: Fraction | None = None  # the exact weight, when the file writes it as p/q

    def __post_init__(self) -> None:
        if not self.label:
            object.__setattr__(self, "label", str(self.number))

    @property
    def exact_weight(self) -> Fraction:
        return self.weight_fraction if self.weight_fraction is not None else Fraction(self.weight)


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
    def indicator_count(self) -> int:
        """Indicators of the instrument, not counting further scored items (2018: 35, of 37 entries)."""
        return sum(1 for i in self.indicators if i.item_of is None)

    @cached_property
    def weight_units(self) -> dict[int, int]:
        """Indicator weights as whole multiples of one common unit (1 / the least common
        denominator of the exact weights): exact integers, so index sums need no fractions until
        the final division. Only ratios of units matter, so the unit chosen never changes a value."""
        unit = lcm(*(i.exact_weight.denominator for i in self.indicators))
        return {i.number: int(i.exact_weight * unit) for i in self.indicators}

    @cached_property
    def indicator_by_number(self) -> dict[int, Indicator]:
        return {i.number: i for i in self.indicators}

    @cached_property
    def indicator_by_label(self) -> dict[str, Indicator]:
        return {i.label: i for i in self.indicators}

    def indicator_for_label(self, label: str) -> Indicator:
        """The entry a person's label names ("35-2"), or UnknownIndicator."""
        try:
            return self.indicator_by_label[label.strip()]
        except KeyError:
            raise UnknownIndicator(say("fw_no_label", framework=self.id, label=label)) from None

    def items_of(self, number: int) -> tuple[Indicator, ...]:
        """An indicator followed by its further scored items (just the indicator when it has none)."""
        return (self.indicator(number), *(i for i in self.indicators if i.item_of == number))

    @cached_property
    def aspect_by_number(self) -> dict[int, Aspect]:
        return {a.number: a for a in self.aspects}

    def indicator(self, number: int) -> Indicator:
        try:
            return self.indicator_by_number[number]
        except KeyError:
            numbers = [i.number for i in self.indicators]
            raise UnknownIndicator(
                say("fw_no_indicator", framework=self.id, n=number, first=numbers[0], last=numbers[-1])
            ) from None

    def justification(self, number: int, level: int | None) -> str:
        """The standard justification sentence for an indicator at a level, to be edited."""
        indicator = self.indicator(number)
        return self.justification_template.format(
            # The label where it differs ("35-2"); otherwise the number, so that a template's
            # format spec for a number keeps working.
            indicator=indicator.label if indicator.label != str(number) else number,
            name=indicator.name,
            level=level if level is not None else "…",
            level_name=indicator.scale.levels.get(level, "") if level is not None else "",
        )

    def stage(self, stage_id: str) -> Stage:
        for stage in self.stages:
            if stage.id == stage_id:
                return stage
        known = ", ".join(s.id for s in self.stages)
        raise UnknownStage(say("fw_no_stage", framework=self.id, stage=stage_id, known=known))
