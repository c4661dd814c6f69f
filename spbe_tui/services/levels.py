"""Which level counts at each point of an evaluation, read from the database.

The rules are `spbe_tui.domain.levels`; this module only reads what they need, a whole
evaluation in at most two queries, or one institution with the same queries narrowed.
"""

from __future__ import annotations

from collections import defaultdict

from sqlite_utils import Database

from spbe_tui.domain import levels as rules
from spbe_tui.domain.levels import FINAL, MANDIRI, Levels
from spbe_tui.services.evaluation import Evaluation
from spbe_tui.storage import levels_queries as queries


def check_point(evaluation: Evaluation, point: str) -> str:
    """`point` if it is mandiri, final or a stage of the evaluation; SpbeError otherwise."""
    if point not in (MANDIRI, FINAL):
        evaluation.stage(point)
    return point


def levels_at(db: Database, evaluation: Evaluation, point: str, instansi_id: str | None = None) -> dict[str, Levels]:
    """Instansi id -> indicator -> level at `point` (mandiri, a stage id, or final).

    Institutions without any level at that point are absent from the result.
    """
    check_point(evaluation, point)
    if point == MANDIRI:
        levels: dict[str, Levels] = defaultdict(dict)
        for owner, indicator, level in queries.self_levels(db, evaluation.id, instansi_id):
            levels[owner][indicator] = level
        return dict(levels)
    stages = evaluation.stage_ids
    team_rows = queries.team_levels(db, evaluation.id, instansi_id)
    if point != FINAL:
        return rules.team_levels_at(stages, point, team_rows)
    return rules.final_levels(stages, team_rows, queries.reviu_corrections(db, evaluation.id, instansi_id))


def self_levels(db: Database, evaluation: Evaluation, instansi_id: str) -> Levels:
    return levels_at(db, evaluation, MANDIRI, instansi_id).get(instansi_id, {})


def team_levels_at(db: Database, evaluation: Evaluation, instansi_id: str, stage_id: str) -> Levels:
    evaluation.stage(stage_id)  # a stage, not mandiri or final
    return levels_at(db, evaluation, stage_id, instansi_id).get(instansi_id, {})


def final_levels(db: Database, evaluation: Evaluation, instansi_id: str) -> Levels:
    return levels_at(db, evaluation, FINAL, instansi_id).get(instansi_id, {})
