"""What every command shares: its options, opening the database, and who is acting.

Commands open the database only through `open_database` or `open_evaluation`, so a mistyped
`--db` is an error rather than a new empty database, and nothing stays open after an error.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from spbe_tui.errors import SpbeError
from spbe_tui.i18n import say
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
LangOption = typer.Option(None, "--lang", help="Interface language: id or en (default: $SPBE_TUI_LANG, else id).")


def resolve_db(db: Path | None) -> Path:
    return db if db is not None else default_db_path()


# Set by `ssh-session` before it runs the command a person asked for over SSH: then the person
# is the one whose key OpenSSH accepted, whatever the process's own login is.
_ssh_person: str | None = None


@contextmanager
def ssh_session_of(person: str) -> Iterator[None]:
    """Commands run inside act as `person`; after it, as before (a test process runs many)."""
    global _ssh_person
    _ssh_person = person
    try:
        yield
    finally:
        _ssh_person = None


def in_ssh_session() -> bool:
    return _ssh_person is not None


def acting_as(database: Database | None, as_: str | None) -> str:
    """Who a command acts as, proven rather than claimed: over SSH the key's person; locally the
    OS login (never LOGNAME or USER), or with `--as NAME` that person when the login is an
    admin's, every change then recorded as the admin acting for them."""
    from spbe_tui.services.identity import act_as, local_identity, ssh_identity

    identity = ssh_identity(_ssh_person, as_) if _ssh_person else local_identity(database, as_)
    act_as(identity)
    return identity.person


@contextmanager
def open_database(db: Path | None, *, must_exist: bool = True, read_only: bool = False) -> Iterator[Database]:
    """The database at `--db` (or the default), closed when the command is done.

    Commands that only read pass `read_only`, so they also serve a database the user may not write.
    """
    from spbe_tui.services.database import database_at

    path = resolve_db(db)
    if must_exist and not path.exists():
        raise SpbeError(say("cli_db_missing", path=path))
    with database_at(path, read_only=read_only) as database:
        yield database


@contextmanager
def open_evaluation(db: Path | None, year: int | None, *,
                    read_only: bool = False) -> Iterator[tuple[Database, Evaluation]]:
    """The database and the evaluation of `--year` (or the newest)."""
    from spbe_tui.services.evaluation import load_evaluation

    with open_database(db, read_only=read_only) as database:
        yield database, load_evaluation(database, year)


def check_target(out: Path, db: Path | None) -> None:
    """A slip in --out must not replace the database with an export, nor a link or a device.

    Checked before the work, so a refusal comes at once; atomic_write checks the kind again.
    """
    from spbe_tui.writers.atomic import check_target as check_kind

    check_kind(out)
    if out.resolve() == resolve_db(db).resolve():
        raise SpbeError(say("cli_out_is_db", path=out))


def require_terminal(command: str) -> None:
    """Refuse to start a Textual app without a terminal on both ends.

    With stdin or stdout not a terminal (a pipe, /dev/null, `ssh` without -t) the app cannot read
    keys or draw, and Textual's input loop would spin instead of stopping. textual-serve is the
    exception: it talks to the app over pipes through the web driver it names in TEXTUAL_DRIVER;
    then the app is set to end with the server instead.
    """
    if os.environ.get("TEXTUAL_DRIVER"):
        _end_with_parent()
        return
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise SpbeError(say("cli_needs_terminal", command=command))


def _end_with_parent() -> None:
    """Under textual-serve, end this app when the serving process is gone.

    `spbe-tui serve` ends its children when a browser disconnects or it stops, but it can itself
    be killed outright (SIGKILL, an OOM kill) and leave the app running with nobody to talk to.
    The serving process is this one's parent: when the parent changes, it is gone.
    """
    import signal
    import threading
    import time

    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        # SIGTERM lets the web driver stop the app the usual way; if it cannot, leave regardless.
        os.kill(os.getpid(), signal.SIGTERM)
        time.sleep(3)
        os._exit(1)

    threading.Thread(target=watch, name="spbe-parent-watch", daemon=True).start()


def language_option(words: list[str]) -> tuple[str | None, list[str]]:
    """`--lang X` or `--lang=X` before the command, and the words after it."""
    if words[:1] == ["--lang"] and len(words) > 1:
        return words[1], words[2:]
    if words and words[0].startswith("--lang="):
        return words[0].removeprefix("--lang="), words[1:]
    return None, words
