"""`spbe-tui ssh authorized-keys` and the forced command `spbe-tui ssh-session NAME`.

Over SSH the person is the one whose key OpenSSH accepted; the command they asked for arrives in
SSH_ORIGINAL_COMMAND and is checked against a short allow-list before it runs, in this process,
as that person. There is no shell, no other database and no file path.
"""

from __future__ import annotations

import os
import shlex
import sys
from pathlib import Path

import typer

from spbe_tui.cli.options import DbOption, open_database, resolve_db
from spbe_tui.errors import SpbeError

app = typer.Typer(help="Let people in over SSH, each with their own key.", no_args_is_help=True)

# What a person may run over SSH; `audit` only as `audit verify`.
ALLOWED = (
    "review", "panel", "status", "lock", "reveal", "team-level", "reviu", "report", "export", "audit", "passphrase",
)
REFUSED_OPTIONS = ("--db", "--as")


class Refused(SpbeError):
    """A command that may not run over SSH; the message says what may."""


def _program() -> list[str]:
    return [sys.executable, "-m", "spbe_tui"]


@app.command("authorized-keys")
def authorized_keys(
    db: Path = DbOption,
    write: bool = typer.Option(False, "--write", help="Install into ~/.ssh/authorized_keys (other lines kept)."),
) -> None:
    """Print one authorized_keys line per registered key (or install them with --write)."""
    from spbe_tui.services.ssh_access import authorized_lines, install_authorized_keys

    db_path = resolve_db(db).resolve()
    with open_database(db) as database:
        lines = authorized_lines(database, _program(), db_path)
    if not write:
        for line in lines:
            typer.echo(line)
        return
    target = Path.home() / ".ssh" / "authorized_keys"
    install_authorized_keys(target, lines)
    typer.echo(f"{target}: {len(lines)} key(s) of spbe-tui, other lines kept")


def check_request(words: list[str]) -> list[str]:
    """The command line a person asked for, if it may run over SSH; Refused otherwise."""
    if not words:
        return ["review"]
    command = words[0]
    allowed = ", ".join(ALLOWED)
    if command not in ALLOWED:
        raise Refused(f"{command!r} is not available over SSH (available: {allowed})")
    if command == "audit" and words[1:2] != ["verify"]:
        raise Refused("over SSH only 'audit verify' is available")
    for position, word in enumerate(words[1:], start=1):
        name, equals, inline = word.partition("=")
        if name in REFUSED_OPTIONS:
            raise Refused(f"{name} is not available over SSH: you act as yourself, on the server's database")
        if name == "--out":
            value = inline if equals else (words[position + 1] if position + 1 < len(words) else "")
            if value != "-":
                raise Refused("over SSH, output comes back through the connection: use --out - and redirect it "
                              "on your side (ssh … export --out - > skor.csv)")
    return words


def ssh_session(
    person: str = typer.Argument(..., help="The person the SSH key belongs to (set by authorized_keys)."),
    db: Path = DbOption,
) -> None:
    """The forced command of an authorized_keys line: run what the person asked, as that person."""
    from spbe_tui.cli import app as cli
    from spbe_tui.cli.options import enter_ssh_session

    try:
        words = shlex.split(os.environ.get("SSH_ORIGINAL_COMMAND", ""))
    except ValueError as exc:
        raise Refused(f"the command could not be read ({exc})") from None
    words = check_request(words)
    enter_ssh_session(person)
    cli(args=[*words, "--db", str(resolve_db(db))], prog_name="spbe-tui", standalone_mode=False)
