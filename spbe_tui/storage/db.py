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
from spbe_tui.i18n import say
from spbe_tui.os_text import os_reason

BUSY_TIMEOUT_MS = 15_000
# The service account that owns the database is the only one to read or write it: people reach
# it through `ssh-session`, never through the file (whoever can write the file is an admin).
DB_FILE_MODE = 0o600
DB_DIR_MODE = 0o700


# sqlite's words for a fault the person can understand and perhaps fix, and the message saying it.
_FAULTS = (
    ("database or disk is full", "db_disk_full"),
    ("readonly database", "db_read_only"),
    ("attempt to write a readonly", "db_read_only"),
    ("database is locked", "db_locked"),
    ("disk i/o error", "db_io_error"),
    ("unable to open database", "db_cannot_open"),
    ("malformed", "db_damaged"),
)


def _fault_key(exc: sqlite3.Error) -> str | None:
    """The message for a fault sqlite names in known words; None for any other."""
    text = str(exc).lower()
    return next((key for needle, key in _FAULTS if needle in text), None)


def storage_error(exc: sqlite3.Error) -> StorageError:
    """A sqlite fault as a StorageError that says in words what happened."""
    key = _fault_key(exc)
    return StorageError(say(key) if key else say("db_refused", reason=exc))


def inserted_id(cursor: sqlite3.Cursor) -> int:
    """The rowid of the row an INSERT just added (sqlite3 types `lastrowid` as possibly None)."""
    rowid = cursor.lastrowid
    if rowid is None:
        raise StorageError(say("db_no_row"))
    return rowid


class NeedsUpgrade(StorageError):
    """A read-only open found migrations still to apply; only someone who may write can apply them."""


def _connect(path: Path) -> sqlite3.Connection:
    # isolation_level=None: no implicit BEGIN; every transaction here is explicit and IMMEDIATE.
    return sqlite3.connect(str(path), isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=True)


def _connect_read_only(path: Path) -> sqlite3.Connection:
    """A connection that cannot write, to a WAL database the user may only read.

    A WAL reader needs the -shm file: SQLite opens it when it exists, or creates it when the folder
    lets it. A file the user may only read, in a folder the user may only read, with no -wal or
    -shm beside it has neither, and SQLite refuses even to read ("attempt to write a readonly
    database"). No -wal file means no connection has the database open (the last one to close
    checkpoints and deletes it), so the file alone is the whole database: open it as immutable,
    which reads it without the -shm and without locks. The one risk, its owner starting to write
    while a read command of a few seconds runs, is accepted: nobody else can write there.
    """
    uri = path.absolute().as_uri()

    def connect(query: str) -> sqlite3.Connection:
        return sqlite3.connect(f"{uri}?{query}", uri=True, isolation_level=None,
                               timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=True)

    conn = connect("mode=ro")
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.OperationalError as exc:
        wal = path.with_name(path.name + "-wal")
        if exc.sqlite_errorcode & 0xFF not in (sqlite3.SQLITE_READONLY, sqlite3.SQLITE_CANTOPEN) or wal.exists():
            conn.close()
            raise
        conn.close()
        conn = connect("mode=ro&immutable=1")
    return conn


def _create_file(path: Path) -> None:
    # exist_ok: another process opening the same new database may make the folder first.
    path.parent.mkdir(mode=DB_DIR_MODE, parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, DB_FILE_MODE)
    except FileExistsError:
        return
    os.close(fd)
    # A umask can only take bits away; one that took the owner's would leave a file nobody opens.
    os.chmod(path, DB_FILE_MODE)


def _check_writable(path: Path) -> None:
    """Say at once that a write command cannot write, instead of failing at its first change.

    SQLite opens a file it may not write read-only without a word, and a WAL database also needs
    its folder (for the -wal and -shm files). os.access asks as the real user, who is the one
    running the command.
    """
    if not os.access(path, os.W_OK):
        raise StorageError(say("db_path_read_only", path=path))
    wal_files = [path.with_name(path.name + suffix) for suffix in ("-wal", "-shm")]
    if not os.access(path.parent, os.W_OK | os.X_OK) and not all(os.access(f, os.W_OK) for f in wal_files):
        raise StorageError(say("db_folder_read_only", path=path, folder=path.parent))


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


def _open_fault(path: Path, exc: sqlite3.DatabaseError) -> StorageError:
    """A failed open in words: a full disk or a lock is not a damaged file."""
    key = _fault_key(exc)
    if key in (None, "db_damaged"):
        return StorageError(say("db_not_usable", path=path, reason=exc))
    return StorageError(say("db_path_fault", path=path, fault=say(key)))


def open_db(path: Path | str, *, migrate: bool = True, read_only: bool = False) -> Database:
    """Open (creating if needed) and upgrade the database at `path`.

    WAL, synchronous=FULL, foreign keys and a busy timeout are set on every connection; the
    schema is brought up to date by migrations on every open.

    `read_only` opens an existing database for reading only, as the read commands do, so that a
    database (or folder) the user may only read still serves them: nothing is created, the
    journal mode is left as it is and no migration runs. Pending migrations raise NeedsUpgrade.
    A schema newer than this code is refused either way (see migrations.migrate).
    """
    path = Path(path)
    memory = str(path) == ":memory:"
    try:
        if memory:
            conn = sqlite3.connect(":memory:", isolation_level=None)
        elif read_only:
            conn = _connect_read_only(path)
        else:
            try:
                _create_file(path)
            except OSError as exc:
                raise StorageError(say("db_cannot_create", path=path, reason=os_reason(exc))) from None
            _check_writable(path)
            conn = _connect(path)
    except sqlite3.DatabaseError as exc:
        raise _open_fault(path, exc) from None
    db = Database(conn, strict=True, execute_plugins=False)
    try:
        db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        db.execute("PRAGMA foreign_keys = ON")
        if not memory and not read_only:
            _enable_wal(db)
        db.execute("PRAGMA synchronous = FULL")
        if migrate:
            from spbe_tui.storage.migrations import migrate as run_migrations

            run_migrations(db, read_only=read_only)
            if not read_only:
                _restore_triggers(db)
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise _open_fault(path, exc) from None
    except BaseException:
        conn.close()
        raise
    return db


def _restore_triggers(db: Database) -> None:
    from spbe_tui.storage.decision_counts import COUNT_TRIGGERS, restore_count_triggers
    from spbe_tui.storage.integrity import LOG_TRIGGERS, missing_triggers, restore_log_triggers

    # Checked first, in one read of the schema: the usual open takes no write lock for it.
    missing = missing_triggers(db, [*LOG_TRIGGERS, *COUNT_TRIGGERS])
    if missing:
        with write(db):
            restore_log_triggers(db)
            if any(name in COUNT_TRIGGERS for name in missing):
                restore_count_triggers(db)


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
