"""Queries behind panel sessions: locks, reveals, team levels (versioned) and reviu."""

from __future__ import annotations

from typing import Any

from sqlite_utils import Database

from spbe_tui.storage.events import now


def is_locked(db: Database, evaluation_id: int, instansi_id: str, assessor_id: str, stage: str) -> bool:
    return db.execute(
        "SELECT 1 FROM stage_locks WHERE evaluation_id = ? AND instansi_id = ? AND assessor_id = ? AND stage = ?",
        [evaluation_id, instansi_id, assessor_id, stage],
    ).fetchone() is not None


def lock(db: Database, evaluation_id: int, instansi_id: str, assessor_id: str, stage: str) -> None:
    db.execute(
        "INSERT INTO stage_locks (evaluation_id, instansi_id, assessor_id, stage, locked_at) VALUES (?, ?, ?, ?, ?)",
        [evaluation_id, instansi_id, assessor_id, stage, now()],
    )


def locked_assessors(db: Database, evaluation_id: int, instansi_id: str, stage: str) -> set[str]:
    return {
        r[0] for r in db.execute(
            "SELECT assessor_id FROM stage_locks WHERE evaluation_id = ? AND instansi_id = ? AND stage = ?",
            [evaluation_id, instansi_id, stage],
        )
    }


def is_revealed(db: Database, evaluation_id: int, instansi_id: str, stage: str) -> bool:
    return db.execute(
        "SELECT 1 FROM reveals WHERE evaluation_id = ? AND instansi_id = ? AND stage = ?",
        [evaluation_id, instansi_id, stage],
    ).fetchone() is not None


def reveal(db: Database, evaluation_id: int, instansi_id: str, stage: str, chair: str) -> None:
    db.execute(
        """INSERT INTO reveals (evaluation_id, instansi_id, stage, revealed_by, revealed_at) VALUES (?, ?, ?, ?, ?)
           ON CONFLICT DO NOTHING""",
        [evaluation_id, instansi_id, stage, chair, now()],
    )


def team_members(db: Database, evaluation_id: int, instansi_id: str) -> list[dict[str, Any]]:
    return list(
        db.query(
            """SELECT a.assessor_id AS id, p.name, a.role FROM assignments a JOIN assessors p ON p.id = a.assessor_id
               WHERE a.evaluation_id = ? AND a.instansi_id = ? ORDER BY a.role = 'chair' DESC, a.assessor_id""",
            [evaluation_id, instansi_id],
        )
    )


def team_level_records(db: Database, evaluation_id: int, instansi_id: str) -> list[dict[str, Any]]:
    return list(
        db.query(
            "SELECT * FROM team_levels WHERE evaluation_id = ? AND instansi_id = ? ORDER BY stage, indicator",
            [evaluation_id, instansi_id],
        )
    )


def get_team_level(
    db: Database, evaluation_id: int, instansi_id: str, stage: str, indicator: int
) -> dict[str, Any] | None:
    rows = list(
        db.query(
            "SELECT * FROM team_levels WHERE evaluation_id = ? AND instansi_id = ? AND stage = ? AND indicator = ?",
            [evaluation_id, instansi_id, stage, indicator],
        )
    )
    return rows[0] if rows else None


def team_level_version(db: Database, evaluation_id: int, instansi_id: str, stage: str, indicator: int) -> int:
    """The team level's version, 0 when there is none yet."""
    row = db.execute(
        "SELECT version FROM team_levels WHERE evaluation_id = ? AND instansi_id = ? AND stage = ? AND indicator = ?",
        [evaluation_id, instansi_id, stage, indicator],
    ).fetchone()
    return 0 if row is None else int(row[0])


def put_team_level(
    db: Database, evaluation_id: int, instansi_id: str, stage: str, indicator: int, level: int,
    justification: str, chair: str, version: int,
) -> None:
    """Insert (version 1) or replace the row whose version the caller has checked."""
    db.execute(
        """INSERT INTO team_levels
               (evaluation_id, instansi_id, stage, indicator, level, justification, set_by, set_at, version)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT (evaluation_id, instansi_id, stage, indicator) DO UPDATE SET level = excluded.level,
               justification = excluded.justification, set_by = excluded.set_by, set_at = excluded.set_at,
               version = excluded.version""",
        [evaluation_id, instansi_id, stage, indicator, level, justification, chair, now(), version],
    )


def get_reviu(db: Database, evaluation_id: int, instansi_id: str, indicator: int) -> dict[str, Any] | None:
    rows = list(
        db.query(
            "SELECT * FROM reviu WHERE evaluation_id = ? AND instansi_id = ? AND indicator = ?",
            [evaluation_id, instansi_id, indicator],
        )
    )
    return rows[0] if rows else None


def reviu_rows(db: Database, evaluation_id: int, instansi_id: str) -> list[dict[str, Any]]:
    return list(
        db.query("SELECT * FROM reviu WHERE evaluation_id = ? AND instansi_id = ?", [evaluation_id, instansi_id])
    )


def put_reviu(
    db: Database, evaluation_id: int, instansi_id: str, indicator: int, outcome: str, corrected_level: int | None,
    justification: str, reviewer: str,
) -> None:
    db.execute(
        """INSERT INTO reviu
               (evaluation_id, instansi_id, indicator, outcome, corrected_level, justification, reviewer_id,
                reviewed_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT (evaluation_id, instansi_id, indicator) DO UPDATE SET outcome = excluded.outcome,
               corrected_level = excluded.corrected_level, justification = excluded.justification,
               reviewer_id = excluded.reviewer_id, reviewed_at = excluded.reviewed_at""",
        [evaluation_id, instansi_id, indicator, outcome, corrected_level, justification, reviewer, now()],
    )


def indicator_events(db: Database, evaluation_id: int, instansi_id: str, indicator: int) -> list[dict[str, Any]]:
    return list(
        db.query(
            """SELECT id, at, actor, kind, stage, old_value, new_value, justification FROM events
               WHERE evaluation_id = ? AND instansi_id = ? AND (indicator = ? OR indicator IS NULL) ORDER BY id""",
            [evaluation_id, instansi_id, indicator],
        )
    )


def locked_stages(db: Database, evaluation_id: int, assessor_id: str) -> set[tuple[str, str]]:
    """(instansi, stage) of every set this assessor has submitted in the evaluation."""
    return {
        (r[0], r[1]) for r in db.execute(
            "SELECT instansi_id, stage FROM stage_locks WHERE evaluation_id = ? AND assessor_id = ?",
            [evaluation_id, assessor_id],
        )
    }


def revealed_stages(db: Database, evaluation_id: int) -> set[tuple[str, str]]:
    """(instansi, stage) of every stage its chair has revealed in the evaluation."""
    return {
        (r[0], r[1]) for r in db.execute(
            "SELECT instansi_id, stage FROM reveals WHERE evaluation_id = ?", [evaluation_id]
        )
    }
