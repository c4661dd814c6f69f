"""`spbe-tui assessor add|list`: who may assess, and in which roles."""

from __future__ import annotations

from pathlib import Path

import typer

from spbe_tui.cli.options import AsOption, DbOption, acting_as, open_database

app = typer.Typer(help="Register assessors and their roles.", no_args_is_help=True)


@app.command("add")
def add(
    assessor_id: str = typer.Argument(..., help="Login name of the person."),
    name: str = typer.Option(None, "--name", help="Full name."),
    role: list[str] = typer.Option(None, "--role", help="assessor, reviewer or admin (repeatable; default assessor)."),
    db: Path = DbOption,
    as_: str = AsOption,
) -> None:
    """Register an assessor (admins only; the first one added to a new database must be an admin)."""
    from spbe_tui.services.people_admin import add_assessor

    with open_database(db, must_exist=False) as database:
        add_assessor(database, acting_as(as_), assessor_id, name, list(role or []))
    typer.echo(f"{assessor_id}: {', '.join(role or ['assessor'])}")


@app.command("list")
def list_assessors(db: Path = DbOption) -> None:
    """List registered assessors and their roles."""
    from rich.console import Console
    from rich.table import Table

    from spbe_tui.safe_text import safe
    from spbe_tui.services.people_admin import list_people

    with open_database(db, read_only=True) as database:
        people = list_people(database)
    table = Table("ID", "Name", "Roles")
    for person in people:
        table.add_row(safe(person.id), safe(person.name), ", ".join(person.roles))
    Console().print(table)
