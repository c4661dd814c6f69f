"""What each event kind means: the one place that turns a logged event into the rows it stands for.

Services change recorded state only through `record`, which appends the event and applies it in
the same transaction; `storage.replay` applies the whole log, through the same `apply`, to an empty
copy of the schema and compares. So the log and the tables cannot drift apart unnoticed, and an
edit of either behind the app's back shows.

Self-assessment rows and evidence are too bulky for the log: an import event carries their digest
(`revision_digest`), which the replay checks against the stored rows.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from sqlite_utils import Database

from spbe_tui.storage import decisions, keys, panel, passphrases, people, recommendations, submissions
from spbe_tui.storage.events import append_event, event_time, now

# What an event from before a field was logged leaves unknown: the replay compares it with nothing.
NOT_LOGGED = "\x00not in the log"
UNKNOWN_VERSION = -1  # a decision's version, likewise (versions began with migration m005)
# Marks the end of the events written beside their rows rather than applied (migration m008).
LEDGER_STARTED = "ledger_started"

Event = Mapping[str, Any]


def record(
    db: Database, *, actor: str, kind: str, evaluation_id: int | None = None, instansi_id: str | None = None,
    stage: str | None = None, indicator: int | None = None, old: Any = None, new: Any = None,
    justification: str = "",
) -> int:
    """Append the event and make the change it records; call inside the write transaction."""
    event_id = append_event(db, actor=actor, kind=kind, evaluation_id=evaluation_id, instansi_id=instansi_id,
                            stage=stage, indicator=indicator, old=old, new=new, justification=justification)
    apply(db, next(db.query("SELECT * FROM events WHERE id = ?", [event_id])))
    return event_id


def apply(db: Database, event: Event, *, legacy: bool = False) -> None:
    """Make the change `event` records, its rows stamped with its time. Kinds that change no
    recorded state (navigation, who has the keyboard, the log's own notes) have no handler.

    `legacy`: an event from before the log was the tables' source, whose rows were stamped with
    their own clock: their times are unknown to the replay."""
    handler = _HANDLERS.get(event["kind"])
    if handler is None:
        return
    token = event_time.set(NOT_LOGGED if legacy else event["at"])
    try:
        handler(db, event, json.loads(event["new_value"]) if event["new_value"] else {})
    finally:
        event_time.reset(token)


def digest(rows: Sequence[Sequence[Any]], links: Sequence[Sequence[Any]]) -> str:
    """sha256 over self-assessment rows (indicator, level, penjelasan, fakta, analisis, evidence
    hash) and evidence links (indicator, name, sha256), each sorted: what an import event vouches for."""
    payload = json.dumps([sorted(map(list, rows)), sorted(map(list, links))], ensure_ascii=False,
                         separators=(",", ":"))
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def revision_digest(db: Database, revision_id: int) -> str:
    """`digest` of a revision's stored rows."""
    rows = db.execute("""SELECT indicator, level, penjelasan, fakta, analisis, evidence_hash FROM self_assessments
                         WHERE revision_id = ?""", [revision_id]).fetchall()
    links = db.execute("SELECT indicator, name, sha256 FROM revision_evidence WHERE revision_id = ?",
                       [revision_id]).fetchall()
    return digest(rows, links)


def revision_id_of(db: Database, evaluation_id: int, instansi_id: str, number: int) -> int | None:
    row = db.execute(
        """SELECT r.id FROM revisions r JOIN submissions s ON s.id = r.submission_id
           WHERE s.evaluation_id = ? AND s.instansi_id = ? AND r.number = ?""",
        [evaluation_id, instansi_id, number],
    ).fetchone()
    return int(row[0]) if row else None


# --- the kinds ------------------------------------------------------------------------------------


def _decision(db: Database, e: Event, new: dict[str, Any]) -> None:
    """An assessor's own level and justification (also an undo, which records the values it restores)."""
    key = decisions.DecisionKey(e["evaluation_id"], e["instansi_id"], e["actor"], e["stage"], e["indicator"])
    before = decisions.stored_version(db, key)
    version = (before or 0) + 1
    if event_time.get() == NOT_LOGGED or before == UNKNOWN_VERSION:
        version = UNKNOWN_VERSION
    revision = new.get("revision")
    decisions.upsert_decision(
        db, key, level=new["level"], justification=new["justification"],
        revision_id=(revision_id_of(db, e["evaluation_id"], e["instansi_id"], revision)
                     if revision is not None else None),
        evidence_hash=new.get("evidence_hash", NOT_LOGGED), version=version,
    )


def _team_level(db: Database, e: Event, new: dict[str, Any]) -> None:
    version = panel.team_level_version(db, e["evaluation_id"], e["instansi_id"], e["stage"], e["indicator"]) + 1
    # Early events kept the justification in the event's own column only.
    panel.put_team_level(db, e["evaluation_id"], e["instansi_id"], e["stage"], e["indicator"], new["level"],
                         str(new.get("justification", e["justification"])), e["actor"], version)


def _reviu(db: Database, e: Event, new: dict[str, Any]) -> None:
    panel.put_reviu(db, e["evaluation_id"], e["instansi_id"], e["indicator"], new["outcome"],
                    new["corrected_level"], e["justification"], e["actor"])


def _submitted(db: Database, e: Event, new: dict[str, Any]) -> None:
    panel.lock(db, e["evaluation_id"], e["instansi_id"], e["actor"], e["stage"])


def _revealed(db: Database, e: Event, new: dict[str, Any]) -> None:
    panel.reveal(db, e["evaluation_id"], e["instansi_id"], e["stage"], e["actor"])


def _assessor_added(db: Database, e: Event, new: dict[str, Any]) -> None:
    people.ensure_assessor(db, new["assessor"], new.get("name", NOT_LOGGED))
    for role in new["roles"]:
        people.grant_role(db, new["assessor"], role)


def _team_assigned(db: Database, e: Event, new: dict[str, Any]) -> None:
    if new["chair"]:
        people.demote_chairs(db, e["evaluation_id"], e["instansi_id"])  # one chair per team
    for member in new["members"]:
        people.assign(db, e["evaluation_id"], e["instansi_id"], member, "chair" if member == new["chair"] else "member")


def _ssh_key_added(db: Database, e: Event, new: dict[str, Any]) -> None:
    keys.add_key(db, new["assessor"], new.get("key_type", NOT_LOGGED), new.get("blob", NOT_LOGGED),
                 new.get("comment", NOT_LOGGED), new["fingerprint"])


def _recommendation(db: Database, e: Event, new: dict[str, Any]) -> None:
    if new["text"]:
        recommendations.set_recommendation(db, e["evaluation_id"], e["instansi_id"], new["aspect"], new["text"],
                                           e["actor"])
    else:
        recommendations.delete_recommendation(db, e["evaluation_id"], e["instansi_id"], new["aspect"])


def _passphrase_set(db: Database, e: Event, new: dict[str, Any]) -> None:
    passphrases.put_passphrase(db, e["actor"], new["salt"], new["hash"], new["n"], new["r"], new["p"])


def _submission_imported(db: Database, e: Event, new: dict[str, Any]) -> None:
    """The revision's place: its evaluation and institution (created on first use), its number,
    content hash, source and importer. The importer writes the rows themselves; the event's
    `digest` (`revision_digest`) vouches for them."""
    evaluation = new.get("evaluation")
    db.execute(
        """INSERT OR IGNORE INTO evaluations (id, year, framework_id, name, stages, predikat_basis, created_at)
           VALUES (?, ?, ?, ?, ?, ?, ?)""",
        [e["evaluation_id"], *([evaluation["year"], evaluation["framework_id"], evaluation["name"],
                                json.dumps(evaluation["stages"]), evaluation["predikat_basis"]]
                               if evaluation else [0, NOT_LOGGED, NOT_LOGGED, NOT_LOGGED, "unrounded"]), now()],
    )
    instansi = new.get("instansi")
    if instansi is not None:
        submissions.upsert_instansi(db, e["instansi_id"], instansi["name"], instansi["type"])
    else:
        db.execute("INSERT OR IGNORE INTO instansi (id, name, type, created_at) VALUES (?, ?, ?, ?)",
                   [e["instansi_id"], NOT_LOGGED, NOT_LOGGED, now()])
    submission_id = submissions.ensure_submission(db, e["evaluation_id"], e["instansi_id"])
    db.execute(
        """INSERT INTO revisions (submission_id, number, content_hash, source, imported_at, imported_by)
           VALUES (?, ?, ?, ?, ?, ?)""",
        [submission_id, new["revision"], new["content_hash"], new["source"], now(), e["actor"]],
    )


def _evaluation_set(db: Database, e: Event, new: dict[str, Any]) -> None:
    """An evaluation's settings: its name, the stages it uses and the value its predikat is read from."""
    submissions.update_evaluation(db, e["evaluation_id"], new["name"], new["stages"], new["predikat_basis"])


_HANDLERS: dict[str, Callable[[Database, Event, dict[str, Any]], None]] = {
    "decision": _decision,
    "undo": _decision,
    "team_level": _team_level,
    "reviu": _reviu,
    "levels_submitted": _submitted,
    "levels_revealed": _revealed,
    "assessor_added": _assessor_added,
    "team_assigned": _team_assigned,
    "ssh_key_added": _ssh_key_added,
    "recommendation": _recommendation,
    "passphrase_set": _passphrase_set,
    "submission_imported": _submission_imported,
    "evaluation_set": _evaluation_set,
}
