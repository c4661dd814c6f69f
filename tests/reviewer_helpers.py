"""A small database with two institutions and two assessors, and a way to open the reviewer on it."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from spbe_tui.i18n import Translator
from spbe_tui.importing.importer import ImportOptions, run_import
from spbe_tui.services.identity import os_login
from spbe_tui.services.workspace import Workspace
from spbe_tui.storage.db import open_db, write
from spbe_tui.storage.ledger import record
from tests.databases import open_database
from tests.importing_helpers import write_bundle

SELF_LEVELS = {n: 1 + n % 5 for n in range(1, 48)}


def register(db, person: str, roles: tuple[str, ...] = ()) -> None:
    """As `spbe-tui assessor add` records it, so that `audit verify` finds the log and tables agree."""
    record(db, actor="setup", kind="assessor_added", new={"assessor": person, "name": person, "roles": list(roles)})


def assign_team(db, instansi: str, members: list[str], chair: str | None = None) -> None:
    """As `spbe-tui assign` records it."""
    record(db, actor="setup", kind="team_assigned", evaluation_id=1, instansi_id=instansi,
           new={"members": members, "chair": chair})


def make_review_db(root: Path) -> Path:
    bundles = root / "bundles"
    write_bundle(
        bundles / "kab-uji", "kab-uji", levels=SELF_LEVELS,
        evidence={1: ["bukti/notulen.md"], 2: ["bukti/sk.txt", "bukti/notulen.md"]},
        files={"bukti/notulen.md": b"# Notulen rapat\n\nTim SPBE membahas arsitektur.",
               "bukti/sk.txt": b"SK Bupati Nomor 12"},
    )
    write_bundle(bundles / "kota-dua", "kota-dua", name="Pemerintah Kota Dua")
    db_path = root / "spbe.db"
    db = open_db(db_path)
    assert run_import(bundles, db, db_path, ImportOptions(user="importer")).ok
    with write(db):
        register(db, "ani")
        register(db, "budi")
        register(db, "admin1", ("admin",))
        # Whoever runs the tests is the OS login the CLI acts as: an admin, so `--as` works.
        register(db, os_login(), ("admin",))
        assign_team(db, "kab-uji", ["ani", "budi"], chair="ani")
    db.close()
    return db_path


def open_app(db_path: Path, assessor: str = "ani", language: str = "en", instansi: str | None = None,
             stage: str | None = None):
    from spbe_tui.ui.assessor_app import AssessorApp

    workspace = Workspace(open_database(db_path), assessor, db_path=db_path)
    session, indicator = workspace.start(instansi, stage)
    return AssessorApp(workspace, session, indicator, Translator(language))


def db_rows(db_path: Path, sql: str, params=()) -> list[tuple]:
    """Read through a separate connection: what another process would see."""
    connection = sqlite3.connect(db_path)
    try:
        return connection.execute(sql, params).fetchall()
    finally:
        connection.close()
