"""Which institutions' panels a person may open, for the panel's institution picker."""

from __future__ import annotations

from sqlite_utils import Database

from spbe_tui.services.evaluation import Evaluation, instansi_with_submissions
from spbe_tui.services.rights import load_actor
from spbe_tui.services.workspace import InstansiSummary
from spbe_tui.storage import people
from spbe_tui.storage.status_queries import stage_activity


def panel_instansi(db: Database, evaluation: Evaluation, viewer_id: str, stage_id: str) -> list[InstansiSummary]:
    """The institutions with a submission whose team the viewer may look at (their own teams;
    every one for an admin or the Tim Reviu), by name, each counting the team levels set at the
    stage: a panel's progress is the team's, not one assessor's."""
    viewer = load_actor(db, viewer_id)
    evaluation.stage(stage_id)
    teams = None if viewer.is_admin or viewer.is_reviewer else people.assigned_instansi(db, evaluation.id, viewer.id)
    done = {row[0]: row[2] for row in stage_activity(db, evaluation.id) if row[1] == stage_id}
    total = len(evaluation.framework.indicators)
    return [
        InstansiSummary(row.id, row.name, row.type, done.get(row.id, 0), total)
        for row in instansi_with_submissions(db, evaluation)
        if teams is None or row.id in teams
    ]
