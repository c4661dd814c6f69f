"""How far an evaluation has got: per institution and per assessor, in a few grouped queries.

A stage has been held for an institution once its team set a level at it, or its chair revealed
it, or every member submitted their set for it. The levels are final only once the evaluation's
last stage has been held: before that `domain.levels.final_levels` still yields a level for
every indicator the team has scored (carried forward from an earlier stage), but it is the
team's provisional level, not the one the evaluation ends with.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass

from sqlite_utils import Database

from spbe_tui.domain.framework import Stage
from spbe_tui.services.evaluation import Evaluation, instansi_with_submissions
from spbe_tui.storage import people
from spbe_tui.storage import status_queries as queries


@dataclass(frozen=True)
class StageActivity:
    """What happened at one stage for one institution."""

    team: int  # team levels set at the stage
    submitted: int  # members who submitted their set
    revealed: bool
    members: int  # the team's size

    @property
    def held(self) -> bool:
        return self.team > 0 or self.revealed or 0 < self.members <= self.submitted


def stage_activity(
    db: Database, evaluation: Evaluation, instansi_id: str | None = None
) -> dict[str, dict[str, StageActivity]]:
    """Instansi id -> stage id -> its activity, in one query (one institution, or all)."""
    grouped: dict[str, dict[str, StageActivity]] = defaultdict(dict)
    for owner, stage, team, submitted, revealed, members in queries.stage_activity(db, evaluation.id, instansi_id):
        grouped[owner][stage] = StageActivity(team, submitted, bool(revealed), members)
    return dict(grouped)


def stage_reached(evaluation: Evaluation, activity: Mapping[str, StageActivity]) -> Stage | None:
    """The latest of the evaluation's stages that has been held; None before the first."""
    held = [stage for stage in evaluation.stages if stage.id in activity and activity[stage.id].held]
    return held[-1] if held else None


def at_last_stage(evaluation: Evaluation, reached: Stage | None) -> bool:
    return reached is not None and reached.id == evaluation.stages[-1].id


@dataclass(frozen=True)
class InstansiProgress:
    id: str
    name: str
    decided: dict[str, int]  # stage -> indicators with a level from at least one assessor
    team: dict[str, int]  # stage -> team levels set at that stage
    reviu: int
    final: int  # indicators with a final (or, before the last stage, provisional) level
    total: int
    reached: Stage | None  # the latest stage held
    last_stage_held: bool

    @property
    def complete(self) -> bool:
        """Every indicator has a level and the evaluation's last stage has been held."""
        return self.last_stage_held and self.final >= self.total


@dataclass(frozen=True)
class AssessorProgress:
    id: str
    name: str
    assigned: int
    decided: dict[str, int]  # stage -> decisions with a level


@dataclass(frozen=True)
class Status:
    evaluation: Evaluation
    institutions: list[InstansiProgress]  # by id
    assessors: list[AssessorProgress]  # those assigned or deciding in this evaluation, by id


def _per_stage(rows: list[tuple[str, str, int]]) -> dict[str, dict[str, int]]:
    grouped: dict[str, dict[str, int]] = defaultdict(dict)
    for owner, stage, count in rows:
        grouped[owner][stage] = count
    return grouped


def load_status(db: Database, evaluation: Evaluation) -> Status:
    decided = _per_stage(queries.decided_indicators(db, evaluation.id))
    activity = stage_activity(db, evaluation)
    reviu = dict(queries.reviu_counts(db, evaluation.id))
    final = dict(queries.final_level_counts(db, evaluation.id, evaluation.stage_ids))
    total = len(evaluation.framework.indicators)
    institutions = []
    for row in sorted(instansi_with_submissions(db, evaluation), key=lambda i: i.id):
        stages = activity.get(row.id, {})
        reached = stage_reached(evaluation, stages)
        institutions.append(InstansiProgress(
            row.id, row.name, decided.get(row.id, {}), {s: a.team for s, a in stages.items() if a.team},
            reviu.get(row.id, 0), final.get(row.id, 0), total, reached, at_last_stage(evaluation, reached),
        ))
    assigned = dict(queries.assignment_counts(db, evaluation.id))
    by_assessor = _per_stage(queries.decisions_per_assessor(db, evaluation.id))
    assessors = [
        AssessorProgress(row["id"], row["name"], assigned.get(row["id"], 0), by_assessor.get(row["id"], {}))
        for row in people.list_assessors(db)
        if row["id"] in assigned or row["id"] in by_assessor
    ]
    return Status(evaluation, institutions, assessors)
