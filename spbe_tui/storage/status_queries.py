"""Progress counts for `spbe-tui status`, each one grouped query over the whole evaluation."""

from __future__ import annotations

from sqlite_utils import Database


def decided_indicators(db: Database, evaluation_id: int) -> list[tuple[str, str, int]]:
    """(instansi_id, stage, indicators with a level from at least one assessor)."""
    return db.execute(
        """SELECT instansi_id, stage, count(DISTINCT indicator) FROM decisions
           WHERE evaluation_id = ? AND level IS NOT NULL GROUP BY instansi_id, stage""",
        [evaluation_id],
    ).fetchall()


def team_level_counts(db: Database, evaluation_id: int) -> list[tuple[str, str, int]]:
    """(instansi_id, stage, team levels set at that stage)."""
    return db.execute(
        "SELECT instansi_id, stage, count(*) FROM team_levels WHERE evaluation_id = ? GROUP BY instansi_id, stage",
        [evaluation_id],
    ).fetchall()


def reviu_counts(db: Database, evaluation_id: int) -> list[tuple[str, int]]:
    return db.execute(
        "SELECT instansi_id, count(*) FROM reviu WHERE evaluation_id = ? GROUP BY instansi_id", [evaluation_id]
    ).fetchall()


def assignment_counts(db: Database, evaluation_id: int) -> list[tuple[str, int]]:
    return db.execute(
        "SELECT assessor_id, count(*) FROM assignments WHERE evaluation_id = ? GROUP BY assessor_id", [evaluation_id]
    ).fetchall()


def decisions_per_assessor(db: Database, evaluation_id: int) -> list[tuple[str, str, int]]:
    """(assessor_id, stage, decisions with a level)."""
    return db.execute(
        """SELECT assessor_id, stage, count(*) FROM decisions
           WHERE evaluation_id = ? AND level IS NOT NULL GROUP BY assessor_id, stage""",
        [evaluation_id],
    ).fetchall()
