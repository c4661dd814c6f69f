"""The append-only event log, hash-chained so that an edited or deleted entry shows."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlite_utils import Database

from spbe_tui.i18n import say
from spbe_tui.storage.db import inserted_id

GENESIS = "0" * 64
_CHAINED = (
    "at", "actor", "kind", "evaluation_id", "instansi_id", "stage", "indicator", "old_value", "new_value",
    "justification",
)

# The admin acting for the recorded actor (`--as` on a shared terminal), for every event this
# process appends: set once by the entry point that proved who is at the keyboard.
acting_admin: ContextVar[str | None] = ContextVar("acting_admin", default=None)


# While an event is applied (storage.ledger), the rows it makes carry its time, so that replaying
# the log rebuilds them exactly.
event_time: ContextVar[str | None] = ContextVar("event_time", default=None)


def now() -> str:
    """UTC timestamp with microseconds, the one time format stored everywhere."""
    return event_time.get() or datetime.now(UTC).isoformat(timespec="microseconds")


def _entry_hash(prev_hash: str, row: dict[str, Any]) -> str:
    fields = [prev_hash, *[row.get(k) for k in _CHAINED]]
    if row.get("via") is not None:  # events from before `via` existed keep their hashes
        fields.append(row["via"])
    payload = json.dumps(fields, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def append_event(
    db: Database,
    *,
    actor: str,
    kind: str,
    evaluation_id: int | None = None,
    instansi_id: str | None = None,
    stage: str | None = None,
    indicator: int | None = None,
    old: Any = None,
    new: Any = None,
    justification: str = "",
    at: str | None = None,
) -> int:
    """Append one event; call inside the write transaction of the change it records."""
    last = db.execute("SELECT hash FROM events ORDER BY id DESC LIMIT 1").fetchone()
    row: dict[str, Any] = {
        "at": at or now(),
        "actor": actor,
        "kind": kind,
        "evaluation_id": evaluation_id,
        "instansi_id": instansi_id,
        "stage": stage,
        "indicator": indicator,
        "old_value": None if old is None else json.dumps(old, ensure_ascii=False, sort_keys=True),
        "new_value": None if new is None else json.dumps(new, ensure_ascii=False, sort_keys=True),
        "justification": justification,
    }
    if acting_admin.get() is not None:
        row["via"] = acting_admin.get()
    row["prev_hash"] = last[0] if last else GENESIS
    row["hash"] = _entry_hash(row["prev_hash"], row)
    cursor = db.execute(
        f"INSERT INTO events ({', '.join(row)}) VALUES ({', '.join('?' for _ in row)})", list(row.values())
    )
    return inserted_id(cursor)


def decision_events_newest_first(
    db: Database, actor: str, evaluation_id: int, instansi_id: str
) -> Iterator[dict[str, Any]]:
    """An assessor's decision and undo events on one institution, newest first: what undo walks."""
    return db.query(
        """SELECT id, kind, stage, indicator, old_value, new_value FROM events
           WHERE actor = ? AND evaluation_id = ? AND instansi_id = ? AND kind IN ('decision', 'undo')
           ORDER BY id DESC""",
        [actor, evaluation_id, instansi_id],
    )


@dataclass(frozen=True)
class ChainBreak:
    event_id: int
    reason: str


def verify_chain(db: Database) -> tuple[int, ChainBreak | None]:
    """Walk the log in order; return how many entries were checked and the first broken link."""
    expected_prev = GENESIS
    checked = 0
    last_id = 0
    for row in db.query("SELECT * FROM events ORDER BY id"):
        if row["id"] != last_id + 1 and checked:
            return checked, ChainBreak(row["id"], say("chain_missing", first=last_id + 1, last=row["id"] - 1))
        if row["prev_hash"] != expected_prev:
            return checked, ChainBreak(row["id"], say("chain_unlinked"))
        if _entry_hash(row["prev_hash"], row) != row["hash"]:
            return checked, ChainBreak(row["id"], say("chain_edited"))
        expected_prev = row["hash"]
        last_id = row["id"]
        checked += 1
    return checked, None


def log_head(db: Database) -> tuple[int, str]:
    """How many events the log holds and the hash of the last one (0 and GENESIS when empty).

    One statement, so the two agree even outside a transaction.
    """
    count, last = db.execute(
        "SELECT count(*), (SELECT hash FROM events ORDER BY id DESC LIMIT 1) FROM events"
    ).fetchone()
    return count, last or GENESIS


def event_hash(db: Database, event_id: int) -> str | None:
    """The stored hash of event `event_id`, or None when there is no such event."""
    row = db.execute("SELECT hash FROM events WHERE id = ?", [event_id]).fetchone()
    return row[0] if row else None
