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

from spbe_tui.cli.options import DbOption, language_option, open_database, resolve_db
from spbe_tui.errors import SpbeError
from spbe_tui.i18n import say

app = typer.Typer(help="Let people in over SSH, each with their own key.", no_args_is_help=True)

# What a person may run over SSH; `audit` only as `audit verify`.
ALLOWED = (
    "review", "panel", "status", "lock", "reveal", "team-level", "reviu", "report", "export", "audit", "passphrase",
    "evidence",
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
    typer.echo(say("cli_ssh_installed", path=target, n=len(lines)))


def check_request(words: list[str]) -> list[str]:
    """The command line a person asked for, if it may run over SSH; Refused otherwise."""
    if not words:
        return ["review"]
    command = words[0]
    allowed = ", ".join(ALLOWED)
    if command not in ALLOWED:
        raise Refused(say("cli_ssh_refused_command", command=command, allowed=allowed))
    if command == "audit" and words[1:2] != ["verify"]:
        raise Refused(say("cli_ssh_audit_only"))
    for position, word in enumerate(words[1:], start=1):
        name, equals, inline = word.partition("=")
        if name in REFUSED_OPTIONS:
            raise Refused(say("cli_ssh_refused_option", option=name))
        if name == "--out":
            value = inline if equals else (words[position + 1] if position + 1 < len(words) else "")
            if value != "-":
                raise Refused(say("cli_ssh_out"))
    return words


def _shlex_reason(text: str) -> str:
    """shlex's words for a command it cannot split, in the user's language where they are known."""
    known = {"No closing quotation": "cli_ssh_no_closing_quote", "No escaped character": "cli_ssh_no_escaped"}
    return say(known[text]) if text in known else text


def ssh_session(
    person: str = typer.Argument(..., help="The person the SSH key belongs to (set by authorized_keys)."),
    db: Path = DbOption,
) -> None:
    """The forced command of an authorized_keys line: run what the person asked, as that person."""
    from spbe_tui.cli import app as cli
    from spbe_tui.cli.options import ssh_session_of
    from spbe_tui.i18n import use_language

    try:
        words = shlex.split(os.environ.get("SSH_ORIGINAL_COMMAND", ""))
    except ValueError as exc:
        raise Refused(say("cli_ssh_unreadable", reason=_shlex_reason(str(exc)))) from None
    # sshd passes on no SPBE_TUI_LANG by default: a person chooses the language with a leading --lang.
    language, words = language_option(words)
    use_language(language)
    words = check_request(words)
    with ssh_session_of(person):
        cli(args=[*(["--lang", language] if language else []), *words, "--db", str(resolve_db(db))],
            prog_name="spbe-tui", standalone_mode=False)


