"""The database file's own soundness, before any of its content is believed: damaged pages,
broken references, and the triggers that keep the event log append-only."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable

from sqlite_utils import Database

from spbe_tui.i18n import say
from spbe_tui.storage.events import append_event

# As m001 created them. A trigger dropped with the sqlite3 shell would leave the log open to
# deletion; every open puts it back and says so in the log.
LOG_TRIGGERS = {
    "events_no_update": """
    CREATE TRIGGER events_no_update BEFORE UPDATE ON events
    BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END
    """,
    "events_no_delete": """
    CREATE TRIGGER events_no_delete BEFORE DELETE ON events
    BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END
    """,
}
TRIGGERS_RESTORED = "log_triggers_restored"


def missing_triggers(db: Database, names: Iterable[str]) -> list[str]:
    """Those of the triggers `names` the schema does not have."""
    present = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")}
    return [name for name in names if name not in present]


def missing_log_triggers(db: Database) -> list[str]:
    return missing_triggers(db, LOG_TRIGGERS)


def restore_log_triggers(db: Database) -> list[str]:
    """Recreate missing log triggers and record that they were missing; call inside a write."""
    missing = missing_log_triggers(db)
    for name in missing:
        db.execute(LOG_TRIGGERS[name])
    if missing:
        append_event(db, actor="spbe-tui", kind=TRIGGERS_RESTORED, new={"restored": missing})
    return missing


def restored_log_triggers(db: Database) -> list[tuple[int, str]]:
    """(event id, time) of each open that found log triggers missing and restored them."""
    return [(r[0], r[1]) for r in db.execute("SELECT id, at FROM events WHERE kind = ? ORDER BY id",
                                             [TRIGGERS_RESTORED])]


def damage(db: Database) -> list[str]:
    """What is wrong with the file itself, in words; empty when nothing is."""
    try:
        found = [r[0] for r in db.execute("PRAGMA integrity_check")]
    except sqlite3.DatabaseError as exc:
        return [say("integrity_damaged", reason=exc)]
    if found != ["ok"]:
        return [say("integrity_damaged", reason=line) for line in found[:5]]
    return [
        say("integrity_dangling", table=table, rowid=rowid, parent=parent)
        for table, rowid, parent, _ in db.execute("PRAGMA foreign_key_check").fetchall()[:5]
    ]
