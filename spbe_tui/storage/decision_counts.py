"""How many indicators each assessor has set a level for, per institution and stage, kept by
triggers as decisions are written.

The institution picker shows one assessor's count for every institution each time it opens.
Counted from the decisions at ten times national scale that read 289,520 index entries (~40 ms)
per open; kept here it reads one row per institution. The triggers keep it exact whoever writes
(another process, the sqlite3 shell); should they be dropped, the next open puts them back and
counts again from the decisions (`restore_count_triggers`).
"""

from __future__ import annotations

from sqlite_utils import Database

from spbe_tui.storage.integrity import missing_triggers

_KEY = ("evaluation_id", "assessor_id", "stage", "instansi_id")


def _add(row: str, step: int) -> str:
    """The statement that counts the decision `row` (NEW or OLD) `step` more, if it has a level."""
    values = ", ".join(f"{row}.{column}" for column in _KEY)
    return (f"INSERT INTO decision_counts ({', '.join(_KEY)}, decided) SELECT {values}, {step} "
            f"WHERE {row}.level IS NOT NULL "
            f"ON CONFLICT ({', '.join(_KEY)}) DO UPDATE SET decided = decided + {step};")


# The update trigger fires only when the row changes what it counts towards or whether it counts.
_CHANGED = " OR ".join(["(OLD.level IS NULL) <> (NEW.level IS NULL)",
                        *(f"OLD.{column} IS NOT NEW.{column}" for column in _KEY)])

COUNT_TRIGGERS = {
    "decision_counts_insert": f"""
    CREATE TRIGGER decision_counts_insert AFTER INSERT ON decisions
    BEGIN {_add("NEW", 1)} END
    """,
    "decision_counts_update": f"""
    CREATE TRIGGER decision_counts_update AFTER UPDATE ON decisions WHEN {_CHANGED}
    BEGIN {_add("OLD", -1)} {_add("NEW", 1)} END
    """,
    "decision_counts_delete": f"""
    CREATE TRIGGER decision_counts_delete AFTER DELETE ON decisions
    BEGIN {_add("OLD", -1)} END
    """,
}

TABLE = """
CREATE TABLE decision_counts (
    evaluation_id INTEGER NOT NULL,
    assessor_id TEXT NOT NULL,
    stage TEXT NOT NULL,
    instansi_id TEXT NOT NULL,
    decided INTEGER NOT NULL,
    PRIMARY KEY (evaluation_id, assessor_id, stage, instansi_id)
) STRICT, WITHOUT ROWID
"""


def count_again(db: Database) -> None:
    """The counts from the decisions themselves; call inside a write."""
    db.execute("DELETE FROM decision_counts")
    db.execute(
        f"""INSERT INTO decision_counts ({', '.join(_KEY)}, decided)
            SELECT {', '.join(_KEY)}, count(*) FROM decisions WHERE level IS NOT NULL
            GROUP BY {', '.join(_KEY)}"""
    )


def missing_count_triggers(db: Database) -> list[str]:
    return missing_triggers(db, COUNT_TRIGGERS)


def restore_count_triggers(db: Database) -> None:
    """Put back missing triggers and count again: what was written meanwhile was not counted.
    Call inside a write."""
    for name in missing_count_triggers(db):
        db.execute(COUNT_TRIGGERS[name])
    count_again(db)


def progress(db: Database, evaluation_id: int, assessor_id: str, stage: str,
             assigned_only: bool) -> list[tuple[str, str, str, int]]:
    """(id, name, type, indicators this assessor set a level for at the stage) of every
    institution with a submission in the evaluation, by name; `assigned_only`: of those the
    assessor is assigned to."""
    assigned = ("JOIN assignments a ON a.evaluation_id = s.evaluation_id AND a.instansi_id = i.id "
                "AND a.assessor_id = :assessor" if assigned_only else "")
    return db.execute(
        f"""SELECT i.id, i.name, i.type, coalesce(c.decided, 0)
            FROM submissions s JOIN instansi i ON i.id = s.instansi_id {assigned}
            LEFT JOIN decision_counts c ON c.evaluation_id = s.evaluation_id AND c.assessor_id = :assessor
                 AND c.stage = :stage AND c.instansi_id = i.id
            WHERE s.evaluation_id = :evaluation ORDER BY i.name""",
        {"evaluation": evaluation_id, "assessor": assessor_id, "stage": stage},
    ).fetchall()
