"""The assessors' recommendation per institution and aspect, written for the final report."""

from __future__ import annotations

from typing import Any

from sqlite_utils import Database

from spbe_tui.storage.events import now


def get_recommendation(db: Database, evaluation_id: int, instansi_id: str, aspect: int) -> dict[str, Any] | None:
    rows = list(
        db.query(
            "SELECT * FROM recommendations WHERE evaluation_id = ? AND instansi_id = ? AND aspect = ?",
            [evaluation_id, instansi_id, aspect],
        )
    )
    return rows[0] if rows else None


def set_recommendation(db: Database, evaluation_id: int, instansi_id: str, aspect: int, text: str, author: str) -> None:
    db.execute(
        """INSERT INTO recommendations (evaluation_id, instansi_id, aspect, text, author, updated_at)
           VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (evaluation_id, instansi_id, aspect) DO UPDATE SET
           text = excluded.text, author = excluded.author, updated_at = excluded.updated_at""",
        [evaluation_id, instansi_id, aspect, text, author, now()],
    )


def delete_recommendation(db: Database, evaluation_id: int, instansi_id: str, aspect: int) -> None:
    db.execute(
        "DELETE FROM recommendations WHERE evaluation_id = ? AND instansi_id = ? AND aspect = ?",
        [evaluation_id, instansi_id, aspect],
    )


def recommendations_of(db: Database, evaluation_id: int, instansi_id: str) -> dict[int, dict[str, Any]]:
    """Aspect number -> its recommendation row."""
    return {
        row["aspect"]: row
        for row in db.query(
            "SELECT * FROM recommendations WHERE evaluation_id = ? AND instansi_id = ? ORDER BY aspect",
            [evaluation_id, instansi_id],
        )
    }
