"""`spbe-tui review`: open the reviewer."""

from __future__ import annotations

import getpass
import os
from pathlib import Path

import typer

from spbe_tui.cli.options import DbOption, resolve_db


def keymap_path() -> Path:
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "spbe-tui" / "keymap.toml"


def run_reviewer(db_path: Path, assessor: str, instansi: str | None, stage: str | None, lang: str | None,
                 year: int | None = None) -> None:
    """Open the database, check who may see what, then hand over to the Textual app."""
    from spbe_tui.i18n import Translator, detect_language
    from spbe_tui.services.workspace import Workspace
    from spbe_tui.storage.db import open_db

    translator = Translator(detect_language(lang))
    if not db_path.exists():
        raise typer.BadParameter(f"{db_path} does not exist; import submissions first (spbe-tui import PATH --db {db_path})")
    db = open_db(db_path)
    try:
        workspace = Workspace(db, assessor, year=year, db_path=db_path)
        session, indicator = workspace.start(instansi, stage)
        from spbe_tui.ui.app import ReviewerApp, load_keymap

        keymap = load_keymap(keymap_path()) if keymap_path().exists() else None
        ReviewerApp(workspace, session, indicator, translator, keymap).run()
    finally:
        db.close()


def review(
    db: Path = DbOption,
    as_: str = typer.Option(None, "--as", help="Assessor id (default: your login name)."),
    instansi: str = typer.Option(None, "--instansi", help="Institution id to open (default: where you left off)."),
    stage: str = typer.Option(None, "--stage", help="Stage id, e.g. dokumen, interviu, visitasi."),
    lang: str = typer.Option(None, "--lang", help="Interface language: id or en (default: from the locale)."),
    year: int = typer.Option(None, "--year", help="Evaluation year (default: the newest)."),
) -> None:
    """Review institutions' submissions and set your level per indicator, stage by stage."""
    run_reviewer(resolve_db(db), as_ or getpass.getuser(), instansi, stage, lang, year)
