"""People's SSH public keys: what binds a key that OpenSSH accepted to a person."""

from __future__ import annotations

from typing import Any

from sqlite_utils import Database

from spbe_tui.storage.events import now


def add_key(db: Database, assessor_id: str, key_type: str, blob: str, comment: str, fingerprint: str) -> None:
    db.execute(
        """INSERT INTO ssh_keys (fingerprint, assessor_id, key_type, blob, comment, added_at)
           VALUES (?, ?, ?, ?, ?, ?)""",
        [fingerprint, assessor_id, key_type, blob, comment, now()],
    )


def key_owner(db: Database, fingerprint: str) -> str | None:
    row = db.execute("SELECT assessor_id FROM ssh_keys WHERE fingerprint = ?", [fingerprint]).fetchone()
    return row[0] if row else None


def all_keys(db: Database) -> list[dict[str, Any]]:
    return list(db.query("SELECT * FROM ssh_keys ORDER BY assessor_id, added_at"))
