"""Opening the database: pragmas, file permissions, migrations, and write transactions."""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlite_utils import Database

from spbe_tui.errors import StorageError

BUSY_TIMEOUT_MS = 15_000
# Shared assessment servers give a project group read/write; others must not read scores.
DB_FILE_MODE = 0o660


# sqlite's words for a fault the person can understand and perhaps fix, in plain words.
_FAULTS = (
    ("database or disk is full", "the disk is full"),
    ("readonly database", "the database is read-only for you"),
    ("attempt to write a readonly", "the database is read-only for you"),
    ("database is locked", "the database is locked by another program"),
    ("disk i/o error", "the disk reported an I/O error"),
    ("unable to open database", "the database file cannot be opened"),
    ("malformed", "the database file is damaged"),
)


def storage_error(exc: sqlite3.Error) -> StorageError:
    """A sqlite fault as a StorageError that says in words what happened."""
    text = str(exc)
    reason = next((words for needle, words in _FAULTS if needle in text.lower()), f"the database refused ({text})")
    return StorageError(reason)


def inserted_id(cursor: sqlite3.Cursor) -> int:
    """The rowid of the row an INSERT just added (sqlite3 types `lastrowid` as possibly None)."""
    rowid = cursor.lastrowid
    if rowid is None:
        raise StorageError("the statement inserted no row")
    return rowid


def _connect(path: Path) -> sqlite3.Connection:
    # isolation_level=None: no implicit BEGIN; every transaction here is explicit and IMMEDIATE.
    return sqlite3.connect(str(path), isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=True)


def _create_file(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, DB_FILE_MODE)
    except FileExistsError:
        return
    os.close(fd)
    # The process umask may have stripped group bits from the mode given to open().
    os.chmod(path, DB_FILE_MODE)


def _enable_wal(db: Database) -> None:
    """Switch to WAL, waiting like any other write would.

    The switch needs an exclusive lock, and SQLite answers SQLITE_BUSY at once (without the busy
    handler) while another connection writes, as a concurrent first open does while it migrates.
    """
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    while True:
        try:
            if db.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                db.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.02)


def open_db(path: Path | str, *, migrate: bool = True) -> Database:
    """Open (creating if needed) and upgrade the database at `path`.

    WAL, synchronous=FULL, foreign keys and a busy timeout are set on every connection; the
    schema is brought up to date by migrations on every open.
    """
    path = Path(path)
    if str(path) != ":memory:":
        try:
            _create_file(path)
        except OSError as exc:
            raise StorageError(f"cannot create database {path}: {exc.strerror}") from None
        conn = _connect(path)
    else:
        conn = sqlite3.connect(":memory:", isolation_level=None)
    db = Database(conn, strict=True, execute_plugins=False)
    try:
        db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        db.execute("PRAGMA foreign_keys = ON")
        if str(path) != ":memory:":
            _enable_wal(db)
        db.execute("PRAGMA synchronous = FULL")
        if migrate:
            from spbe_tui.storage.migrations import migrate as run_migrations

            run_migrations(db)
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise StorageError(f"{path} is not a usable spbe-tui database: {exc}") from None
    return db


@contextmanager
def write(db: Database) -> Iterator[Database]:
    """One write transaction that takes the write lock up front.

    BEGIN IMMEDIATE rather than a deferred BEGIN: a deferred transaction that later needs to
    write can fail with "database is locked" without waiting, which several assessors writing
    at once would see. Nested use becomes a savepoint.
    """
    if db.conn.in_transaction:
        with db.atomic():
            yield db
        return
    try:
        db.execute("BEGIN IMMEDIATE")
    except sqlite3.Error as exc:
        raise storage_error(exc) from exc
    try:
        yield db
        db.conn.execute("COMMIT")
    except BaseException as exc:
        if db.conn.in_transaction:
            db.conn.execute("ROLLBACK")
        # A constraint failure is a bug to see in full; the rest is the disk, the file or a lock.
        if isinstance(exc, sqlite3.DatabaseError) and not isinstance(exc, sqlite3.IntegrityError):
            raise storage_error(exc) from exc
        raise
