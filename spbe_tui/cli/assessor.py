"""`spbe-tui assessor add|list`: who may assess, and in which roles."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer

from spbe_tui.cli.options import AsOption, DbOption, acting_as, open_database
from spbe_tui.errors import SpbeError
from spbe_tui.i18n import say

if TYPE_CHECKING:
    from spbe_tui.services.ssh_access import PublicKey

app = typer.Typer(help="Register assessors and their roles.", no_args_is_help=True)


@app.command("add")
def add(
    assessor_id: str = typer.Argument(..., help="Login name of the person."),
    name: str = typer.Option(None, "--name", help="Full name."),
    role: list[str] = typer.Option(None, "--role", help="assessor, reviewer or admin (repeatable; default assessor)."),
    key: Path = typer.Option(None, "--key", help="The person's SSH public key (.pub), for access over SSH."),
    db: Path = DbOption,
    as_: str = AsOption,
) -> None:
    """Register an assessor (admins only; the first one added to a new database must be an admin)."""
    from spbe_tui.services.people_admin import add_assessor
    from spbe_tui.services.ssh_access import add_key

    public_key = _read_key(key) if key is not None else None
    with open_database(db, must_exist=False) as database:
        person = acting_as(database, as_)
        add_assessor(database, person, assessor_id, name, list(role or []))
        if public_key is not None:
            add_key(database, person, assessor_id, public_key)
    roles = ", ".join(role or ["assessor"])
    if public_key is None:
        typer.echo(f"{assessor_id}: {roles}")
    else:
        typer.echo(say("cli_assessor_added_key", id=assessor_id, roles=roles, fingerprint=public_key.fingerprint))


@app.command("key")
def add_ssh_key(
    assessor_id: str = typer.Argument(..., help="Login name of the person."),
    key: Path = typer.Argument(..., help="Their SSH public key (.pub)."),
    db: Path = DbOption,
    as_: str = AsOption,
) -> None:
    """Add an SSH public key to a registered person (admins only)."""
    from spbe_tui.services.ssh_access import add_key

    public_key = _read_key(key)
    with open_database(db) as database:
        add_key(database, acting_as(database, as_), assessor_id, public_key)
    typer.echo(say("cli_key_added", id=assessor_id, fingerprint=public_key.fingerprint))


def _read_key(path: Path) -> PublicKey:
    from spbe_tui.os_text import os_reason
    from spbe_tui.services.ssh_access import parse_public_key

    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise SpbeError(say("cli_key_unreadable", path=path, reason=os_reason(exc))) from None
    except UnicodeDecodeError:
        raise SpbeError(say("cli_key_unreadable", path=path, reason=say("cli_not_utf8"))) from None
    return parse_public_key(text, str(path))


@app.command("list")
def list_assessors(db: Path = DbOption) -> None:
    """List registered assessors and their roles."""
    from rich.console import Console
    from rich.table import Table

    from spbe_tui.safe_text import safe
    from spbe_tui.services.people_admin import list_people

    with open_database(db, read_only=True) as database:
        people = list_people(database)
    table = Table(say("cli_col_id"), say("cli_col_name"), say("cli_col_roles"))
    for person in people:
        table.add_row(safe(person.id), safe(person.name), ", ".join(person.roles))
    Console().print(table)
