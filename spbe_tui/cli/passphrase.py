"""`spbe-tui passphrase`: set your own passphrase for taking the keyboard of a shared panel terminal."""

from __future__ import annotations

import getpass
import sys
from pathlib import Path

import typer

from spbe_tui.cli.options import DbOption, acting_as, open_database
from spbe_tui.errors import SpbeError
from spbe_tui.i18n import say


def passphrase(db: Path = DbOption) -> None:
    """Set your own passphrase; the panel asks for it when the keyboard is handed to you.

    There is no --as: nobody, not even an admin, sets someone else's passphrase.
    """
    from spbe_tui.services.passphrases import MIN_LENGTH, set_passphrase

    with open_database(db) as database:
        person = acting_as(database, None)
        if sys.stdin.isatty():
            first = getpass.getpass(say("cli_pass_prompt", who=person, n=MIN_LENGTH))
            if getpass.getpass(say("cli_pass_again")) != first:
                raise SpbeError(say("cli_pass_differ"))
        else:
            # From a script or `ssh … passphrase < file`: the first line, without its line end.
            first = sys.stdin.readline().rstrip("\r\n")
        set_passphrase(database, person, first)
    typer.echo(say("cli_pass_set", who=person))
