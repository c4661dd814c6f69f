"""Opening databases in tests: everything opened here is closed after the test (conftest)."""

from __future__ import annotations

from pathlib import Path

from sqlite_utils import Database

from spbe_tui.storage.db import open_db

_opened: list[Database] = []


def open_database(path: Path | str) -> Database:
    db = open_db(path)
    _opened.append(db)
    return db


def close_all() -> None:
    while _opened:
        _opened.pop().close()
