"""`spbe-tui review`: the assessor's app."""

from __future__ import annotations

import os
from pathlib import Path

import typer

from spbe_tui.cli.options import (
    AsOption,
    DbOption,
    LangOption,
    YearOption,
    acting_as,
    open_database,
    require_terminal,
    resolve_db,
)


def keymap_path() -> Path:
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "spbe-tui" / "keymap.toml"


def run_assessor_app(db_path: Path, as_: str | None, instansi: str | None, stage: str | None, lang: str | None,
                     year: int | None = None) -> None:
    """Open the database, check who may see what, then hand over to the Textual app."""
    require_terminal("review")
    from spbe_tui.ui.gc_policy import collections_paused

    with collections_paused():  # until the first frame: start-up's objects all stay (see there)
        _start_assessor_app(db_path, as_, instansi, stage, lang, year)


def _start_assessor_app(db_path: Path, as_: str | None, instansi: str | None, stage: str | None,
                        lang: str | None, year: int | None) -> None:
    from spbe_tui.i18n import Translator, use_language
    from spbe_tui.services.workspace import Workspace

    translator = Translator(use_language(lang))
    with open_database(db_path) as db:
        workspace = Workspace(db, acting_as(db, as_), year=year, db_path=db_path)
        session, indicator = workspace.start(instansi, stage)
        from spbe_tui.ui.assessor_app import AssessorApp, load_keymap

        keymap = load_keymap(keymap_path()) if keymap_path().exists() else None
        AssessorApp(workspace, session, indicator, translator, keymap).run()


def review(
    db: Path = DbOption,
    as_: str = AsOption,
    instansi: str = typer.Option(None, "--instansi", help="Institution id to open (default: where you left off)."),
    stage: str = typer.Option(None, "--stage", help="Stage id, e.g. dokumen, interviu, visitasi."),
    lang: str = LangOption,
    year: int = YearOption,
) -> None:
    """Review institutions' submissions and set your level per indicator, stage by stage."""
    run_assessor_app(resolve_db(db), as_, instansi, stage, lang, year)
