"""`spbe-tui demo`: what `make demo` runs — the assessor app on the bundled sample data."""

from __future__ import annotations

from pathlib import Path

import typer

from spbe_tui.cli.options import LangOption, acting_as, open_database
from spbe_tui.i18n import say
from spbe_tui.paths import user_data_dir


def demo(
    lang: str = LangOption,
    db: Path = typer.Option(None, "--db", help="Demo database (default: demo.db in your spbe-tui data folder)."),
) -> None:
    """Open the assessor app on the bundled sample data (imported into a demo database on first run)."""
    from rich.console import Console

    from spbe_tui.cli.review import run_assessor_app
    from spbe_tui.services.demo import prepare_demo

    db_path = db or user_data_dir() / "demo.db"
    person = acting_as(None, None)
    with open_database(db_path, must_exist=False) as database:
        prepare_demo(database, db_path, person,
                     on_import=lambda: Console(stderr=True).print(say("cli_demo_importing", path=db_path)))
    run_assessor_app(db_path, None, None, None, lang)
