"""Opening the database for an entry point (the CLI), which hands it on to the services and apps."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlite_utils import Database

from spbe_tui.errors import StorageError
from spbe_tui.storage.db import NeedsUpgrade, open_db, storage_error


@contextmanager
def database_at(path: Path, *, read_only: bool = False) -> Iterator[Database]:
    """The database at `path` (created and upgraded as needed), closed when the block is done.

    `read_only` is for commands that only read: they work on a database the user may not write.
    One that still needs an upgrade is upgraded if the user may write it (as every open did
    before read-only opens existed), and refused with NeedsUpgrade otherwise.
    """
    try:
        database = open_db(path, read_only=read_only)
    except NeedsUpgrade as needs:
        try:
            database = open_db(path)
        except StorageError:
            raise needs from None
    try:
        yield database
    finally:
        database.close()


def storage_fault(exc: sqlite3.Error) -> StorageError:
    """A sqlite fault that reached the entry point, in words (for the CLI's last guard)."""
    return storage_error(exc)
