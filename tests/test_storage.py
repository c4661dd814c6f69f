import os
import sqlite3
import stat

import pytest

from spbe_tui.storage.db import open_db, write
from spbe_tui.storage.events import append_event, verify_chain
from spbe_tui.storage.migrations import migrations

EXPECTED_TABLES = {
    "evaluations", "instansi", "submissions", "revisions", "self_assessments", "evidence_files",
    "evidence_pages", "revision_evidence", "assessors", "assessor_roles", "assignments",
    "decisions", "team_levels", "reviu", "events", "reviewer_state", "recommendations", "stage_locks", "reveals",
}


@pytest.fixture
def db(tmp_path):
    database = open_db(tmp_path / "spbe.db")
    yield database
    database.close()


def test_migrating_an_empty_database_creates_the_schema(db):
    assert EXPECTED_TABLES <= set(db.table_names())
    assert [m.name for m in migrations.applied(db)] == [m.name for m in migrations._migrations]
    for table in EXPECTED_TABLES:
        sql = db.execute("SELECT sql FROM sqlite_master WHERE name = ?", [table]).fetchone()[0]
        assert sql.rstrip().endswith("STRICT"), table
    assert set(db["decisions"].columns_dict) >= {
        "evaluation_id", "instansi_id", "assessor_id", "stage", "indicator", "level", "justification", "decided_at",
    }
    assert db["decisions"].pks == ["evaluation_id", "instansi_id", "assessor_id", "stage", "indicator"]
    assert set(db["self_assessments"].columns_dict) >= {"level", "penjelasan", "fakta", "analisis"}
    assert set(db["evidence_files"].columns_dict) >= {"sha256", "size", "media_type", "page_count"}


def test_connection_pragmas(db):
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert db.execute("PRAGMA busy_timeout").fetchone()[0] >= 5000


def test_reopening_applies_nothing_twice(tmp_path):
    open_db(tmp_path / "a.db").close()
    again = open_db(tmp_path / "a.db")
    assert again.execute("SELECT count(*) FROM _sqlite_migrations").fetchone()[0] == len(migrations._migrations)


def test_strict_tables_and_foreign_keys_are_enforced(db):
    with pytest.raises(sqlite3.IntegrityError):
        db.execute(
            "INSERT INTO evaluations (year, framework_id, name, stages, created_at)"
            " VALUES ('tahun ini', 'f', 'n', '[]', 'now')"
        )
    with pytest.raises(sqlite3.IntegrityError):
        db.execute("INSERT INTO submissions (evaluation_id, instansi_id, created_at) VALUES (99, 'x', 'now')")


def test_the_database_file_is_its_owners_alone(tmp_path):
    old = os.umask(0o022)
    try:
        open_db(tmp_path / "shared.db").close()
    finally:
        os.umask(old)
    mode = stat.S_IMODE(os.stat(tmp_path / "shared.db").st_mode)
    assert mode == 0o600


def test_write_rolls_back_on_error(db):
    with pytest.raises(RuntimeError):
        with write(db):
            db.execute("INSERT INTO instansi (id, name, created_at) VALUES ('a', 'A', 'now')")
            raise RuntimeError("boom")
    assert db.execute("SELECT count(*) FROM instansi").fetchone()[0] == 0


def test_event_log_is_append_only_and_chained(db):
    with write(db):
        append_event(db, actor="ani", kind="level", indicator=3, old=None, new={"level": 2})
        append_event(db, actor="ani", kind="level", indicator=3, old={"level": 2}, new={"level": 3})
    assert verify_chain(db) == (2, None)
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        db.execute("UPDATE events SET actor = 'budi' WHERE id = 1")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        db.execute("DELETE FROM events")


def test_tampering_is_detected(db):
    with write(db):
        for level in (1, 2, 3):
            append_event(db, actor="ani", kind="level", indicator=7, new={"level": level})
    # Someone with the sqlite3 shell drops the trigger and edits history.
    db.execute("DROP TRIGGER events_no_update")
    db.execute("""UPDATE events SET new_value = '{"level": 5}' WHERE id = 2""")
    checked, broken = verify_chain(db)
    assert checked == 1 and broken.event_id == 2 and "edited" in broken.reason


def test_not_a_database(tmp_path):
    from spbe_tui.storage.db import StorageError

    path = tmp_path / "junk.db"
    path.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StorageError, match="not a usable spbe-tui database"):
        open_db(path)
