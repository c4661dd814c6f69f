"""Assessors' decisions per instansi × indicator × stage."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlite_utils import Database

from spbe_tui.storage.events import now


def current_revision(db: Database, evaluation_id: int, instansi_id: str) -> tuple[int, int] | None:
    """The id and number of the institution's latest revision."""
    row = db.execute(
        """SELECT r.id, r.number FROM revisions r JOIN submissions s ON s.id = r.submission_id
           WHERE s.evaluation_id = ? AND s.instansi_id = ? ORDER BY r.number DESC LIMIT 1""",
        [evaluation_id, instansi_id],
    ).fetchone()
    return (int(row[0]), int(row[1])) if row else None


def current_revision_id(db: Database, evaluation_id: int, instansi_id: str) -> int | None:
    current = current_revision(db, evaluation_id, instansi_id)
    return current[0] if current else None


@dataclass(frozen=True)
class DecisionKey:
    """What a decision belongs to: one assessor's level of one indicator at one stage."""

    evaluation_id: int
    instansi_id: str
    assessor_id: str
    stage: str
    indicator: int

    def values(self) -> list[Any]:
        return [self.evaluation_id, self.instansi_id, self.assessor_id, self.stage, self.indicator]


def get_decision(db: Database, key: DecisionKey) -> dict[str, Any] | None:
    rows = list(
        db.query(
            """SELECT * FROM decisions WHERE evaluation_id = ? AND instansi_id = ? AND assessor_id = ?
               AND stage = ? AND indicator = ?""",
            key.values(),
        )
    )
    return rows[0] if rows else None


def stored_version(db: Database, key: DecisionKey) -> int | None:
    """The decision's version, None when there is no row: the one column a replay needs, read cheaply."""
    row = db.execute(
        """SELECT version FROM decisions WHERE evaluation_id = ? AND instansi_id = ? AND assessor_id = ?
           AND stage = ? AND indicator = ?""",
        key.values(),
    ).fetchone()
    return None if row is None else int(row[0])


def upsert_decision(
    db: Database,
    key: DecisionKey,
    *,
    level: int | None,
    justification: str,
    revision_id: int | None,
    evidence_hash: str,
    version: int = 1,
) -> None:
    """`revision_id` and `evidence_hash` say what the decision was made against, so a later
    resubmission with changed evidence shows it as stale; `version` is the caller's checked
    successor of the stored one. A decision is never deleted: taking it back stores an empty one,
    so versions only grow."""
    db.execute(
        """INSERT INTO decisions (evaluation_id, instansi_id, assessor_id, stage, indicator, level, justification,
                                  revision_id, evidence_hash, decided_at, version)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT (evaluation_id, instansi_id, assessor_id, stage, indicator) DO UPDATE SET
               level = excluded.level, justification = excluded.justification, revision_id = excluded.revision_id,
               evidence_hash = excluded.evidence_hash, decided_at = excluded.decided_at, version = excluded.version""",
        [*key.values(), level, justification, revision_id, evidence_hash, now(), version],
    )


def decisions_of(db: Database, evaluation_id: int, instansi_id: str, assessor_id: str) -> list[dict[str, Any]]:
    return list(
        db.query(
            "SELECT * FROM decisions WHERE evaluation_id = ? AND instansi_id = ? AND assessor_id = ?",
            [evaluation_id, instansi_id, assessor_id],
        )
    )


def team_decisions(db: Database, evaluation_id: int, instansi_id: str) -> list[dict[str, Any]]:
    """Every assessor's decisions on one institution, all stages: what a panel compares."""
    return list(
        db.query(
            """SELECT assessor_id, stage, indicator, level, justification, evidence_hash FROM decisions
               WHERE evaluation_id = ? AND instansi_id = ?""",
            [evaluation_id, instansi_id],
        )
    )
