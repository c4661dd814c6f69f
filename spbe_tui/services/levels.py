"""Which level counts, per institution and indicator, at each point of an evaluation.

- mandiri: the institution's self-assessment (latest revision of its submission);
- a stage: the team's consolidated level set at that stage, else carried forward from the latest
  earlier stage of the evaluation that has one, else missing (never the self level);
- final: a 'tidak_valid' reviu's corrected level, else the team level at the last stage.

`levels_at` reads the whole evaluation in at most two queries; the per-institution functions
are the same rules scoped to one institution.
"""

from __future__ import annotations

from collections import defaultdict

from sqlite_utils import Database

from spbe_tui.services.evaluation import Evaluation
from spbe_tui.storage import levels_queries as queries

MANDIRI = "mandiri"
FINAL = "final"

Levels = dict[int, int]


def check_point(evaluation: Evaluation, point: str) -> str:
    """`point` if it is mandiri, final or a stage of the evaluation; SpbeError otherwise."""
    if point not in (MANDIRI, FINAL):
        evaluation.stage(point)
    return point


def _team(evaluation: Evaluation, rows: list[tuple[str, str, int, int]], stage_id: str) -> dict[str, Levels]:
    reached = [s.id for s in evaluation.stages[: evaluation.stage_position(stage_id) + 1]]
    order = {stage: n for n, stage in enumerate(reached)}
    levels: dict[str, Levels] = defaultdict(dict)
    # Applied stage by stage, so a later stage's level replaces the one carried from before.
    for instansi_id, _, indicator, level in sorted((r for r in rows if r[1] in order), key=lambda r: order[r[1]]):
        levels[instansi_id][indicator] = level
    return levels


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
    team_rows = queries.team_levels(db, evaluation.id, instansi_id)
    if point != FINAL:
        return dict(_team(evaluation, team_rows, point))
    levels = _team(evaluation, team_rows, evaluation.stages[-1].id)
    for owner, indicator, corrected in queries.reviu_corrections(db, evaluation.id, instansi_id):
        levels[owner][indicator] = corrected
    return dict(levels)


def self_levels(db: Database, evaluation: Evaluation, instansi_id: str) -> Levels:
    return levels_at(db, evaluation, MANDIRI, instansi_id).get(instansi_id, {})


def team_levels_at(db: Database, evaluation: Evaluation, instansi_id: str, stage_id: str) -> Levels:
    evaluation.stage(stage_id)  # a stage, not mandiri or final
    return levels_at(db, evaluation, stage_id, instansi_id).get(instansi_id, {})


def final_levels(db: Database, evaluation: Evaluation, instansi_id: str) -> Levels:
    return levels_at(db, evaluation, FINAL, instansi_id).get(instansi_id, {})
