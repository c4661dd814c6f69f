"""The `spbe-tui` command line.

Subcommand modules import their heavy dependencies (Textual, sqlite-utils, document parsers)
inside the command functions, so `--help` and quick commands start fast.
"""

from __future__ import annotations

import os
import sqlite3
import sys
from functools import cache
from importlib import import_module

import typer

from spbe_tui.cli import plain_params
from spbe_tui.cli.options import language_option
from spbe_tui.errors import SpbeError
from spbe_tui.i18n import say

plain_params.install()  # before any command line is parsed: see the module for why

# The commands, each as the module (in spbe_tui.cli) and function that make it; the groups, each
# the module (of its name) whose `app` it is. A command line naming one builds only that one: the
# others' modules are not imported, and Typer does not build their parameters (~25 ms of every
# start together, the reviewer's too).
_GROUPS = ("framework", "sample", "assessor", "audit", "ssh", "evaluation", "evidence")
_COMMANDS = {
    "ssh-session": ("ssh", "ssh_session"),
    "demo": ("demo", "demo"),
    "import": ("import_", "import_"),
    "review": ("review", "review"),
    "export": ("export", "export"),
    "status": ("status", "status"),
    "report": ("report", "report"),
    "recommend": ("recommend", "recommend"),
    "assign": ("assign", "assign"),
    "lock": ("lock", "lock"),
    "reveal": ("lock", "reveal"),
    "team-level": ("team_level", "team_level"),
    "reviu": ("reviu", "reviu"),
    "panel": ("panel", "panel"),
    "passphrase": ("passphrase", "passphrase"),
    "serve": ("serve", "serve"),
}
_HIDDEN = {"ssh-session"}


def _language(lang: str = typer.Option(None, "--lang", help="Language of messages and tables: id or en "
                                        "(default: $SPBE_TUI_LANG, else id).")) -> None:
    from spbe_tui.i18n import use_language

    use_language(lang)


def build(only: str | None = None) -> typer.Typer:
    """The command line: every command, or only the one named `only`."""
    cli = typer.Typer(
        name="spbe-tui",
        help="Review SPBE self-assessments, score indicators and export consolidated results.",
        no_args_is_help=True,
        pretty_exceptions_enable=False,
        add_completion=False,
    )
    cli.callback()(_language)
    for name in _GROUPS:
        if only in (None, name):
            cli.add_typer(import_module(f"spbe_tui.cli.{name}").app, name=name)
    for name, (module, function) in _COMMANDS.items():
        if only in (None, name):
            cli.command(name, hidden=name in _HIDDEN)(getattr(import_module(f"spbe_tui.cli.{module}"), function))
    return cli


def named_command(args: list[str]) -> str | None:
    """The command or group `args` name, after a leading `--lang`; None for anything else (help,
    a word that is no command): then every command is built, for Typer to answer as it does."""
    _, words = language_option(args)
    return words[0] if words and (words[0] in _COMMANDS or words[0] in _GROUPS) else None


@cache
def _every_command() -> typer.Typer:
    return build()


def __getattr__(name: str) -> typer.Typer:
    """`app`: the whole command line (tests, the SSH forced command), built when first asked for."""
    if name == "app":
        return _every_command()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def main() -> None:
    """Entry point: user errors become one clear line and a non-zero exit, never a traceback."""
    try:
        build(named_command(sys.argv[1:]))()
    except SpbeError as exc:
        typer.echo(say("error_line", message=exc), err=True)
        sys.exit(1)
    except KeyboardInterrupt:
        typer.echo(say("interrupted"), err=True)
        sys.exit(130)
    except sqlite3.Error as exc:
        # What the services did not translate is still the disk, the file or a lock, not a bug to
        # show as one; the write transaction it broke was rolled back.
        if os.environ.get("SPBE_TUI_DEBUG"):
            raise
        from spbe_tui.services.database import storage_fault

        typer.echo(say("error_line", message=storage_fault(exc)), err=True)
        sys.exit(1)
    except OSError as exc:
        if os.environ.get("SPBE_TUI_DEBUG"):
            raise
        where = f"{exc.filename}: " if exc.filename is not None else ""
        from spbe_tui.os_text import os_reason

        typer.echo(say("error_line", message=f"{where}{os_reason(exc)}"), err=True)
        sys.exit(1)
    except Exception as exc:  # noqa: BLE001 - the last guard before a user would see a traceback
        if os.environ.get("SPBE_TUI_DEBUG"):
            raise
        typer.echo(say("internal_error", kind=type(exc).__name__, message=exc), err=True)
        sys.exit(2)
