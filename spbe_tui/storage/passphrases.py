"""People's passphrase hashes, for taking the keyboard of a shared panel terminal."""

from __future__ import annotations

from typing import Any

from sqlite_utils import Database

from spbe_tui.storage.events import now


def put_passphrase(db: Database, assessor_id: str, salt: str, digest: str, n: int, r: int, p: int) -> None:
    db.execute(
        """INSERT INTO passphrases (assessor_id, salt, hash, n, r, p, set_at) VALUES (?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT (assessor_id) DO UPDATE SET salt = excluded.salt, hash = excluded.hash,
               n = excluded.n, r = excluded.r, p = excluded.p, set_at = excluded.set_at""",
        [assessor_id, salt, digest, n, r, p, now()],
    )


def get_passphrase(db: Database, assessor_id: str) -> dict[str, Any] | None:
    rows = list(db.query("SELECT * FROM passphrases WHERE assessor_id = ?", [assessor_id]))
    return rows[0] if rows else None
