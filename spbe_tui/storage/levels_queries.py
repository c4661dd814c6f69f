"""Read-only queries for every level an evaluation holds: self, assessors', team and reviu.

Each query covers a whole evaluation, or one institution when `instansi_id` is given, so that a
national export costs the same handful of queries as a single report. The `*_levels` queries
return bare tuples: a national set is tens of thousands of rows and building a dict per row
would cost more than the query. The `*_details` queries add who, when and why, for the trail.
"""

from __future__ import annotations

from typing import Any

from sqlite_utils import Database

# The latest revision of each submission of the evaluation; {where} narrows it to one institution.
_LATEST_SELF = """
    FROM submissions s
    JOIN revisions r ON r.submission_id = s.id
     AND r.number = (SELECT max(number) FROM revisions WHERE submission_id = s.id)
    JOIN self_assessments sa ON sa.revision_id = r.id
    WHERE s.evaluation_id = ?{where}"""


def _scope(evaluation_id: int, instansi_id: str | None, column: str = "instansi_id") -> tuple[str, list[Any]]:
    if instansi_id is None:
        return "", [evaluation_id]
    return f" AND {column} = ?", [evaluation_id, instansi_id]


def self_levels(db: Database, evaluation_id: int, instansi_id: str | None = None) -> list[tuple[str, int, int]]:
    """(instansi_id, indicator, level) of the latest revision of each submission."""
    where, params = _scope(evaluation_id, instansi_id, "s.instansi_id")
    sql = "SELECT s.instansi_id, sa.indicator, sa.level" + _LATEST_SELF.format(where=where)
    return db.execute(sql, params).fetchall()


def team_levels(db: Database, evaluation_id: int, instansi_id: str | None = None) -> list[tuple[str, str, int, int]]:
    """(instansi_id, stage, indicator, level) as set by the teams."""
    where, params = _scope(evaluation_id, instansi_id)
    return db.execute(
        f"SELECT instansi_id, stage, indicator, level FROM team_levels WHERE evaluation_id = ?{where}", params
    ).fetchall()


def reviu_corrections(db: Database, evaluation_id: int, instansi_id: str | None = None) -> list[tuple[str, int, int]]:
    """(instansi_id, indicator, corrected_level) of every reviu that found the result not valid."""
    where, params = _scope(evaluation_id, instansi_id)
    return db.execute(
        f"""SELECT instansi_id, indicator, corrected_level FROM reviu
            WHERE evaluation_id = ? AND outcome = 'tidak_valid'{where}""",
        params,
    ).fetchall()


def self_assessment_details(db: Database, evaluation_id: int, instansi_id: str | None = None) -> list[dict[str, Any]]:
    where, params = _scope(evaluation_id, instansi_id, "s.instansi_id")
    return list(
        db.query(
            "SELECT s.instansi_id, sa.indicator, sa.level, sa.penjelasan, sa.fakta, sa.analisis, r.imported_at"
            + _LATEST_SELF.format(where=where),
            params,
        )
    )


def team_level_details(db: Database, evaluation_id: int, instansi_id: str | None = None) -> list[dict[str, Any]]:
    where, params = _scope(evaluation_id, instansi_id)
    return list(
        db.query(
            f"""SELECT instansi_id, stage, indicator, level, justification, set_by, set_at
                FROM team_levels WHERE evaluation_id = ?{where}""",
            params,
        )
    )


def reviu_details(db: Database, evaluation_id: int, instansi_id: str | None = None) -> list[dict[str, Any]]:
    where, params = _scope(evaluation_id, instansi_id)
    return list(
        db.query(
            f"""SELECT instansi_id, indicator, outcome, corrected_level, justification, reviewer_id, reviewed_at
                FROM reviu WHERE evaluation_id = ?{where}""",
            params,
        )
    )


def assessor_decision_details(db: Database, evaluation_id: int, instansi_id: str | None = None) -> list[dict[str, Any]]:
    """Assessors' own decisions that carry a level (a justification alone is not a decision yet)."""
    where, params = _scope(evaluation_id, instansi_id)
    return list(
        db.query(
            f"""SELECT instansi_id, stage, indicator, assessor_id, level, justification, decided_at
                FROM decisions WHERE evaluation_id = ? AND level IS NOT NULL{where}""",
            params,
        )
    )
