"""`spbe-tui demo`: what `make demo` runs — the reviewer on the bundled sample data."""

from __future__ import annotations

import getpass
from pathlib import Path

import typer

from spbe_tui.paths import sample_dir, user_data_dir


def prepare_demo(db_path: Path, assessor: str) -> None:
    """Import the sample bundles (first run only) and let `assessor` review them."""
    from rich.console import Console

    from spbe_tui.errors import SpbeError
    from spbe_tui.importing.importer import ImportOptions, run_import
    from spbe_tui.storage.db import open_db, write
    from spbe_tui.storage.people import assign, ensure_assessor, grant_role

    db = open_db(db_path)
    try:
        if not db.execute("SELECT count(*) FROM submissions").fetchone()[0]:
            Console(stderr=True).print(f"Importing the sample data into {db_path} …")
            report = run_import(sample_dir(), db, db_path, ImportOptions(user=assessor))
            if not report.ok:
                raise SpbeError("the bundled sample data did not import: " + "; ".join(map(str, report.problems)))
        with write(db):
            ensure_assessor(db, assessor)
            grant_role(db, assessor, "assessor")
            for row in list(db.query("SELECT evaluation_id, instansi_id FROM submissions")):
                assign(db, row["evaluation_id"], row["instansi_id"], assessor, "chair")
    finally:
        db.close()


def demo(
    lang: str = typer.Option(None, "--lang", help="Interface language: id or en."),
    db: Path = typer.Option(None, "--db", help="Demo database (default: demo.db in your spbe-tui data folder)."),
) -> None:
    """Open the reviewer on the bundled sample data (imported into a demo database on first run)."""
    from spbe_tui.cli.review_cmd import run_reviewer

    db_path = db or user_data_dir() / "demo.db"
    assessor = getpass.getuser()
    prepare_demo(db_path, assessor)
    run_reviewer(db_path, assessor, None, None, lang)
