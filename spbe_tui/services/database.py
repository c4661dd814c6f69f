"""Opening the database for an entry point (the CLI), which hands it on to the services and apps."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlite_utils import Database

from spbe_tui.storage.db import open_db


@contextmanager
def database_at(path: Path) -> Iterator[Database]:
    """The database at `path` (created and upgraded as needed), closed when the block is done."""
    database = open_db(path)
    try:
        yield database
    finally:
        database.close()
