"""Replaying the event log into an empty copy of the schema and comparing it with the tables.

Whatever was changed behind the app's back shows as a difference: a table row edited, added or
deleted without its event, or events deleted, forged or rewritten so that they no longer account
for the tables. The meaning of each event kind is `storage.ledger`'s alone.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlite_utils import Database

from spbe_tui.i18n import say
from spbe_tui.storage import ledger
from spbe_tui.storage.ledger import NOT_LOGGED, UNKNOWN_VERSION


@dataclass(frozen=True)
class Difference:
    """The first place where the tables and the log disagree, in words."""

    text: str

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True)
class _Table:
    """One state table as the comparison sees it: `sql` gives key columns then value columns,
    run alike on the database and on the replay."""

    name: str
    sql: str
    key_width: int
    value_names: Sequence[str]  # "replay_col_*" messages naming the value columns
    describe: Callable[[tuple[Any, ...]], str]
    events_sql: str = ""  # the last event about a key, its parameters the key columns
    known: Callable[[tuple[Any, ...]], bool] = lambda values: True  # False: the log did not record them


_TABLES = (
    _Table(
        "evaluations", "SELECT id, year, framework_id, name, stages, predikat_basis, created_at FROM evaluations", 1,
        ("replay_col_year", "replay_col_framework", "replay_col_name", "replay_col_stages", "replay_col_basis",
         "replay_col_created_at"), lambda k: say("replay_evaluation", id=k[0]),
        "SELECT max(id) FROM events WHERE kind = 'submission_imported' AND evaluation_id = ?",
        known=lambda v: v[1] != NOT_LOGGED,
    ),
    _Table(
        "instansi", "SELECT id, name, type, created_at FROM instansi", 1,
        ("replay_col_name", "replay_col_type", "replay_col_created_at"), lambda k: say("replay_instansi", id=k[0]),
        "SELECT max(id) FROM events WHERE kind = 'submission_imported' AND instansi_id = ?",
    ),
    _Table(
        "submissions", "SELECT evaluation_id, instansi_id, created_at FROM submissions", 2, ("replay_col_created_at",),
        lambda k: say("replay_submission", instansi=k[1], evaluation=k[0]),
        "SELECT max(id) FROM events WHERE kind = 'submission_imported' AND evaluation_id = ? AND instansi_id = ?",
    ),
    _Table(
        "revisions",
        """SELECT s.evaluation_id, s.instansi_id, r.number, r.content_hash, r.source, r.imported_by, r.imported_at
           FROM revisions r JOIN submissions s ON s.id = r.submission_id""",
        3, ("replay_col_content_hash", "replay_col_source", "replay_col_imported_by", "replay_col_imported_at"),
        lambda k: say("replay_revision", number=k[2], instansi=k[1], evaluation=k[0]),
        """SELECT max(id) FROM events WHERE kind = 'submission_imported' AND evaluation_id = ? AND instansi_id = ?
           AND json_extract(new_value, '$.revision') = ?""",
    ),
    _Table(
        "assessors", "SELECT id, name, created_at FROM assessors", 1, ("replay_col_name", "replay_col_created_at"),
        lambda k: say("replay_assessor", id=k[0]),
        "SELECT max(id) FROM events WHERE kind = 'assessor_added' AND json_extract(new_value, '$.assessor') = ?",
    ),
    _Table(
        "assessor_roles", "SELECT assessor_id, role FROM assessor_roles", 2, (),
        lambda k: say("replay_role", role=k[1], assessor=k[0]),
        "SELECT max(id) FROM events WHERE kind = 'assessor_added' AND json_extract(new_value, '$.assessor') = ?",
    ),
    _Table(
        "ssh_keys", "SELECT fingerprint, assessor_id, key_type, blob, comment, added_at FROM ssh_keys", 1,
        ("replay_col_person", "replay_col_key_type", "replay_col_key", "replay_col_comment", "replay_col_added_at"),
        lambda k: say("replay_ssh_key", fingerprint=k[0]),
        "SELECT max(id) FROM events WHERE kind = 'ssh_key_added' AND json_extract(new_value, '$.fingerprint') = ?",
    ),
    _Table(
        "passphrases", "SELECT assessor_id, salt, hash, n, r, p, set_at FROM passphrases", 1,
        ("replay_col_salt", "replay_col_hash", "replay_col_n", "replay_col_r", "replay_col_p", "replay_col_set_at"),
        lambda k: say("replay_passphrase", person=k[0]),
        "SELECT max(id) FROM events WHERE kind = 'passphrase_set' AND actor = ?",
    ),
    _Table(
        "assignments", "SELECT evaluation_id, instansi_id, assessor_id, role FROM assignments", 3,
        ("replay_col_role",), lambda k: say("replay_assignment", assessor=k[2], instansi=k[1]),
        "SELECT max(id) FROM events WHERE kind = 'team_assigned' AND evaluation_id = ? AND instansi_id = ?",
    ),
    _Table(
        "decisions",
        """SELECT d.evaluation_id, d.instansi_id, d.assessor_id, d.stage, d.indicator,
                  d.level, d.justification, d.version, d.evidence_hash,
                  -- what a decision was made against was not logged before the evidence hash was
                  CASE WHEN d.evidence_hash = :unknown THEN :unknown ELSE s.instansi_id || ' revision ' || r.number END,
                  d.decided_at
           FROM decisions d LEFT JOIN revisions r ON r.id = d.revision_id
           LEFT JOIN submissions s ON s.id = r.submission_id AND s.evaluation_id = d.evaluation_id""",
        5, ("replay_col_level", "replay_col_justification", "replay_col_version", "replay_col_evidence_hash",
            "replay_col_revision", "replay_col_decided_at"),
        lambda k: say("replay_decision", assessor=k[2], stage=k[3], indicator=k[4], instansi=k[1]),
        """SELECT max(id) FROM events WHERE kind IN ('decision', 'undo') AND evaluation_id = ? AND instansi_id = ?
           AND actor = ? AND stage = ? AND indicator = ?""",
    ),
    _Table(
        "team_levels",
        """SELECT evaluation_id, instansi_id, stage, indicator, level, justification, set_by, version, set_at
           FROM team_levels""",
        4, ("replay_col_level", "replay_col_justification", "replay_col_set_by", "replay_col_version",
            "replay_col_set_at"),
        lambda k: say("replay_team_level", instansi=k[1], stage=k[2], indicator=k[3]),
        """SELECT max(id) FROM events WHERE kind = 'team_level' AND evaluation_id = ? AND instansi_id = ?
           AND stage = ? AND indicator = ?""",
    ),
    _Table(
        "reviu",
        """SELECT evaluation_id, instansi_id, indicator, outcome, corrected_level, justification, reviewer_id,
                  reviewed_at FROM reviu""",
        3, ("replay_col_outcome", "replay_col_corrected_level", "replay_col_justification", "replay_col_reviewer",
            "replay_col_reviewed_at"),
        lambda k: say("replay_reviu", instansi=k[1], indicator=k[2]),
        "SELECT max(id) FROM events WHERE kind = 'reviu' AND evaluation_id = ? AND instansi_id = ? AND indicator = ?",
    ),
    _Table(
        "stage_locks", "SELECT evaluation_id, instansi_id, assessor_id, stage, locked_at FROM stage_locks", 4,
        ("replay_col_submitted_at",),
        lambda k: say("replay_submitted_set", assessor=k[2], instansi=k[1], stage=k[3]),
        """SELECT max(id) FROM events WHERE kind = 'levels_submitted' AND evaluation_id = ? AND instansi_id = ?
           AND actor = ? AND stage = ?""",
    ),
    _Table(
        "reveals", "SELECT evaluation_id, instansi_id, stage, revealed_by, revealed_at FROM reveals", 3,
        ("replay_col_revealed_by", "replay_col_revealed_at"),
        lambda k: say("replay_reveal", instansi=k[1], stage=k[2]),
        """SELECT max(id) FROM events WHERE kind = 'levels_revealed' AND evaluation_id = ? AND instansi_id = ?
           AND stage = ?""",
    ),
    _Table(
        "recommendations", "SELECT evaluation_id, instansi_id, aspect, text, author, updated_at FROM recommendations",
        3, ("replay_col_text", "replay_col_author", "replay_col_updated_at"),
        lambda k: say("replay_recommendation", instansi=k[1], aspect=k[2]),
        """SELECT max(id) FROM events WHERE kind = 'recommendation' AND evaluation_id = ? AND instansi_id = ?
           AND json_extract(new_value, '$.aspect') = ?""",
    ),
)


def replay(db: Database) -> tuple[Database, Difference | None]:
    """The tables as the log says they are: an in-memory database with the same schema, every
    event applied in order. An event that cannot be applied (a forged duplicate, a reference to
    nothing) is the difference."""
    from spbe_tui.storage.migrations import migrations

    shadow = Database(memory=True, execute_plugins=False)
    migrations.apply(shadow)
    shadow.execute("PRAGMA foreign_keys = OFF")  # the log need not hold what it refers to (frameworks, evidence)
    started = db.execute("SELECT min(id) FROM events WHERE kind = ?", [ledger.LEDGER_STARTED]).fetchone()[0]
    shadow.conn.execute("BEGIN")
    for event in db.query("SELECT * FROM events ORDER BY id"):
        try:
            ledger.apply(shadow, event, legacy=started is not None and event["id"] < started)
        except (sqlite3.Error, KeyError, TypeError, ValueError) as exc:
            shadow.conn.execute("ROLLBACK")
            return shadow, Difference(say("replay_cannot_apply", event=event["id"], kind=event["kind"],
                                          actor=event["actor"], reason=exc))
    shadow.conn.execute("COMMIT")
    return shadow, None


def _shown(value: Any) -> str:
    if isinstance(value, str):
        text = value if len(value) <= 60 else value[:57] + "…"
        return json.dumps(text, ensure_ascii=False)
    return say("replay_none") if value is None else str(value)


def _last_event(db: Database, table: _Table, key: tuple[Any, ...]) -> str:
    if not table.events_sql:
        return ""
    params = list(key[: table.events_sql.count("?")])
    found = db.execute(table.events_sql, params).fetchone()
    return say("replay_last_event", event=found[0]) if found and found[0] is not None else ""


def _compare(db: Database, shadow: Database, table: _Table) -> Difference | None:
    def rows(source: Database) -> dict[tuple[Any, ...], tuple[Any, ...]]:
        found = source.execute(table.sql, {"unknown": NOT_LOGGED})
        return {tuple(r[: table.key_width]): tuple(r[table.key_width:]) for r in found}

    stored, logged = rows(db), rows(shadow)
    # Equal rows are the rule: only the others are sorted, to name the first one.
    differing = [key for key in stored.keys() | logged.keys() if stored.get(key) != logged.get(key)]
    for key in sorted(differing, key=lambda k: tuple(map(str, k))):
        what = table.describe(key)
        if key not in logged:
            return Difference(say("replay_unlogged", what=what))
        if key not in stored:
            return Difference(say("replay_deleted", what=what, event=_last_event(db, table, key)))
        if not table.known(logged[key]):
            continue
        for name, have, want in zip(table.value_names, stored[key], logged[key], strict=True):
            if want not in (NOT_LOGGED, UNKNOWN_VERSION) and have != want:
                return Difference(say("replay_changed", what=what, column=say(name), have=_shown(have),
                                      want=_shown(want), event=_last_event(db, table, key)))
    return None


def _self_assessments(db: Database) -> Difference | None:
    """Each revision's rows against the digest its import event vouched for."""
    for event in db.query("SELECT * FROM events WHERE kind = 'submission_imported' ORDER BY id"):
        new = json.loads(event["new_value"] or "{}")
        if "digest" not in new:
            continue  # imported before the digest was logged
        revision_id = ledger.revision_id_of(db, event["evaluation_id"], event["instansi_id"], new["revision"])
        if revision_id is not None and ledger.revision_digest(db, revision_id) != new["digest"]:
            return Difference(say("replay_self_assessment", instansi=event["instansi_id"], revision=new["revision"],
                                  event=event["id"]))
    return None


def first_difference(db: Database) -> Difference | None:
    """The first disagreement between the tables and the log, or None."""
    shadow, failed = replay(db)
    try:
        if failed:
            return failed
        for table in _TABLES:
            found = _compare(db, shadow, table)
            if found:
                return found
        return _self_assessments(db)
    finally:
        shadow.close()
