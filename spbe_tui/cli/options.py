"""What every command shares: its options, opening the database, and who is acting.

Commands open the database only through `open_database` or `open_evaluation`, so a mistyped
`--db` is an error rather than a new empty database, and nothing stays open after an error.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from spbe_tui.errors import SpbeError
from spbe_tui.paths import default_db_path

if TYPE_CHECKING:
    from sqlite_utils import Database

    from spbe_tui.services.evaluation import Evaluation

DbOption = typer.Option(
    None, "--db", help="The SQLite database (default: ~/.local/share/spbe-tui/spbe.db, or $SPBE_TUI_DB).",
    show_default=False,
)
YearOption = typer.Option(None, "--year", help="Evaluation year (default: the newest).")
AsOption = typer.Option(None, "--as", help="Who is acting (default: your login name).")
InstansiOption = typer.Option(..., "--instansi", help="Institution id.")
StageOption = typer.Option(None, "--stage", help="Stage id (default: the evaluation's first stage).")
LangOption = typer.Option(None, "--lang", help="Interface language: id or en (default: from the locale).")


def resolve_db(db: Path | None) -> Path:
    return db if db is not None else default_db_path()


def acting_as(as_: str | None) -> str:
    """Who a command acts as: the login name, or the `--as` name on a shared terminal."""
    import getpass

    return as_ or getpass.getuser()


@contextmanager
def open_database(db: Path | None, *, must_exist: bool = True) -> Iterator[Database]:
    """The database at `--db` (or the default), closed when the command is done."""
    from spbe_tui.services.database import database_at

    path = resolve_db(db)
    if must_exist and not path.exists():
        raise SpbeError(f"{path} does not exist; import submissions first (spbe-tui import PATH --db {path})")
    with database_at(path) as database:
        yield database


@contextmanager
def open_evaluation(db: Path | None, year: int | None) -> Iterator[tuple[Database, Evaluation]]:
    """The database and the evaluation of `--year` (or the newest)."""
    from spbe_tui.services.evaluation import load_evaluation

    with open_database(db) as database:
        yield database, load_evaluation(database, year)


def check_target(out: Path, db: Path | None) -> None:
    """A slip in --out must not replace the database with an export."""
    if out.resolve() == resolve_db(db).resolve():
        raise SpbeError(f"{out} is the database; choose another file for --out")
