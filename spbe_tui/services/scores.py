"""Consolidated scores as tables of typed cells, ready for a writer (CSV, XLSX).

Cells keep their type: levels are int, index values the half-up 2-decimal Decimal of the exact
value, `complete` a bool, a missing value None. Formatting (separators, decimal comma, formula
neutralising) is the writers' job.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING

from sqlite_utils import Database

from spbe_tui.domain.index import IndexResult, LevelError, compute_index, predikat, rounded, weighted_mean
from spbe_tui.domain.levels import FINAL, MANDIRI
from spbe_tui.errors import SpbeError
from spbe_tui.i18n import say
from spbe_tui.services.evaluation import Evaluation, instansi_with_submissions
from spbe_tui.services.levels import levels_at
from spbe_tui.services.rights import Actor
from spbe_tui.services.visibility import decision_filter
from spbe_tui.storage import levels_queries as queries

if TYPE_CHECKING:
    from spbe_tui.services.review import ReviewSession

Cell = str | int | Decimal | bool | None
Progress = Callable[[int, int], None]

LONG_COLUMNS = (
    "instansi_id", "instansi_name", "framework", "indicator", "stage", "source", "assessor", "level", "outcome",
    "justification", "at",
)
REVIU_STAGE = "reviu"
SHOWN_INCOMPLETE = 5  # institutions named in the refusal; the rest are counted


@dataclass(frozen=True)
class ScoreTable:
    name: str
    columns: tuple[str, ...]
    rows: list[tuple[Cell, ...]]


@dataclass(frozen=True)
class InstansiScore:
    instansi_id: str
    name: str
    levels: dict[int, int]
    result: IndexResult
    predikat: str | None  # of the index; None while incomplete


@dataclass(frozen=True)
class Summary:
    institutions: int
    complete: int
    domains: dict[int, Fraction]  # national average per domain, over complete institutions
    index: Fraction | None
    predikat: str | None
    predikat_counts: dict[str, int]  # band name -> complete institutions, in the framework's band order

    @property
    def incomplete(self) -> int:
        return self.institutions - self.complete


def collect_scores(
    db: Database, evaluation: Evaluation, point: str, progress: Progress | None = None
) -> list[InstansiScore]:
    """Every institution with a submission, by id, with its levels and index at `point`."""
    institutions = sorted(instansi_with_submissions(db, evaluation), key=lambda i: i.id)
    levels = levels_at(db, evaluation, point)
    scores = []
    for done, row in enumerate(institutions, start=1):
        own = levels.get(row.id, {})
        try:
            result = compute_index(evaluation.framework, own, evaluation.basis)
        except LevelError as exc:
            raise SpbeError(say("scores_bad_level", instansi=row.id, point=point, reason=exc)) from None
        scores.append(InstansiScore(row.id, row.name, own, result, result.predikat()))
        if progress:
            progress(done, len(institutions))
    return scores


def refuse_incomplete(scores: list[InstansiScore], point: str) -> None:
    """SpbeError naming the incomplete institutions, if any."""
    incomplete = [s for s in scores if not s.result.complete]
    if not incomplete:
        return
    named = ", ".join(say("scores_missing", instansi=s.instansi_id, n=len(s.result.missing))
                      for s in incomplete[:SHOWN_INCOMPLETE])
    if len(incomplete) > SHOWN_INCOMPLETE:
        named = say("scores_and_more", named=named, n=len(incomplete) - SHOWN_INCOMPLETE)
    raise SpbeError(say("scores_incomplete", n=len(incomplete), total=len(scores), point=point, named=named))


def _rounded(value: Fraction | None) -> Decimal | None:
    return None if value is None else rounded(value)


def wide_table(evaluation: Evaluation, point: str, scores: list[InstansiScore]) -> ScoreTable:
    """One row per institution: levels, aspect, domain and overall index, predikat."""
    fw = evaluation.framework
    columns = (
        "instansi_id", "instansi_name", "framework", "stage",
        *(f"I{i.label}" for i in fw.indicators),  # I35-2: an indicator scored as several items
        *(f"A{a.number}" for a in fw.aspects),
        *(f"D{d.number}" for d in fw.domains),
        "indeks", "predikat", "predikat_basis", "complete",
    )
    rows = [
        (
            s.instansi_id, s.name, fw.id, point,
            *(s.levels.get(i.number) for i in fw.indicators),
            *(_rounded(s.result.aspects.get(a.number)) for a in fw.aspects),
            *(_rounded(s.result.domains.get(d.number)) for d in fw.domains),
            _rounded(s.result.index), s.predikat, evaluation.basis.value, s.result.complete,
        )
        for s in scores
    ]
    return ScoreTable("wide", columns, rows)


def _grouped(rows: list[dict]) -> dict[tuple[str, int], list[dict]]:
    groups: dict[tuple[str, int], list[dict]] = defaultdict(list)
    for row in rows:
        groups[row["instansi_id"], row["indicator"]].append(row)
    return groups


def _explanation(row: dict) -> str:
    """The institution's own words for a self level: penjelasan, fakta and analisis, as given."""
    return "\n".join(text for text in (row["penjelasan"], row["fakta"], row["analisis"]) if text)


