"""How far an evaluation has got: per institution and per assessor, in a few grouped queries."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from sqlite_utils import Database

from spbe_tui.domain.levels import FINAL
from spbe_tui.services.evaluation import Evaluation, instansi_with_submissions
from spbe_tui.services.levels import levels_at
from spbe_tui.storage import people
from spbe_tui.storage import status_queries as queries


@dataclass(frozen=True)
class InstansiProgress:
    id: str
    name: str
    decided: dict[str, int]  # stage -> indicators with a level from at least one assessor
    team: dict[str, int]  # stage -> team levels set at that stage
    reviu: int
    final: int  # indicators with a final level
    total: int

    @property
    def complete(self) -> bool:
        return self.final >= self.total


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
    team = _per_stage(queries.team_level_counts(db, evaluation.id))
    reviu = dict(queries.reviu_counts(db, evaluation.id))
    final = levels_at(db, evaluation, FINAL)
    total = len(evaluation.framework.indicators)
    institutions = [
        InstansiProgress(row.id, row.name, decided.get(row.id, {}), team.get(row.id, {}),
                         reviu.get(row.id, 0), len(final.get(row.id, {})), total)
        for row in sorted(instansi_with_submissions(db, evaluation), key=lambda i: i.id)
    ]
    assigned = dict(queries.assignment_counts(db, evaluation.id))
    by_assessor = _per_stage(queries.decisions_per_assessor(db, evaluation.id))
    assessors = [
        AssessorProgress(row["id"], row["name"], assigned.get(row["id"], 0), by_assessor.get(row["id"], {}))
        for row in people.list_assessors(db)
        if row["id"] in assigned or row["id"] in by_assessor
    ]
    return Status(evaluation, institutions, assessors)
