"""Options shared by several commands."""

from __future__ import annotations

from pathlib import Path

import typer

from spbe_tui.paths import default_db_path

DbOption = typer.Option(
    None, "--db", help="The SQLite database (default: ~/.local/share/spbe-tui/spbe.db, or $SPBE_TUI_DB).",
    show_default=False,
)


def resolve_db(db: Path | None) -> Path:
    return db if db is not None else default_db_path()


AsOption = typer.Option(None, "--as", help="Who is acting (default: your login name).")


def resolve_actor(as_: str | None) -> str:
    import getpass

    return as_ or getpass.getuser()

YearOption = typer.Option(None, "--year", help="Evaluation year (default: the newest).")
