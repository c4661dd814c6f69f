"""Progress counts for `spbe-tui status`, each one grouped query over the whole evaluation."""

from __future__ import annotations

from collections.abc import Sequence

from sqlite_utils import Database


def decided_indicators(db: Database, evaluation_id: int) -> list[tuple[str, str, int]]:
    """(instansi_id, stage, indicators with a level from at least one assessor)."""
    return db.execute(
        """SELECT instansi_id, stage, count(DISTINCT indicator) FROM decisions
           WHERE evaluation_id = ? AND level IS NOT NULL GROUP BY instansi_id, stage""",
        [evaluation_id],
    ).fetchall()


def stage_activity(
    db: Database, evaluation_id: int, instansi_id: str | None = None
) -> list[tuple[str, str, int, int, int, int]]:
    """(instansi_id, stage, team levels set at that stage, members who submitted their set for
    it, 1 if the chair revealed it else 0, members on the team): whatever shows a stage was held.
    One institution when `instansi_id` is given, else the whole evaluation."""
    narrow = "" if instansi_id is None else " AND instansi_id = ?"
    scope = [evaluation_id] if instansi_id is None else [evaluation_id, instansi_id]
    # Each table grouped on its own index first: a union of the raw rows would sort every team
    # level of the evaluation (hundreds of thousands) in a temporary b-tree.
    return db.execute(
        f"""SELECT x.instansi_id, x.stage, sum(x.team), sum(x.submitted), max(x.revealed), coalesce(t.members, 0)
            FROM (SELECT instansi_id, stage, count(*) AS team, 0 AS submitted, 0 AS revealed FROM team_levels
                  WHERE evaluation_id = ?{narrow} GROUP BY instansi_id, stage
                  UNION ALL SELECT instansi_id, stage, 0, count(*), 0 FROM stage_locks
                  WHERE evaluation_id = ?{narrow} GROUP BY instansi_id, stage
                  UNION ALL SELECT instansi_id, stage, 0, 0, 1 FROM reveals WHERE evaluation_id = ?{narrow}) x
            LEFT JOIN (SELECT instansi_id, count(*) AS members FROM assignments WHERE evaluation_id = ?{narrow}
                       GROUP BY instansi_id) t ON t.instansi_id = x.instansi_id
            GROUP BY x.instansi_id, x.stage""",
        scope * 4,
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
    """(assessor_id, stage, decisions with a level), from the counts the triggers keep
    (storage.decision_counts): one row per institution rather than per decision."""
    return db.execute(
        """SELECT assessor_id, stage, sum(decided) FROM decision_counts
           WHERE evaluation_id = ? AND decided > 0 GROUP BY assessor_id, stage""",
        [evaluation_id],
    ).fetchall()


def final_level_counts(db: Database, evaluation_id: int, stages: Sequence[str]) -> list[tuple[str, int]]:
    """(instansi_id, indicators with a final level). An indicator has one when the team set a
    level at any of the evaluation's `stages` or a reviu found it Tidak Valid and corrected it,
    as domain.levels.final_levels decides; counted here without reading every level (289,520
    rows at ten times national scale)."""
    marks = ", ".join("?" for _ in stages)
    return db.execute(
        f"""SELECT instansi_id, count(*) FROM (
                SELECT instansi_id, indicator FROM team_levels WHERE evaluation_id = ? AND stage IN ({marks})
                UNION SELECT instansi_id, indicator FROM reviu WHERE evaluation_id = ? AND outcome = 'tidak_valid')
            GROUP BY instansi_id""",
        [evaluation_id, *stages, evaluation_id],
    ).fetchall()