def long_table(db: Database, evaluation: Evaluation, point: str, scores: list[InstansiScore],
               viewer: Actor) -> ScoreTable:
    """The trail behind each level up to `point`: one row per institution × indicator × stage ×
    assessor, with the team's level per stage, and at `final` the reviu and the final level.
    Other assessors' own levels appear only where the blind rule lets `viewer` read them.

    Rows run institution by institution (by id), indicator by indicator, in process order.
    """
    fw = evaluation.framework
    stages = [] if point == MANDIRI else [s.id for s in evaluation.stages]
    if point not in (MANDIRI, FINAL):
        stages = stages[: stages.index(point) + 1]
    order = {stage: n for n, stage in enumerate(stages)}
    self_rows = _grouped(queries.self_assessment_details(db, evaluation.id))
    may_read = decision_filter(db, evaluation, viewer)
    decided = _grouped([r for r in queries.assessor_decision_details(db, evaluation.id)
                        if r["stage"] in order and may_read(r)])
    team = _grouped([r for r in queries.team_level_details(db, evaluation.id) if r["stage"] in order])
    reviu = _grouped(queries.reviu_details(db, evaluation.id)) if point == FINAL else {}

    rows: list[tuple[Cell, ...]] = []
    for score in scores:
        head = (score.instansi_id, score.name, fw.id)
        for indicator in fw.indicators:
            key = (score.instansi_id, indicator.number)
            trail: list[tuple[Cell, ...]] = [
                (MANDIRI, "self", "", r["level"], "", _explanation(r), r["imported_at"]) for r in self_rows.get(key, [])
            ]
            # Per stage: each assessor's own level, then the team's consolidated one.
            steps = [(order[r["stage"]], 0, r["assessor_id"], r) for r in decided.get(key, [])]
            steps += [(order[r["stage"]], 1, r["set_by"], r) for r in team.get(key, [])]
            for _, is_team, who, r in sorted(steps, key=lambda step: step[:3]):
                source, at = ("team", r["set_at"]) if is_team else ("assessor", r["decided_at"])
                trail.append((r["stage"], source, who, r["level"], "", r["justification"], at))
            trail += [
                (REVIU_STAGE, "reviu", r["reviewer_id"], r["corrected_level"], r["outcome"], r["justification"],
                 r["reviewed_at"])
                for r in reviu.get(key, [])
            ]
            if point == FINAL:
                trail.append((FINAL, "final", "", score.levels.get(indicator.number), "", "", ""))
            rows.extend((*head, indicator.number, *step) for step in trail)
    return ScoreTable("long", LONG_COLUMNS, rows)


def summarise(evaluation: Evaluation, scores: list[InstansiScore]) -> Summary:
    """Counts, predikat counts and the national average as the national reports compute it:
    the mean of each domain over complete institutions, combined with the domain weights."""
    fw = evaluation.framework
    complete = [s.result for s in scores if s.result.complete]
    counts = Counter(s.predikat for s in scores if s.result.complete)
    domains: dict[int, Fraction] = {}
    index = None
    if complete:
        domains = {
            d.number: sum((r.domains[d.number] for r in complete), Fraction(0)) / len(complete) for d in fw.domains
        }
        index = weighted_mean((domains[d.number], d.weight) for d in fw.domains)
    return Summary(
        institutions=len(scores),
        complete=len(complete),
        domains=domains,
        index=index,
        predikat=None if index is None else predikat(index, fw.bands, evaluation.basis),
        predikat_counts={band.name: counts[band.name] for band in fw.bands},
    )


SESSION_COLUMNS = ("instansi_id", "stage", "assessor", "indicator", "self_level", "level", "status", "justification")


def session_table(session: ReviewSession) -> ScoreTable:
    """One assessor's levels of one institution at one stage, as the assessor app shows them."""
    rows: list[tuple[Cell, ...]] = [
        (session.instansi.id, session.stage.id, session.assessor_id, s.indicator.number, s.self_level,
         None if s.undecided else s.level, s.origin.value, s.justification)
        for s in session.states()
    ]
    return ScoreTable(f"{session.instansi.id}-{session.stage.id}", SESSION_COLUMNS, rows)
