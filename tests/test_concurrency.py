"""Several assessors on one shared database at the same moment: nothing lost, nobody sees "locked".

Each assessor is a separate process (spawned, so nothing is inherited from pytest), as each SSH
login is on the server. They start together at a barrier and write through ReviewSession, the
same code path as the reviewer's keys.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import sqlite3
import stat
import threading
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from itertools import pairwise
from pathlib import Path

import pytest

from spbe_tui.importing.importer import ImportOptions, run_import
from spbe_tui.storage.db import open_db, write
from spbe_tui.storage.events import verify_chain
from spbe_tui.storage.migrations import migrations
from spbe_tui.storage.people import assign, ensure_assessor, grant_role
from tests.importing_helpers import write_bundle
from tests.reviewer_helpers import db_rows, make_review_db

ASSESSORS = [f"asesor{n}" for n in range(1, 9)]
INSTANSI = "kab-uji"
STAGES = ("dokumen", "interviu")
INDICATORS = range(1, 48)
# A process that has not finished by then is stuck, not slow.
JOIN_TIMEOUT_S = 120


def level_for(assessor: str, stage: str, indicator: int) -> int:
    """Differs between neighbouring assessors and between stages, so a write landing in another
    assessor's or stage's row shows."""
    return 1 + (ASSESSORS.index(assessor) + STAGES.index(stage) * 3 + indicator) % 5


def justification_for(assessor: str, stage: str, indicator: int) -> str:
    return f"{assessor} {stage} I{indicator}: dokumen kebijakan ditetapkan dan diterapkan"


def _assessor_process(db_path: str, assessor: str, barrier, results) -> None:
    """One assessor's whole session; reports the exceptions it met rather than dying silently."""
    errors: list[str] = []
    try:
        from spbe_tui.services.workspace import Workspace

        db = open_db(db_path)
        session = Workspace(db, assessor, db_path=Path(db_path)).open(INSTANSI, STAGES[0])
        barrier.wait()
        for stage in STAGES:
            if session.stage.id != stage:
                session.change_stage(stage)
            for indicator in INDICATORS:
                session.set_level(indicator, level_for(assessor, stage, indicator))
                session.set_justification(stage, indicator, justification_for(assessor, stage, indicator),
                                          session.version(indicator))
        db.close()
    except BaseException:  # noqa: BLE001 - the parent asserts on whatever happened here
        errors.append(traceback.format_exc())
    results.put((assessor, errors))


def _opener_process(db_path: str, barrier, results) -> None:
    errors: list[str] = []
    try:
        barrier.wait()
        db = open_db(db_path)
        db.execute("SELECT count(*) FROM decisions").fetchone()
        db.close()
    except BaseException:  # noqa: BLE001
        errors.append(traceback.format_exc())
    results.put(("opener", errors))


def _run_together(target, args_per_process: list[tuple]) -> list[tuple[str, list[str]]]:
    context = multiprocessing.get_context("spawn")
    barrier = context.Barrier(len(args_per_process))
    results = context.Queue()
    processes = [context.Process(target=target, args=(*args, barrier, results)) for args in args_per_process]
    for process in processes:
        process.start()
    try:
        reported = [results.get(timeout=JOIN_TIMEOUT_S) for _ in processes]
    finally:
        for process in processes:
            process.join(timeout=10)
            if process.is_alive():
                process.kill()
    assert [p.exitcode for p in processes] == [0] * len(processes)
    return reported


@pytest.fixture
def shared_db(tmp_path) -> Path:
    db_path = make_review_db(tmp_path)
    db = open_db(db_path)
    with write(db):
        for assessor in ASSESSORS:
            ensure_assessor(db, assessor)
            grant_role(db, assessor, "assessor")
            assign(db, 1, INSTANSI, assessor, "chair" if assessor == ASSESSORS[0] else "member")
    db.close()
    return db_path


