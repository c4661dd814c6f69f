"""The final report of one institution: index, domains and aspects, self versus final per
indicator, strengths and weaknesses per aspect, and the assessors' recommendations."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from sqlite_utils import Database

from spbe_tui.domain.framework import Aspect, Domain, Indicator
from spbe_tui.domain.index import IndexResult, LevelError, compute_index
from spbe_tui.errors import SpbeError
from spbe_tui.services.audit import LogHead, read_snapshot
from spbe_tui.services.evaluation import Evaluation, Instansi, submitted_instansi
from spbe_tui.services.levels import final_levels, self_levels
from spbe_tui.storage.recommendations import recommendations_of

STRENGTH_MIN = 4  # levels 4–5
WEAKNESS_MAX = 2  # levels 1–2 (and 0, on a scale that has it)
PEMENUHAN_MIN = 2  # levels 2–5: the indicator's basic criteria are met


@dataclass(frozen=True)
class Recommendation:
    text: str
    author: str
    updated_at: str


@dataclass(frozen=True)
class IndicatorComparison:
    indicator: Indicator
    self_level: int | None
    final_level: int | None

    @property
    def difference(self) -> int | None:
        """Final minus self; None when either is missing."""
        if self.self_level is None or self.final_level is None:
            return None
        return self.final_level - self.self_level


@dataclass(frozen=True)
class AspectFindings:
    aspect: Aspect
    value: Fraction | None
    predikat: str | None
    strengths: tuple[IndicatorComparison, ...]
    weaknesses: tuple[IndicatorComparison, ...]
    pemenuhan: int  # indicators at levels 2–5
    recommendation: Recommendation | None


@dataclass(frozen=True)
class DomainValue:
    domain: Domain
    value: Fraction | None
    predikat: str | None


@dataclass(frozen=True)
class InstansiReport:
    evaluation: Evaluation
    instansi: Instansi
    result: IndexResult  # of the final levels
    domains: tuple[DomainValue, ...]
    aspects: tuple[AspectFindings, ...]
    comparisons: tuple[IndicatorComparison, ...]  # largest self/final difference first
    log_head: LogHead  # the event log the report was read at, for `audit verify --head`

    @property
    def scale_max(self) -> int:
        return max(scale.max_level for scale in self.evaluation.framework.scales.values())


def _largest_difference_first(row: IndicatorComparison) -> tuple[bool, int, int]:
    # Indicators lacking a self or final level go last; equal differences by indicator number.
    difference = row.difference
    return (difference is None, -abs(difference or 0), row.indicator.number)


def build_report(db: Database, evaluation: Evaluation, instansi_id: str) -> InstansiReport:
    # One snapshot for the head and the levels, so the head names exactly the log they reflect.
    with read_snapshot(db) as head:
        return _build(db, evaluation, instansi_id, head)


def _build(db: Database, evaluation: Evaluation, instansi_id: str, head: LogHead) -> InstansiReport:
    instansi = submitted_instansi(db, evaluation, instansi_id)
    fw = evaluation.framework
    own_self = self_levels(db, evaluation, instansi_id)
    final = final_levels(db, evaluation, instansi_id)
    if not final:
        # An empty report would look like a finished one with nothing in it.
        raise SpbeError(f"{instansi_id} has no final level yet in {evaluation.name}: the report needs the team's "
                        "levels (spbe-tui panel or team-level); `spbe-tui status` shows how far it has got")
    try:
        result = compute_index(fw, final, evaluation.basis)
    except LevelError as exc:
        raise SpbeError(f"instansi {instansi_id} (final): {exc}") from None
    comparisons = {i.number: IndicatorComparison(i, own_self.get(i.number), final.get(i.number)) for i in fw.indicators}
    notes = {
        aspect: Recommendation(row["text"], row["author"], row["updated_at"])
        for aspect, row in recommendations_of(db, evaluation.id, instansi_id).items()
    }

    def predikat_of(value: Fraction | None) -> str | None:
        return None if value is None else result.predikat(value)

    aspects = []
    for aspect in fw.aspects:
        mine = [comparisons[i.number] for i in aspect.indicators]
        levelled = [(c, c.final_level) for c in mine if c.final_level is not None]
        value = result.aspects.get(aspect.number)
        aspects.append(
            AspectFindings(
                aspect=aspect,
                value=value,
                predikat=predikat_of(value),
                strengths=tuple(c for c, level in levelled if level >= STRENGTH_MIN),
                weaknesses=tuple(c for c, level in levelled if level <= WEAKNESS_MAX),
                pemenuhan=sum(1 for _, level in levelled if level >= PEMENUHAN_MIN),
                recommendation=notes.get(aspect.number),
            )
        )
    domains = tuple(
        DomainValue(d, result.domains.get(d.number), predikat_of(result.domains.get(d.number))) for d in fw.domains
    )
    return InstansiReport(
        evaluation=evaluation,
        instansi=instansi,
        result=result,
        domains=domains,
        aspects=tuple(aspects),
        comparisons=tuple(sorted(comparisons.values(), key=_largest_difference_first)),
        log_head=head,
    )
