"""Edits behind the app's back, made as an adversary with the file would make them (plain sqlite3,
triggers dropped where they are in the way), and what finds each: the replay of the log against
the tables, the chain, or the file's own integrity checks."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from spbe_tui.services.recommendations import recommend
from spbe_tui.storage.db import open_db
from spbe_tui.storage.events import _entry_hash, verify_chain
from spbe_tui.storage.integrity import damage
from spbe_tui.storage.replay import first_difference
from tests.databases import open_database
from tests.panel_helpers import make_panel_db, panel, score

ALL = range(1, 48)
DROP_TRIGGERS = "DROP TRIGGER events_no_update; DROP TRIGGER events_no_delete;"


@pytest.fixture(scope="module")
def worked(tmp_path_factory) -> Path:
    """A database after a panel round: levels, justifications, submitted sets, a reveal, team
    levels, a reviu and a recommendation, all through the services."""
    path = make_panel_db(tmp_path_factory.mktemp("worked"))
    score(path, "ani", {n: 3 for n in ALL})
    score(path, "budi", {n: 2 for n in ALL})
    service = panel(path)
    service.lock("ani", "dokumen")
    service.reveal("ani", "dokumen")
    service.set_team_level("ani", "dokumen", 9, 3, "disepakati", 0)
    service.set_reviu("rina", 9, False, 2, "bukti kurang")
    db = open_database(path)
    from spbe_tui.services.evaluation import load_evaluation

    recommend(db, load_evaluation(db), "kab-uji", 1, "Tetapkan kebijakan.", "ani")
    return path


def copy_of(worked: Path, tmp_path: Path) -> Path:
    """A copy with everything committed, the WAL's part included (SQLite's backup, not a file copy)."""
    target = tmp_path / "copy" / "spbe.db"
    target.parent.mkdir()
    source, copy = sqlite3.connect(worked), sqlite3.connect(target)
    try:
        source.backup(copy)
    finally:
        source.close()
        copy.close()
    return target


def as_adversary(path: Path, script: str) -> None:
    connection = sqlite3.connect(path)
    try:
        connection.executescript(script)
    finally:
        connection.close()


def findings(path: Path) -> tuple[list[str], str | None, str | None]:
    """(damage, chain break, first difference), read without repairing anything."""
    db = open_db(path, read_only=True)
    try:
        found = damage(db)
        if found:
            return found, None, None
        _, broken = verify_chain(db)
        difference = first_difference(db)
        return found, broken.reason if broken else None, str(difference) if difference else None
    finally:
        db.close()


def rehash_from(path: Path, first: int, change: str) -> None:
    """Apply `change` (SQL on events) and recompute every hash from event `first` on, as someone
    who knows the hashing would."""
    connection = sqlite3.connect(path)
    connection.row_factory = sqlite3.Row
    try:
        connection.executescript(DROP_TRIGGERS + change)
        previous = connection.execute("SELECT hash FROM events WHERE id = ?", [first - 1]).fetchone()[0]
        for row in connection.execute("SELECT * FROM events WHERE id >= ? ORDER BY id", [first]).fetchall():
            fields = dict(row)
            fields["prev_hash"] = previous
            previous = _entry_hash(previous, fields)
            connection.execute("UPDATE events SET prev_hash = ?, hash = ? WHERE id = ?", [fields["prev_hash"],
                                                                                        previous, row["id"]])
        connection.commit()
    finally:
        connection.close()


def test_the_untouched_database_agrees_with_its_log(worked, tmp_path):
    assert findings(copy_of(worked, tmp_path)) == ([], None, None)


def test_a_level_updated_without_its_event(worked, tmp_path):
    path = copy_of(worked, tmp_path)
    as_adversary(path, "UPDATE decisions SET level = 5 WHERE assessor_id = 'budi' AND indicator = 9")
    _, chain, difference = findings(path)
    assert chain is None
    assert difference is not None and difference.startswith(
        "decision of budi, dokumen, indicator 9 (kab-uji): table says level 5, log says 2 (event")


def test_a_justification_updated_without_its_event(worked, tmp_path):
    path = copy_of(worked, tmp_path)
    as_adversary(path, "UPDATE team_levels SET justification = 'lain' WHERE indicator = 9")
    assert 'table says justification "lain", log says "disepakati"' in findings(path)[2]


@pytest.mark.parametrize("deleted", ["the last event", "the last 50", "every event"])
def test_events_deleted_with_the_triggers_dropped(worked, tmp_path, deleted):
    path = copy_of(worked, tmp_path)
    where = {"the last event": "id = (SELECT max(id) FROM events)",
             "the last 50": "id > (SELECT max(id) - 50 FROM events)", "every event": "1"}[deleted]
    as_adversary(path, DROP_TRIGGERS + f"DELETE FROM events WHERE {where}")
    _, chain, difference = findings(path)
    assert chain is None  # what is left is a valid chain
    assert difference is not None and "no event of the log accounts for it" in difference


def test_a_forged_event_appended_with_a_correct_hash(worked, tmp_path):
    path = copy_of(worked, tmp_path)
    connection = sqlite3.connect(path)
    connection.row_factory = sqlite3.Row
    last = dict(connection.execute("SELECT * FROM events ORDER BY id DESC LIMIT 1").fetchone())
    forged = {**last, "id": last["id"] + 1, "actor": "ani", "kind": "team_level", "stage": "dokumen",
              "indicator": 12, "evaluation_id": 1, "instansi_id": "kab-uji", "old_value": None,
              "new_value": '{"justification": "dipalsukan", "level": 5}', "justification": "dipalsukan",
              "prev_hash": last["hash"], "via": None}
    forged["hash"] = _entry_hash(last["hash"], forged)
    connection.execute(f"INSERT INTO events ({', '.join(forged)}) VALUES ({', '.join('?' * len(forged))})",
                       list(forged.values()))
    connection.commit()
    connection.close()
    _, chain, difference = findings(path)
    assert chain is None
    assert difference == (f"team level of kab-uji, dokumen, indicator 12: the log records it (event {forged['id']}), "
                          "but the table does not have it (deleted behind the app's back)")


def test_the_chain_rewritten_and_rehashed_from_event_10(worked, tmp_path):
    path = copy_of(worked, tmp_path)
    rehash_from(path, 10, "UPDATE events SET actor = 'citra' WHERE id >= 10 AND actor = 'ani';")
    _, chain, difference = findings(path)
    assert chain is None  # a valid chain again: only the tables, or a head printed earlier, tell
    assert difference is not None


def test_an_event_edited_without_rehashing(worked, tmp_path):
    path = copy_of(worked, tmp_path)
    as_adversary(path, DROP_TRIGGERS + "UPDATE events SET actor = 'budi' WHERE id = 20")
    assert findings(path)[1] == "its content does not match its hash (edited)"


def test_a_middle_event_deleted(worked, tmp_path):
    path = copy_of(worked, tmp_path)
    as_adversary(path, DROP_TRIGGERS + "DELETE FROM events WHERE id = 20")
    assert findings(path)[1] == "entries 20–20 are missing"


def test_a_damaged_page_is_damage(worked, tmp_path):
    path = copy_of(worked, tmp_path)
    page_size = 4096
    with open(path, "r+b") as handle:
        handle.seek(page_size * 5)  # a b-tree page well inside the file: not the header
        handle.write(b"\xff" * 64)
    found, _, _ = findings(path)
    assert found and found[0].startswith("the database file is damaged")


def test_dropped_triggers_are_restored_on_open_and_the_fact_logged(worked, tmp_path):
    path = copy_of(worked, tmp_path)
    as_adversary(path, DROP_TRIGGERS)
    db = open_db(path)
    try:
        names = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")}
        assert {"events_no_update", "events_no_delete"} <= names
        kind, new = db.execute("SELECT kind, new_value FROM events ORDER BY id DESC LIMIT 1").fetchone()
        assert kind == "log_triggers_restored" and "events_no_delete" in new
        with pytest.raises(sqlite3.DatabaseError, match="append-only"):
            db.execute("DELETE FROM events WHERE id = 1")
        assert first_difference(db) is None  # restoring them changed nothing recorded
    finally:
        db.close()


# The tables the log accounts for, and what a person with the file might change in them.
STATE_TABLES = ("evaluations", "instansi", "submissions", "revisions", "self_assessments", "revision_evidence",
                "assessors", "assessor_roles", "assignments", "decisions", "team_levels", "reviu", "stage_locks",
                "reveals", "recommendations", "passphrases")


@settings(max_examples=60, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_any_value_changed_in_any_row_is_caught(worked, tmp_path_factory, data):
    path = copy_of(worked, tmp_path_factory.mktemp("tamper"))
    connection = sqlite3.connect(path)
    table = data.draw(st.sampled_from(STATE_TABLES), label="table")
    columns = [(c[1], c[2]) for c in connection.execute(f"PRAGMA table_info({table})")]
    rowids = [r[0] for r in connection.execute(f"SELECT rowid FROM {table}")]
    rowid = data.draw(st.sampled_from(rowids), label="row")
    column, kind = data.draw(st.sampled_from(columns), label="column")
    value = connection.execute(f"SELECT {column} FROM {table} WHERE rowid = ?", [rowid]).fetchone()[0]
    changed = (value + 1) if isinstance(value, int) else 1 if value is None and kind == "INTEGER" else f"{value}x"
    try:
        connection.execute(f"UPDATE {table} SET {column} = ? WHERE rowid = ?", [changed, rowid])
        connection.commit()
    except sqlite3.IntegrityError:  # a CHECK or UNIQUE constraint stops this edit: nothing changed
        connection.close()
        return
    connection.close()
    found, chain, difference = findings(path)
    assert found or chain or difference, f"{table}.{column} of row {rowid}: {value!r} -> {changed!r} went unnoticed"
