"""A person's passphrase: what proves them at a shared panel terminal, where no SSH key speaks
for whoever takes the keyboard. Each person sets their own, from their own session; only a
scrypt hash is stored."""

from __future__ import annotations

import hashlib
import hmac
import os

from sqlite_utils import Database

from spbe_tui.errors import SpbeError
from spbe_tui.i18n import say
from spbe_tui.services.rights import AccessDenied, load_actor
from spbe_tui.storage import passphrases as store
from spbe_tui.storage.db import write
from spbe_tui.storage.ledger import record

MIN_LENGTH = 8
# 16 MiB and some 50 ms per try: cheap for a person at the keyboard, costly for a guesser
# holding a copy of the database.
COST = {"n": 2**14, "r": 8, "p": 1}
_MAXMEM = 64 * 1024 * 1024


def _scrypt(passphrase: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(passphrase.encode("utf-8"), salt=salt, n=n, r=r, p=p, maxmem=_MAXMEM, dklen=32)


def set_passphrase(db: Database, person: str, passphrase: str) -> None:
    """Set `person`'s own passphrase (the caller has proven who they are)."""
    load_actor(db, person)
    if len(passphrase) < MIN_LENGTH:
        raise SpbeError(say("pass_too_short", n=MIN_LENGTH))
    salt = os.urandom(16)
    digest = _scrypt(passphrase, salt, **COST)
    with write(db):
        # The hash goes in the log so that a hash swapped in behind the app's back shows.
        record(db, actor=person, kind="passphrase_set", new={"salt": salt.hex(), "hash": digest.hex(), **COST})


def has_passphrase(db: Database, person: str) -> bool:
    return store.get_passphrase(db, person) is not None


def check_passphrase(db: Database, person: str, passphrase: str) -> None:
    """Raise AccessDenied unless `passphrase` is `person`'s."""
    row = store.get_passphrase(db, person)
    if row is None:
        raise AccessDenied(say("pass_not_set", who=person))
    digest = _scrypt(passphrase, bytes.fromhex(row["salt"]), row["n"], row["r"], row["p"])
    if not hmac.compare_digest(digest.hex(), row["hash"]):
        raise AccessDenied(say("pass_wrong", who=person))
