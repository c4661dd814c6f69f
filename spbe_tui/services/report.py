"""The report of one institution: index, domains and aspects, self versus final per indicator
with the team's justification, strengths and weaknesses per aspect, the assessors'
recommendations, the team and the stage reached.

Only agreed levels and texts appear: the team's levels and justifications and the Tim Reviu's
reviu, never one assessor's own level, so the blind rule has nothing to hide here. Before the
evaluation's last stage has been held the levels are the team's provisional ones
(`services.status`), and the report says so.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from fractions import Fraction
from typing import Any

from sqlite_utils import Database

from spbe_tui.domain.framework import Aspect, Domain, Indicator, Stage
from spbe_tui.domain.index import IndexResult, LevelError, compute_index
from spbe_tui.errors import SpbeError
from spbe_tui.i18n import say
from spbe_tui.services.audit import LogHead, read_snapshot
from spbe_tui.services.evaluation import Evaluation, Instansi, submitted_instansi
from spbe_tui.services.levels import final_levels, self_levels
from spbe_tui.services.panel import Reviu, judged_team_row, reviu_from_rows
from spbe_tui.services.status import at_last_stage, stage_activity, stage_reached
from spbe_tui.storage import panel as panel_store
from spbe_tui.storage import people
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
class Person:
    id: str
    name: str
    role: str  # chair | member | reviewer


@dataclass(frozen=True)
class TeamJudgement:
    """The team level that counts for an indicator: set at `stage`, carried forward after it."""

    level: int
    stage: Stage
    justification: str


@dataclass(frozen=True)
class IndicatorComparison:
    indicator: Indicator
    self_level: int | None
    final_level: int | None  # the reviu's correction if Tidak Valid, else the team's level
    team: TeamJudgement | None
    reviu: Reviu | None

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
    generated_on: date
    reached: Stage | None  # the latest stage held
    team: tuple[Person, ...]  # chair first, then the members by id
    reviewers: tuple[Person, ...]  # the Tim Reviu members who recorded a reviu here, by id

    @property
    def provisional(self) -> bool:
        """The evaluation's last stage has not been held: the levels may still change."""
        return not at_last_stage(self.evaluation, self.reached)

    @property
    def last_stage(self) -> Stage:
        return self.evaluation.stages[-1]

    @property
    def scale_max(self) -> int:
        return max(scale.max_level for scale in self.evaluation.framework.scales.values())

    @property
    def scale_min(self) -> int:
        return min(scale.min_level for scale in self.evaluation.framework.scales.values())


def _largest_difference_first(row: IndicatorComparison) -> tuple[bool, int, int]:
    # Indicators lacking a self or final level go last; equal differences by indicator number.
    difference = row.difference
    return (difference is None, -abs(difference or 0), row.indicator.number)


def build_report(
    db: Database, evaluation: Evaluation, instansi_id: str, *, today: date | None = None
) -> InstansiReport:
    """`today` is the date the report says it was produced on (default: the machine's today)."""
    # One snapshot for the head and the levels, so the head names exactly the log they reflect.
    with read_snapshot(db) as head:
        return _build(db, evaluation, instansi_id, head, today or date.today())


def _judgement(evaluation: Evaluation, row: Mapping[str, Any] | None) -> TeamJudgement | None:
    return None if row is None else TeamJudgement(row["level"], evaluation.stage(row["stage"]), row["justification"])


def _people(db: Database, evaluation: Evaluation, instansi_id: str,
            reviu: dict[int, Reviu]) -> tuple[tuple[Person, ...], tuple[Person, ...]]:
    team = tuple(Person(m["id"], m["name"], m["role"])
                 for m in panel_store.team_members(db, evaluation.id, instansi_id))
    reviewers = []
    for reviewer in sorted({r.reviewer for r in reviu.values()}):
        found = people.get_assessor(db, reviewer)
        reviewers.append(Person(reviewer, found["name"] if found else reviewer, "reviewer"))
    return team, tuple(reviewers)


def _build(db: Database, evaluation: Evaluation, instansi_id: str, head: LogHead, today: date) -> InstansiReport:
    instansi = submitted_instansi(db, evaluation, instansi_id)
    fw = evaluation.framework
    own_self = self_levels(db, evaluation, instansi_id)
    final = final_levels(db, evaluation, instansi_id)
    if not final:
        # An empty report would look like a finished one with nothing in it.
        raise SpbeError(say("report_no_final_level", instansi=instansi_id, evaluation=evaluation.name))
    try:
        result = compute_index(fw, final, evaluation.basis)
    except LevelError as exc:
        raise SpbeError(say("report_level_error", instansi=instansi_id, problem=exc)) from None
    stages = evaluation.stage_ids
    team_rows = {(r["stage"], r["indicator"]): r
                 for r in panel_store.team_level_records(db, evaluation.id, instansi_id)}
    reviu = reviu_from_rows(stages, team_rows, panel_store.reviu_rows(db, evaluation.id, instansi_id))
    comparisons = {
        i.number: IndicatorComparison(i, own_self.get(i.number), final.get(i.number),
                                      _judgement(evaluation, judged_team_row(stages, team_rows, i.number)),
                                      reviu.get(i.number))
        for i in fw.indicators
    }
    team, reviewers = _people(db, evaluation, instansi_id, reviu)
    reached = stage_reached(evaluation, stage_activity(db, evaluation, instansi_id).get(instansi_id, {}))
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
        generated_on=today,
        reached=reached,
        team=team,
        reviewers=reviewers,
    )
