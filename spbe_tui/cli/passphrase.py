"""`spbe-tui passphrase`: set your own passphrase for taking the keyboard of a shared panel terminal."""

from __future__ import annotations

import getpass
import sys
from pathlib import Path

import typer

from spbe_tui.cli.options import DbOption, acting_as, open_database
from spbe_tui.errors import SpbeError


def passphrase(db: Path = DbOption) -> None:
    """Set your own passphrase; the panel asks for it when the keyboard is handed to you.

    There is no --as: nobody, not even an admin, sets someone else's passphrase.
    """
    from spbe_tui.services.passphrases import MIN_LENGTH, set_passphrase

    with open_database(db) as database:
        person = acting_as(database, None)
        if sys.stdin.isatty():
            first = getpass.getpass(f"New passphrase for {person} (at least {MIN_LENGTH} characters): ")
            if getpass.getpass("The same again: ") != first:
                raise SpbeError("the two passphrases differ; nothing changed")
        else:
            # From a script or `ssh … passphrase < file`: the first line, without its line end.
            first = sys.stdin.readline().rstrip("\r\n")
        set_passphrase(database, person, first)
    typer.echo(f"{person}: passphrase set")
