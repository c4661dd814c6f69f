"""Whose individual levels a person may read, across a whole evaluation: the blind rule of
`spbe_tui.domain.levels` applied to every assessor decision an export or a listing would show."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlite_utils import Database

from spbe_tui.domain.levels import sees_others
from spbe_tui.services.evaluation import Evaluation
from spbe_tui.services.rights import Actor
from spbe_tui.storage import panel as panel_store
from spbe_tui.storage import people


def decision_filter(db: Database, evaluation: Evaluation, viewer: Actor) -> Callable[[dict[str, Any]], bool]:
    """A test for a decision row (instansi_id, stage, assessor_id): may `viewer` read it?
    Their own always; others' per the blind rule; an admin's view is everything."""
    if viewer.is_admin:
        return lambda row: True
    teams = people.assigned_instansi(db, evaluation.id, viewer.id)
    submitted = panel_store.locked_stages(db, evaluation.id, viewer.id)
    revealed = panel_store.revealed_stages(db, evaluation.id)

    def may_read(row: dict[str, Any]) -> bool:
        if row["assessor_id"] == viewer.id:
            return True
        where = (row["instansi_id"], row["stage"])
        return bool(sees_others(on_team=row["instansi_id"] in teams, is_admin=False, is_reviewer=viewer.is_reviewer,
                                submitted=where in submitted, revealed=where in revealed))

    return may_read