def test_eight_assessors_writing_at_once_lose_nothing(shared_db):
    events_before = db_rows(shared_db, "SELECT coalesce(max(id), 0) FROM events")[0][0]

    reported = _run_together(_assessor_process, [(str(shared_db), a) for a in ASSESSORS])

    errors = {assessor: errs for assessor, errs in reported if errs}
    assert not errors, "\n".join(e for errs in errors.values() for e in errs)
    assert sorted(a for a, _ in reported) == sorted(ASSESSORS)

    rows = db_rows(
        shared_db,
        "SELECT assessor_id, stage, indicator, level, justification FROM decisions WHERE instansi_id = ?",
        (INSTANSI,),
    )
    expected = {
        (a, s, n, level_for(a, s, n), justification_for(a, s, n)) for a in ASSESSORS for s in STAGES for n in INDICATORS
    }
    assert set(rows) == expected and len(rows) == len(expected)

    # Per assessor: a level and a justification event per indicator and stage (switching stage
    # writes nothing).
    per_actor = dict(db_rows(shared_db, "SELECT actor, count(*) FROM events WHERE id > ? GROUP BY actor",
                             (events_before,)))
    assert per_actor == {a: 2 * len(STAGES) * len(INDICATORS) for a in ASSESSORS}
    # The last decision event of every (assessor, stage, indicator) holds what the decisions table holds.
    last_events = db_rows(
        shared_db,
        """SELECT actor, stage, indicator, new_value FROM events WHERE id IN (
               SELECT max(id) FROM events WHERE kind = 'decision' AND id > ? GROUP BY actor, stage, indicator)""",
        (events_before,),
    )
    assert {(a, s, n, json.loads(v)["level"], json.loads(v)["justification"]) for a, s, n, v in last_events} == expected
    # They really wrote at the same time: one after another would switch actor in the log only 7 times.
    actors = [row[0] for row in db_rows(shared_db, "SELECT actor FROM events WHERE id > ? ORDER BY id",
                                        (events_before,))]
    assert sum(1 for a, b in pairwise(actors) if a != b) > len(ASSESSORS) - 1

    db = open_db(shared_db)
    try:
        checked, broken = verify_chain(db)
        assert broken is None
        assert checked == db.execute("SELECT count(*) FROM events").fetchone()[0]
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        db.close()


def test_eight_processes_opening_a_new_database_at_once(tmp_path):
    """Eight processes open a database that does not exist yet: each creates it or finds it, switches
    it to WAL or finds it switched, migrates it or finds it migrated, and none fails."""
    for round_number in range(3):
        db_path = tmp_path / f"round{round_number}" / "spbe.db"
        reported = _run_together(_opener_process, [(str(db_path),)] * 8)
        errors = [e for _, errs in reported for e in errs]
        assert not errors, errors[0]
        db = open_db(db_path)
        try:
            applied = [m.name for m in migrations.applied(db)]
            assert applied == [m.name for m in migrations._migrations]  # each exactly once, in order
            assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
            assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        finally:
            db.close()


def test_first_open_waits_for_a_writer_instead_of_failing(tmp_path):
    """A database not yet in WAL mode, with a writer holding the lock for a moment (as a concurrent
    first open does while it migrates): open_db must wait for it, as it does for any other write.

    Switching to WAL needs an exclusive lock, and SQLite answers SQLITE_BUSY at once (without the
    busy handler) while another connection holds the write lock, so the busy timeout alone does
    not cover it; eight processes opening a new database together hit this about one round in ten."""
    db_path = tmp_path / "spbe.db"
    holder = sqlite3.connect(db_path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    outcome: list[BaseException | None] = []

    def open_it() -> None:
        try:
            open_db(db_path).close()
            outcome.append(None)
        except BaseException as exc:  # noqa: BLE001 - reported through `outcome`
            outcome.append(exc)

    opener = threading.Thread(target=open_it)
    opener.start()
    opener.join(timeout=0.5)
    holder.execute("COMMIT")  # the writer finishes within the busy timeout
    holder.close()
    opener.join(timeout=20)
    assert outcome == [None], outcome


@pytest.mark.parametrize("umask", [0o000, 0o007, 0o022, 0o077])
def test_files_are_the_service_accounts_alone(tmp_path, umask):
    """Whatever the umask, even none, the database and its -wal/-shm files are 0600, the
    database's new folder and the evidence store's folders 0700 and stored evidence 0600:
    people reach scores and evidence through the app, never through the files."""
    with _imported(tmp_path / "new", umask) as db_path:
        store = db_path.parent / "spbe-evidence"
        assert _file_modes(db_path.parent) == {"spbe.db": 0o600, "spbe.db-wal": 0o600, "spbe.db-shm": 0o600}
        assert _mode(db_path.parent) == 0o700 & ~umask
        assert {_mode(p) for p in [store, *store.rglob("*")] if p.is_dir()} == {0o700}
        assert {_mode(p) for p in store.rglob("*") if p.is_file()} == {0o600}


@contextmanager
def _imported(root: Path, umask: int) -> Iterator[Path]:
    """Import one bundle with evidence under `umask`; the connection stays open inside the block,
    so the -wal and -shm files exist to be looked at."""
    bundle = write_bundle(root / "in", evidence={1: ["bukti/a.txt"], 2: ["bukti/b.md"]},
                          files={"bukti/a.txt": b"SK", "bukti/b.md": b"# Notulen"})
    db_path = root / "db" / "spbe.db"
    old = os.umask(umask)
    try:
        db = open_db(db_path)
        assert run_import(bundle, db, db_path, ImportOptions(user="t")).ok
    finally:
        os.umask(old)
    try:
        yield db_path
    finally:
        db.close()


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _file_modes(folder: Path) -> dict[str, int]:
    return {p.name: _mode(p) for p in folder.iterdir() if p.is_file()}
