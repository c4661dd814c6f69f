"""Assessors, their roles, and their assignments to institutions."""

from __future__ import annotations

from sqlite_utils import Database

from spbe_tui.storage.events import now


def ensure_assessor(db: Database, assessor_id: str, name: str | None = None) -> None:
    db.execute(
        "INSERT INTO assessors (id, name, created_at) VALUES (?, ?, ?) ON CONFLICT (id) DO NOTHING",
        [assessor_id, name or assessor_id, now()],
    )
