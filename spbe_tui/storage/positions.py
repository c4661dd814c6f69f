"""Where an assessor left off in the assessor app."""

from __future__ import annotations

from typing import Any

from sqlite_utils import Database

from spbe_tui.storage.events import now


def load_position(db: Database, assessor_id: str, evaluation_id: int) -> dict[str, Any] | None:
    rows = list(
        db.query(
            "SELECT * FROM reviewer_state WHERE assessor_id = ? AND evaluation_id = ?", [assessor_id, evaluation_id]
        )
    )
    return rows[0] if rows else None


def save_position(
    db: Database, assessor_id: str, evaluation_id: int, instansi_id: str, stage: str, indicator: int
) -> None:
    db.execute(
        """INSERT INTO reviewer_state (assessor_id, evaluation_id, instansi_id, stage, indicator, updated_at)
           VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (assessor_id, evaluation_id) DO UPDATE SET
           instansi_id = excluded.instansi_id, stage = excluded.stage, indicator = excluded.indicator,
           updated_at = excluded.updated_at""",
        [assessor_id, evaluation_id, instansi_id, stage, indicator, now()],
    )
